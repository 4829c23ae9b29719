import type { AppUser, IdentitySourceSession } from '@okta/okta-sdk-nodejs';
import type { OktaPort, OktaSourcedUser, OktaSourceSession } from './port.js';
import { collect, type PortContext } from './port-context.js';
import type { SdkClient } from './sdk-client.js';

/** The SDK's request options (node-fetch's RequestInit, whose types are not installed): see governance.ts. */
type SdkRequestOptions = NonNullable<Parameters<SdkClient['http']['getJson']>[1]>;

type IdentitySourceOperations = Pick<
  OktaPort,
  | 'listSourcedUsers'
  | 'listSourceSessions'
  | 'getSourceSession'
  | 'createSourceSession'
  | 'closeSourceSession'
  | 'upsertSourceUsers'
  | 'deleteSourceUsers'
  | 'startSourceImport'
>;

const sessions = '/api/v1/identity-sources/{id}/sessions';

/** The largest page of app users Okta serves. */
const appUsersPageSize = 500;

/**
 * Anything-as-a-Source through the SDK's identitySourceApi (same executor, limiter and counting as every call). The
 * users a source owns are read set-wise as the app users of the source (an identity source is a Custom Identity
 * Source app instance: its id is the app's id), each with the `externalId` the source keys it by.
 * The POSTs are retried by the executor only after a 429 (decision record 0003): an upsert sent twice is harmless
 * (upsert by externalId), and the apply handler recovers a session a broken run left behind.
 */
export function identitySourceOperations(
  { client, call }: PortContext,
  orgUrl: string,
): IdentitySourceOperations {
  const api = client.identitySourceApi;

  /**
   * A bulk-upsert through the SDK's raw `http` (same auth and executor): the SDK's model serializer keeps only the
   * standard keys of IdentitySourceUserProfileForUpsert and would drop the custom attributes (managerExternalId,
   * managerId) without a word.
   */
  async function postJson(url: string, body: unknown): Promise<void> {
    const options = {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    } as SdkRequestOptions;
    const response = (await client.http.http(url, options)) as { text(): Promise<string> };
    await response.text();
  }

  const sessionUrl = (identitySourceId: string, sessionId: string, suffix: string) =>
    `${orgUrl}/api/v1/identity-sources/${encodeURIComponent(identitySourceId)}/sessions/${encodeURIComponent(sessionId)}${suffix}`;
  return {
    listSourcedUsers: (identitySourceId) =>
      call('GET /api/v1/apps/{id}/users', async () =>
        collect(
          await client.applicationApi.listApplicationUsers({
            appId: identitySourceId,
            limit: appUsersPageSize,
          }),
          toSourcedUser,
        ),
      ).then((users) => users.filter((user): user is OktaSourcedUser => user !== undefined)),

    listSourceSessions: (identitySourceId) =>
      call(`GET ${sessions}`, async () =>
        collect(await api.listIdentitySourceSessions({ identitySourceId }), toSession),
      ),

    getSourceSession: (identitySourceId, sessionId) =>
      call(`GET ${sessions}/{id}`, async () =>
        toSession(await api.getIdentitySourceSession({ identitySourceId, sessionId })),
      ),

    createSourceSession: (identitySourceId) =>
      call(`POST ${sessions}`, async () =>
        toSession(await api.createIdentitySourceSession({ identitySourceId })),
      ),

    closeSourceSession: (identitySourceId, sessionId) =>
      call(`DELETE ${sessions}/{id}`, () => api.deleteIdentitySourceSession({ identitySourceId, sessionId })),

    upsertSourceUsers: (identitySourceId, sessionId, profiles) =>
      call(`POST ${sessions}/{id}/bulk-upsert`, () =>
        postJson(sessionUrl(identitySourceId, sessionId, '/bulk-upsert'), {
          entityType: 'USERS',
          profiles: profiles.map(({ externalId, profile }) => ({ externalId, profile })),
        }),
      ),

    deleteSourceUsers: (identitySourceId, sessionId, externalIds) =>
      call(`POST ${sessions}/{id}/bulk-delete`, () =>
        api.uploadIdentitySourceDataForDelete({
          identitySourceId,
          sessionId,
          BulkDeleteRequestBody: {
            entityType: 'USERS',
            profiles: externalIds.map((externalId) => ({ externalId })),
          },
        }),
      ),

    startSourceImport: (identitySourceId, sessionId) =>
      call(`POST ${sessions}/{id}/start-import`, async () =>
        toSession(await api.startImportFromIdentitySource({ identitySourceId, sessionId })),
      ),
  };
}

function toSession(session: IdentitySourceSession): OktaSourceSession {
  if (session.id === undefined) throw new Error('Okta returned an identity-source session without an id');
  return {
    id: session.id,
    status: String(session.status ?? ''),
    created: toMs(session.created),
    lastUpdated: toMs(session.lastUpdated),
  };
}

function toMs(value: Date | string | undefined): number {
  if (value === undefined) return 0;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}

/** An app user without an externalId is not one the source imported (an assignment made by hand): skipped. */
function toSourcedUser(user: AppUser): OktaSourcedUser | undefined {
  if (user.id === undefined || user.externalId === undefined || user.externalId === '') return undefined;
  const profile = (user.profile ?? {}) as Record<string, unknown>;
  const email = typeof profile.email === 'string' ? profile.email : (user.credentials?.userName ?? '');
  return {
    userId: user.id,
    externalId: user.externalId,
    email: email.toLowerCase(),
    status: String(user.status ?? ''),
  };
}
