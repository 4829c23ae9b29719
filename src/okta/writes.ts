import type { BookmarkApplication } from '@okta/okta-sdk-nodejs';
import type { OktaPort } from './port.js';
import type { PortContext } from './port-context.js';
import { toApp, toGroup } from './records.js';

type WriteOperations = Pick<
  OktaPort,
  | 'createBookmarkApp'
  | 'createGroup'
  | 'updateGroup'
  | 'deleteGroup'
  | 'addMember'
  | 'removeMember'
  | 'assignGroup'
  | 'unassignGroup'
>;

/**
 * Writes, one request each. Every failure, 404 included, surfaces as an OktaRequestError: whether "already gone" counts
 * as done is the apply stage's decision (it knows what it expected), not the port's. Okta answers a repeated member add
 * or remove with 204, an app-group unassign or group delete of something missing with 404 E0000007.
 * The creates are POSTs and are not retried after a 5xx or a broken connection (see the decision record 0003).
 */
export function writeOperations({ client, call }: PortContext): WriteOperations {
  return {
    createBookmarkApp: (label, url) =>
      call('POST /api/v1/apps', async () => {
        const application = {
          name: 'bookmark',
          label,
          signOnMode: 'BOOKMARK',
          settings: { app: { url, requestIntegration: false } },
        } satisfies Partial<BookmarkApplication>;
        return toApp(await client.applicationApi.createApplication({ application, activate: true }));
      }),

    createGroup: (name, description) =>
      call('POST /api/v1/groups', async () =>
        toGroup(await client.groupApi.createGroup({ group: { profile: { name, description } } })),
      ),

    updateGroup: (groupId, name, description) =>
      call('PUT /api/v1/groups/{id}', async () =>
        toGroup(await client.groupApi.replaceGroup({ groupId, group: { profile: { name, description } } })),
      ),

    deleteGroup: (groupId) =>
      call('DELETE /api/v1/groups/{id}', () => client.groupApi.deleteGroup({ groupId })),

    addMember: (groupId, userId) =>
      call('PUT /api/v1/groups/{id}/users/{id}', () =>
        client.groupApi.assignUserToGroup({ groupId, userId }),
      ),

    removeMember: (groupId, userId) =>
      call('DELETE /api/v1/groups/{id}/users/{id}', () =>
        client.groupApi.unassignUserFromGroup({ groupId, userId }),
      ),

    assignGroup: (appId, groupId) =>
      call('PUT /api/v1/apps/{id}/groups/{id}', async () => {
        // No body: the assignment takes the app's defaults (the SDK sends an empty JSON body).
        await client.applicationApi.assignGroupToApplication({ appId, groupId });
      }),

    unassignGroup: (appId, groupId) =>
      call('DELETE /api/v1/apps/{id}/groups/{id}', () =>
        client.applicationApi.unassignApplicationFromGroup({ appId, groupId }),
      ),
  };
}
