import { isNotFound } from './errors.js';
import type { OktaApp, OktaPort, OktaUserRecord } from './port.js';
import { collect, type PortContext } from './port-context.js';
import {
  allUsersFilter,
  chunk,
  distinctIgnoringCase,
  emailFilter,
  emailSearch,
  groupTypeFilter,
  userIdFilter,
} from './queries.js';
import { toApp, toGroup, toUser } from './records.js';

type ReadOperations = Pick<
  OktaPort,
  | 'listApps'
  | 'findAppsByLabel'
  | 'getApp'
  | 'listAppGroupIds'
  | 'listGroups'
  | 'listGroupMembers'
  | 'searchUsersByEmail'
  | 'listAllUsers'
  | 'listUsersByIds'
  | 'getGroup'
  | 'findGroupsByName'
>;

/** Page sizes: the largest Okta serves for each list. */
const appPageSize = 200;
const assignmentPageSize = 200;
const groupPageSize = 10_000;
const memberPageSize = 1000;
const userPageSize = 200;

/** Reads, set-wise: one paged list per kind of object, never one request per row. */
export function readOperations({ client, call }: PortContext): ReadOperations {
  return {
    listApps: (maxPages) =>
      call('GET /api/v1/apps', async () => {
        const apps: OktaApp[] = [];
        const cap = maxPages * appPageSize;
        for await (const app of await client.applicationApi.listApplications({ limit: appPageSize })) {
          if (app === null || app === undefined) continue;
          apps.push(toApp(app));
          // Stop before asking for the page after the cap: the caller falls back to a lookup by label.
          if (apps.length >= cap) return { apps, complete: false };
        }
        return { apps, complete: true };
      }),

    findAppsByLabel: (label) =>
      call('GET /api/v1/apps', async () =>
        collect(await client.applicationApi.listApplications({ q: label, limit: appPageSize }), toApp),
      ),

    async getApp(appId) {
      try {
        return await call('GET /api/v1/apps/{id}', async () =>
          toApp(await client.applicationApi.getApplication({ appId })),
        );
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    listAppGroupIds: (appId) =>
      call('GET /api/v1/apps/{id}/groups', async () =>
        collect(
          await client.applicationApi.listApplicationGroupAssignments({ appId, limit: assignmentPageSize }),
          (assignment) => assignment.id ?? '',
        ),
      ).then((ids) => ids.filter((id) => id !== '')),

    listGroups: ({ type, stats }) =>
      call('GET /api/v1/groups', async () =>
        collect(
          await client.groupApi.listGroups({
            ...(type === undefined ? {} : { filter: groupTypeFilter(type) }),
            ...(stats === true ? { expand: 'stats' } : {}),
            limit: groupPageSize,
          }),
          toGroup,
        ),
      ),

    listGroupMembers: (groupId) =>
      call('GET /api/v1/groups/{id}/users', async () =>
        collect(await client.groupApi.listGroupUsers({ groupId, limit: memberPageSize }), toUser),
      ),

    async searchUsersByEmail(emails, batch = 20) {
      if (!(Number.isInteger(batch) && batch >= 1)) throw new RangeError(`batch must be >= 1, got ${batch}`);
      const batches = chunk(distinctIgnoringCase(emails), batch);
      // In parallel: the executor bounds the requests in flight and keeps to the rate limits.
      const pages = await Promise.all(
        batches.map((group) =>
          call('GET /api/v1/users', async () =>
            collect(
              await client.userApi.listUsers({ search: emailSearch(group), limit: userPageSize }),
              toUser,
            ),
          ),
        ),
      );
      const found = distinctById(pages.flat());
      // `search` reads an eventually consistent index: a user created moments ago is not in it yet. Look up the
      // emails it did not find with `filter`, which is consistent (but compares values with case, so as written).
      const seen = new Set(found.map((user) => user.email.toLowerCase()));
      const unseen = distinctIgnoringCase(emails).filter((email) => !seen.has(email.toLowerCase()));
      if (unseen.length === 0) return found;
      const late = await Promise.all(
        chunk(unseen, batch).map((group) =>
          call('GET /api/v1/users', async () =>
            collect(
              await client.userApi.listUsers({ filter: emailFilter(group), limit: userPageSize }),
              toUser,
            ),
          ),
        ),
      );
      return distinctById([...found, ...late.flat()]);
    },

    listAllUsers: () =>
      call('GET /api/v1/users', async () =>
        collect(await client.userApi.listUsers({ filter: allUsersFilter(), limit: userPageSize }), toUser),
      ),

    async listUsersByIds(ids, batch = 20) {
      if (!(Number.isInteger(batch) && batch >= 1)) throw new RangeError(`batch must be >= 1, got ${batch}`);
      const pages = await Promise.all(
        chunk([...new Set(ids)], batch).map((group) =>
          call('GET /api/v1/users', async () =>
            collect(
              await client.userApi.listUsers({ filter: userIdFilter(group), limit: userPageSize }),
              toUser,
            ),
          ),
        ),
      );
      return distinctById(pages.flat());
    },

    async getGroup(groupId) {
      try {
        return await call('GET /api/v1/groups/{id}', async () =>
          toGroup(await client.groupApi.getGroup({ groupId })),
        );
      } catch (error) {
        // The one read where "not there" is an answer, not a failure.
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    findGroupsByName: (name) =>
      call('GET /api/v1/groups', async () =>
        // q is one page only (no paging in Okta); 300 prefix matches are plenty to find one exact name.
        collect(await client.groupApi.listGroups({ q: name, limit: 300 }), toGroup),
      ),
  };
}

function distinctById(users: readonly OktaUserRecord[]): OktaUserRecord[] {
  const byId = new Map<string, OktaUserRecord>();
  for (const user of users) if (!byId.has(user.id)) byId.set(user.id, user);
  return [...byId.values()];
}
