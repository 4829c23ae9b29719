import type { OktaAuth } from './options.js';
import type { OktaPort, ProbeTarget, TokenCheck } from './port.js';
import type { PortContext } from './port-context.js';
import { collect } from './port-context.js';
import { requestToken } from './token-gate.js';

type ProbeOperations = Pick<OktaPort, 'checkToken' | 'probe'>;

/** An id no identity source has: a probe without a configured source still tells 403 (no scope) from 404 (allowed). */
const placeholderSourceId = '0oa00000000000000000';

/**
 * Harmless reads for `doctor`: one page of one item from an endpoint per scope, and (for a service app) the token
 * request alone, whose error names what is wrong with the client id, key or scopes.
 */
export function probeOperations(
  { client, call, callUngated }: PortContext,
  orgUrl: string,
  auth: OktaAuth,
): ProbeOperations {
  return {
    async checkToken(): Promise<TokenCheck> {
      if ('token' in auth) return { ok: true };
      return callUngated('POST /oauth2/v1/token', () => requestToken(client));
    },

    async probe(target: ProbeTarget): Promise<void> {
      switch (target.kind) {
        case 'apps':
          await call('GET /api/v1/apps', async () =>
            firstOf(await client.applicationApi.listApplications({ limit: 1 })),
          );
          return;
        case 'groups':
          await call('GET /api/v1/groups', async () =>
            firstOf(await client.groupApi.listGroups({ limit: 1 })),
          );
          return;
        case 'users':
          await call('GET /api/v1/users', async () => firstOf(await client.userApi.listUsers({ limit: 1 })));
          return;
        case 'campaigns':
          await call('GET /governance/api/v1/campaigns', async () => {
            const response = (await client.http.http(`${orgUrl}/governance/api/v1/campaigns?limit=1`, {
              method: 'GET',
              headers: { Accept: 'application/json' },
            } as Parameters<typeof client.http.http>[1])) as { text(): Promise<string> };
            await response.text();
          });
          return;
        case 'identitySources':
          await call('GET /api/v1/identity-sources/{id}/sessions', async () =>
            collect(
              await client.identitySourceApi.listIdentitySourceSessions({
                identitySourceId: target.identitySourceId ?? placeholderSourceId,
              }),
              (session) => session,
            ),
          );
          return;
        default: {
          const never: never = target;
          throw new Error(`unknown probe ${JSON.stringify(never)}`);
        }
      }
    },
  };
}

/** Reads the first page only (the SDK fetches a page when the first item is asked for). */
async function firstOf<T>(collection: { next(): Promise<IteratorResult<T | null>> }): Promise<void> {
  await collection.next();
}
