import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { OktaConfigError } from './errors.js';
import { isLoopbackHost } from './org-url.js';
import type { WaitEvent } from './rate-limiter.js';
import { defaultRetryTiming, type RetryTiming } from './retry-policy.js';

/** An SSWS API token. */
export interface OktaTokenAuth {
  readonly token: string;
}

/** An OAuth 2.0 service app: client credentials with a `private_key_jwt` assertion. */
export interface OktaPrivateKeyAuth {
  readonly clientId: string;
  /** A PEM private key, or a JWK as a JSON string (RSA or EC). */
  readonly privateKey: string;
  readonly keyId?: string;
  /** Least privilege: the scopes the command needs, e.g. `okta.groups.read`. */
  readonly scopes: readonly string[];
}

export type OktaAuth = OktaTokenAuth | OktaPrivateKeyAuth;

export interface OktaPortOptions {
  /** `https://example.okta.com`; trailing slashes are removed. */
  readonly orgUrl: string;
  readonly auth: OktaAuth;
  /** Share of each rate-limit bucket this tool may use, in (0, 1]. Default 0.8. */
  readonly maxCapacity?: number;
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number;
  /** Attempts per request, the first included. Default 6. */
  readonly maxAttempts?: number;
  /** Told before every wait (capacity, 429, backoff), for progress output. */
  readonly onWait?: (event: WaitEvent) => void;
  /** node-fetch's response timeout. Default 60 s. */
  readonly requestTimeoutMs?: number;
  /** Backoff timings (tests shorten them). */
  readonly retryTiming?: Partial<RetryTiming>;
  /** The command this port serves (`plan`, `apply`, …): errors about scopes name it. */
  readonly command?: string;
}

export interface ResolvedOptions {
  readonly orgUrl: string;
  readonly auth: OktaAuth;
  readonly maxCapacity: number;
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly requestTimeoutMs: number;
  readonly retryTiming: RetryTiming;
}

export const defaultPortOptions = {
  maxCapacity: 0.8,
  concurrency: 4,
  maxAttempts: 6,
  requestTimeoutMs: 60_000,
} as const;

/** Checks and completes the options; errors name the problem, never a value that might be a secret. */
export function resolveOptions(options: OktaPortOptions): ResolvedOptions {
  const maxCapacity = options.maxCapacity ?? defaultPortOptions.maxCapacity;
  if (!(maxCapacity > 0 && maxCapacity <= 1)) {
    throw new OktaConfigError(`maxCapacity must be in (0, 1], got ${maxCapacity}`);
  }
  const concurrency = positiveInteger('concurrency', options.concurrency ?? defaultPortOptions.concurrency);
  const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? defaultPortOptions.maxAttempts);
  const requestTimeoutMs = options.requestTimeoutMs ?? defaultPortOptions.requestTimeoutMs;
  if (!(Number.isInteger(requestTimeoutMs) && requestTimeoutMs >= 0)) {
    throw new OktaConfigError(`requestTimeoutMs must be a whole number of ms >= 0, got ${requestTimeoutMs}`);
  }
  checkAuth(options.auth);
  return {
    orgUrl: normalizeOrgUrl(options.orgUrl),
    auth: options.auth,
    maxCapacity,
    concurrency,
    maxAttempts,
    requestTimeoutMs,
    retryTiming: { ...defaultRetryTiming, ...options.retryTiming },
  };
}

/** `https://example.okta.com/` → `https://example.okta.com`; https (http for loopback) only, no credentials, query or fragment. */
export function normalizeOrgUrl(raw: string): string {
  const hint = 'use the org URL as Okta shows it, such as https://example.okta.com';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OktaConfigError('the Okta org URL is not a URL', hint);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OktaConfigError(
      `the Okta org URL must be http(s), not ${url.protocol.replace(/:$/, '')}`,
      hint,
    );
  }
  // Not echoed: a user:password@ part is a credential.
  if (url.username !== '' || url.password !== '') {
    throw new OktaConfigError('the Okta org URL must not carry a user name or password', hint);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new OktaConfigError('the Okta org URL must not carry a query or fragment', hint);
  }
  // Credentials travel to this URL (the OAuth token request too): never in clear text beyond this machine.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new OktaConfigError(
      'the Okta org URL must be https (plain http only for a loopback host such as 127.0.0.1)',
      hint,
    );
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new OktaConfigError(`${name} must be a whole number >= 1, got ${value}`);
  }
  return value;
}

function checkAuth(auth: OktaAuth): void {
  if ('token' in auth) {
    if (typeof auth.token !== 'string' || auth.token.trim() === '') {
      throw new OktaConfigError('the Okta API token is empty', 'set OKTA_API_TOKEN');
    }
    return;
  }
  if (typeof auth.clientId !== 'string' || auth.clientId.trim() === '') {
    throw new OktaConfigError('the Okta service app’s client id is empty', 'set OKTA_CLIENT_ID');
  }
  if (auth.scopes.length === 0 || auth.scopes.some((scope) => !/^[\w.:-]+$/.test(scope))) {
    throw new OktaConfigError('the service app needs at least one OAuth scope, such as okta.groups.read');
  }
  const keyType = privateKeyType(auth.privateKey);
  if (keyType === undefined) {
    throw new OktaConfigError(
      'the Okta private key is neither a PEM private key nor a private JWK',
      'set OKTA_PRIVATE_KEY to the PEM text or the JWK JSON of the service app’s RSA key',
    );
  }
  if (keyType !== 'rsa') {
    // The SDK signs every token request's DPoP proof with the service app's key as RS256, whatever its type:
    // any other key fails inside the SDK after the org was contacted. Refused here, before any request.
    throw new OktaConfigError(
      `the Okta private key is an ${keyType.toUpperCase()} key; the Okta SDK signs with RS256, so the service app needs an RSA key`,
      'add an RSA key (2048 bits or more) to the service app in Okta and set OKTA_PRIVATE_KEY (and OKTA_KEY_ID) to it',
    );
  }
}

/** The key's type (rsa, ec, ed25519 …), or undefined when the text is not a private key. */
function privateKeyType(text: string): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  try {
    const jwk = parseJwk(text);
    const key = jwk === undefined ? createPrivateKey(text) : createPrivateKey({ key: jwk, format: 'jwk' });
    return key.asymmetricKeyType;
  } catch {
    return undefined;
  }
}

function parseJwk(text: string): JsonWebKey | undefined {
  if (!text.trim().startsWith('{')) return undefined;
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null ? (parsed as JsonWebKey) : undefined;
}

/** The strings that must never appear in an error: the token, or the private key and its parts. */
export function secretsOf(auth: OktaAuth): string[] {
  if ('token' in auth) return [auth.token];
  const secrets = [auth.privateKey];
  // PEM body lines, so that a fragment quoted by a parser is caught too.
  for (const line of auth.privateKey.split(/\r?\n/)) {
    if (line.length >= 16 && !line.startsWith('-----')) secrets.push(line.trim());
  }
  try {
    const jwk = parseJwk(auth.privateKey);
    for (const field of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
      const value = jwk?.[field];
      if (typeof value === 'string') secrets.push(value);
    }
  } catch {
    // Not JSON: a PEM key, handled above.
  }
  return secrets;
}
