import { type AuthState, issueToken } from '../auth.js';
import type { Route } from '../types.js';

/** The org authorization server's token endpoint, for service apps using the private-key flow. */
export function oauthRoutes(auth: AuthState): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/oauth2/v1/token',
      open: true,
      handler: (request, _params, { clock }) => {
        const result = issueToken(request, auth, clock);
        return {
          status: result.ok ? 200 : result.status,
          body: result.body,
          headers: { 'cache-control': 'no-store' },
        };
      },
    },
  ];
}
