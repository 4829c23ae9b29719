import { createPublicKey, type KeyObject, randomBytes, verify } from 'node:crypto';
import type { Clock } from './clock.js';
import { forbidden, invalidToken } from './errors.js';
import type { EmulatorRequest, Route } from './types.js';

/** A service app that may use the private-key (client credentials) flow. */
export interface OAuthClient {
  readonly clientId: string;
  /** The public half of the app's key: PEM text or a JWK object. */
  readonly publicKey: string | Record<string, unknown>;
  /** Scopes granted to the app; a token request may ask for a subset. */
  readonly scopes: readonly string[];
  /**
   * What the admin roles assigned to the service app allow, as scopes (a `manage` covers its `read`); absent = a
   * super admin's reach. A granted scope the roles do not cover answers 403 E0000006, as Okta does.
   */
  readonly access?: readonly string[];
}

/**
 * An SSWS token of an admin whose roles allow only part of the API: `access` lists what they may do, in scope names
 * (`okta.groups.read`, …; a `manage` includes its `read`). Okta answers other calls 403 E0000006.
 */
export interface RestrictedToken {
  readonly token: string;
  readonly access: readonly string[];
}

export interface AuthState {
  readonly apiTokens: Set<string>;
  /** Restricted SSWS tokens, by token. */
  readonly restrictedTokens: Map<string, ReadonlySet<string>>;
  readonly clients: Map<
    string,
    { key: KeyObject; scopes: ReadonlySet<string>; access: ReadonlySet<string> | undefined }
  >;
  readonly accessTokens: Map<string, { clientId: string; scopes: ReadonlySet<string>; expires: number }>;
}

export function createAuth(
  apiTokens: readonly string[],
  clients: readonly OAuthClient[],
  restricted: readonly RestrictedToken[] = [],
): AuthState {
  const auth: AuthState = {
    apiTokens: new Set(apiTokens),
    restrictedTokens: new Map(),
    clients: new Map(),
    accessTokens: new Map(),
  };
  for (const client of clients) registerClient(auth, client);
  for (const token of restricted) registerRestrictedToken(auth, token);
  return auth;
}

export function registerRestrictedToken(auth: AuthState, token: RestrictedToken): void {
  auth.restrictedTokens.set(token.token, new Set(token.access));
}

function allows(granted: ReadonlySet<string>, scope: string): boolean {
  return granted.has(scope) || granted.has(scope.replace(/\.read$/, '.manage'));
}

export function registerClient(auth: AuthState, client: OAuthClient): void {
  const key =
    typeof client.publicKey === 'string'
      ? createPublicKey(client.publicKey)
      : createPublicKey({ key: client.publicKey as import('node:crypto').JsonWebKey, format: 'jwk' });
  auth.clients.set(client.clientId, {
    key,
    scopes: new Set(client.scopes),
    access: client.access === undefined ? undefined : new Set(client.access),
  });
}

/**
 * SSWS API tokens may call everything (as a super admin's token may); Bearer tokens need the route's scope, and a
 * `manage` scope includes its `read`.
 */
export function authenticate(request: EmulatorRequest, route: Route, auth: AuthState, clock: Clock): void {
  const header = request.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) throw invalidToken();
  const [scheme = '', credential = ''] = value.split(/\s+/, 2);
  if (scheme.toLowerCase() === 'ssws') {
    const restricted = auth.restrictedTokens.get(credential);
    if (restricted !== undefined) {
      if (route.scope !== undefined && !allows(restricted, route.scope)) throw forbidden();
      return;
    }
    if (!auth.apiTokens.has(credential)) throw invalidToken();
    return;
  }
  if (scheme.toLowerCase() === 'bearer' || scheme.toLowerCase() === 'dpop') {
    const token = auth.accessTokens.get(credential);
    if (token === undefined || token.expires <= clock.now()) throw invalidToken();
    if (route.scope === undefined) return;
    if (!allows(token.scopes, route.scope)) throw forbidden(route.scope);
    const access = auth.clients.get(token.clientId)?.access;
    if (access !== undefined && !allows(access, route.scope)) throw forbidden();
    return;
  }
  throw invalidToken();
}

export type TokenResult =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly status: number;
      readonly body: { error: string; error_description: string };
    };

/** `POST /oauth2/v1/token` with `grant_type=client_credentials` and a `private_key_jwt` client assertion. */
export function issueToken(request: EmulatorRequest, auth: AuthState, clock: Clock): TokenResult {
  const form = new URLSearchParams(request.rawBody);
  const fail = (status: number, error: string, description: string): TokenResult => ({
    ok: false,
    status,
    body: { error, error_description: description },
  });
  if (form.get('grant_type') !== 'client_credentials') {
    return fail(
      400,
      'unsupported_grant_type',
      'The authorization grant type is not supported by the authorization server.',
    );
  }
  if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
    return fail(401, 'invalid_client', 'The client_assertion_type is missing or not supported.');
  }
  const assertion = form.get('client_assertion') ?? '';
  const [encodedHeader = '', encodedPayload = '', signature = ''] = assertion.split('.');
  let header: { alg?: string };
  let payload: { iss?: string; sub?: string; aud?: string; exp?: number };
  try {
    header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as typeof header;
    payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')) as typeof payload;
  } catch {
    return fail(401, 'invalid_client', 'The client_assertion is not a well-formed JWT.');
  }
  const clientId = payload.sub ?? '';
  const client = auth.clients.get(clientId);
  if (client === undefined || payload.iss !== clientId) {
    return fail(401, 'invalid_client', 'The client_assertion token is not valid for any registered client.');
  }
  const algorithm = header.alg === 'RS256' ? 'sha256' : header.alg === 'ES256' ? 'sha256' : undefined;
  const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`);
  const valid =
    algorithm !== undefined &&
    verify(
      algorithm,
      signed,
      header.alg === 'ES256' ? { key: client.key, dsaEncoding: 'ieee-p1363' } : client.key,
      Buffer.from(signature, 'base64url'),
    );
  if (!valid) return fail(401, 'invalid_client', 'The client_assertion signature is invalid.');
  if (payload.aud !== `${request.baseUrl}/oauth2/v1/token`) {
    return fail(401, 'invalid_client', 'The audience of the client_assertion is not the token endpoint.');
  }
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= clock.now()) {
    return fail(401, 'invalid_client', 'The client_assertion token is expired.');
  }
  const requested = (form.get('scope') ?? '').split(/\s+/).filter((scope) => scope !== '');
  const denied = requested.filter((scope) => !client.scopes.has(scope));
  if (denied.length > 0) {
    return fail(400, 'invalid_scope', `The following scopes are not allowed: ${denied.join(' ')}`);
  }
  const scopes = requested.length > 0 ? requested : [...client.scopes];
  const accessToken = accessTokenFor(request.baseUrl, clientId, scopes, clock.now());
  auth.accessTokens.set(accessToken, { clientId, scopes: new Set(scopes), expires: clock.now() + 3600_000 });
  return {
    ok: true,
    body: { token_type: 'Bearer', expires_in: 3600, access_token: accessToken, scope: scopes.join(' ') },
  };
}

/**
 * A JWT-shaped access token, as Okta's org authorization server issues (header, claims, signature, base64url). The
 * emulator only looks tokens up, it never verifies one, so the signature is random bytes; the shape lets tools and
 * tests recognise a token wherever it would leak.
 */
function accessTokenFor(issuer: string, clientId: string, scopes: readonly string[], now: number): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const seconds = Math.floor(now / 1000);
  const header = part({ kid: 'okta-emulator', alg: 'RS256' });
  const claims = part({
    ver: 1,
    jti: `AT.${randomBytes(12).toString('base64url')}`,
    iss: issuer,
    aud: issuer,
    iat: seconds,
    exp: seconds + 3600,
    cid: clientId,
    scp: scopes,
    sub: clientId,
  });
  return `${header}.${claims}.${randomBytes(32).toString('base64url')}`;
}
