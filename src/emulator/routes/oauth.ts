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
    {
      // Public in every Okta org: what `doctor` asks to tell an Okta org from any other server.
      method: 'GET',
      pattern: '/.well-known/okta-organization',
      open: true,
      handler: (request, _params, { store }) => ({
        status: 200,
        body: {
          id: store.state.orgId,
          pipeline: 'idx',
          _links: { organization: { href: request.baseUrl } },
        },
      }),
    },
  ];
}
