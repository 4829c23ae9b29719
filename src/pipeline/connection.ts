import type { Config } from '../model/config.js';
import { UserError } from '../model/errors.js';
import { scopesFor } from '../okta/scopes.js';
import { resolveOrgUrl } from './org-url.js';

export type OktaAuth =
  | { readonly kind: 'token'; readonly token: string }
  | {
      readonly kind: 'privateKey';
      readonly clientId: string;
      readonly privateKey: string;
      readonly keyId?: string;
      readonly scopes: readonly string[];
    };

export interface Connection {
  readonly orgUrl: string;
  readonly auth: OktaAuth;
}

/**
 * The org and credentials: the org URL from OKTA_ORG_URL or okta-access.yaml, the two agreeing when both are given
 * (src/pipeline/org-url.ts); an SSWS token from OKTA_API_TOKEN, or
 * an OAuth service app from OKTA_CLIENT_ID + OKTA_PRIVATE_KEY (+ OKTA_KEY_ID, OKTA_SCOPES). Never from the config
 * file itself, so no secret is committed.
 */
export function resolveConnection(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
  scopes: readonly string[] = scopesFor('plan', { campaigns: false, users: false }),
): Connection {
  const orgUrl = resolveOrgUrl(config, env);
  const token = env.OKTA_API_TOKEN;
  if (token !== undefined && token !== '') return { orgUrl, auth: { kind: 'token', token } };
  const clientId = env.OKTA_CLIENT_ID;
  const privateKey = env.OKTA_PRIVATE_KEY;
  if (clientId !== undefined && clientId !== '' && privateKey !== undefined && privateKey !== '') {
    const requested = env.OKTA_SCOPES?.split(/[\s,]+/).filter((scope) => scope !== '');
    return {
      orgUrl,
      auth: {
        kind: 'privateKey',
        clientId,
        privateKey,
        scopes: requested !== undefined && requested.length > 0 ? requested : scopes,
        ...(env.OKTA_KEY_ID === undefined || env.OKTA_KEY_ID === '' ? {} : { keyId: env.OKTA_KEY_ID }),
      },
    };
  }
  throw new UserError('CREDENTIALS_MISSING', 'no Okta credentials', {
    hint: 'set OKTA_API_TOKEN, or OKTA_CLIENT_ID and OKTA_PRIVATE_KEY for an OAuth service app',
  });
}
