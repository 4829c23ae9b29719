import { UserError } from '../model/errors.js';
import type { OktaPrivateKeyAuth } from './options.js';
import type { TokenCheck } from './port.js';
import { specOf } from './scopes.js';
import type { SdkClient } from './sdk-client.js';

/**
 * Asks the token endpoint for the client's token now. The SDK keeps a failed answer (`{error, error_description}`) as
 * if it were a token and would send `Authorization: Bearer undefined`, which Okta answers 401 "Invalid token
 * provided" — blaming the token for a scope. So a failed answer is dropped here and returned as what it is.
 */
export async function requestToken(client: SdkClient): Promise<TokenCheck> {
  const answer = (await client.oauth.getAccessToken()) as unknown;
  const fields = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  if (typeof fields.access_token === 'string' && fields.access_token !== '') {
    return { ok: true, ...(typeof fields.scope === 'string' ? { scopes: fields.scope.split(' ') } : {}) };
  }
  client.oauth.clearCachedAccessToken();
  return {
    ok: false,
    error: typeof fields.error === 'string' ? fields.error : 'no_token',
    description:
      typeof fields.error_description === 'string'
        ? fields.error_description
        : 'the token endpoint sent no token',
  };
}

export interface TokenGateSettings {
  readonly auth: OktaPrivateKeyAuth;
  /** The command the port serves (`plan`, `apply`, …), named in errors. */
  readonly command?: string;
  /** Asks the token endpoint for a token with exactly these scopes (a client of its own, so nothing is cached). */
  readonly tokenFor: (scopes: readonly string[]) => Promise<TokenCheck>;
}

/**
 * Before the first API call of a service app: get the token, and when the token endpoint refuses it, stop with an
 * error that says why. For `invalid_scope` each scope asked for is requested alone, so the error names exactly the
 * scopes not granted (Okta's own description of the refusal does not reliably name them) and the command that needs
 * them. Runs once; every later call waits for the same answer.
 */
export function createTokenGate(client: SdkClient, settings: TokenGateSettings): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () => {
    ready ??= open(client, settings);
    return ready;
  };
}

async function open(client: SdkClient, { auth, command, tokenFor }: TokenGateSettings): Promise<void> {
  const answer = await requestToken(client);
  if (answer.ok) return;
  const who = command === undefined ? 'okta-access' : `okta-access ${command}`;
  if (answer.error !== 'invalid_scope') {
    throw new UserError(
      'OKTA_TOKEN_REFUSED',
      `the token endpoint refused the service app ${auth.clientId}: ${answer.error}: ${answer.description}`,
      {
        hint: 'check OKTA_CLIENT_ID, the public key registered for the service app, OKTA_KEY_ID and OKTA_PRIVATE_KEY; `okta-access doctor` checks them',
      },
    );
  }
  const refused: string[] = [];
  for (const scope of auth.scopes) {
    const alone = await tokenFor([scope]);
    if (!alone.ok && alone.error === 'invalid_scope') refused.push(scope);
  }
  // Each alone was granted (Okta refused only the combination): name every scope asked for.
  const named = refused.length > 0 ? refused : [...auth.scopes];
  const purposes = named.map((scope) => {
    const spec = specOf(scope);
    return spec === undefined ? scope : `${scope} (${spec.usedFor})`;
  });
  throw new UserError(
    'OKTA_SCOPE_NOT_GRANTED',
    `${who} needs ${purposes.join(', ')}, but the service app ${auth.clientId} is not granted ${named.length === 1 ? 'it' : 'them'}: the token endpoint answered invalid_scope`,
    {
      hint:
        `grant ${named.join(' ')} to the service app (Admin Console → Applications → Applications → the service app → Okta API Scopes → Grant)` +
        `${command === undefined ? '' : `; \`okta-access doctor --for ${command}\` checks every scope ${command} needs`}` +
        '; OKTA_SCOPES, when set, replaces the scopes asked for',
    },
  );
}
