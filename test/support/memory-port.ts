import type { OktaApp, OktaGroup, OktaPort, OktaUserRecord, RequestStats } from '../../src/okta/port.js';

/**
 * An org held in memory behind the read half of the Okta port, with Okta's matching rules (`q` is a case-insensitive
 * prefix, one page of 300 for groups; email search ignores case) and its page sizes counted as requests. For pure
 * tests of the read strategies (no HTTP); the end-to-end tests use the emulator and the real SDK instead.
 */
export interface MemoryOrg {
  readonly apps: readonly { id: string; label: string; status?: string; groupIds: readonly string[] }[];
  readonly groups: readonly {
    id: string;
    name: string;
    description: string | null;
    type?: string;
    memberIds: readonly string[];
  }[];
  readonly users: readonly { id: string; email: string; status?: string }[];
}

export function memoryPort(org: MemoryOrg): OktaPort {
  const byEndpoint: Record<string, number> = {};
  let requests = 0;
  const count = (endpoint: string, items: number, pageSize: number) => {
    const pages = Math.max(1, Math.ceil(items / pageSize));
    requests += pages;
    byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + pages;
  };
  const toApp = (app: MemoryOrg['apps'][number]): OktaApp => ({
    id: app.id,
    label: app.label,
    name: 'bookmark',
    status: app.status ?? 'ACTIVE',
  });
  const userById = new Map(org.users.map((user) => [user.id, user]));
  const toUser = (user: MemoryOrg['users'][number]): OktaUserRecord => ({
    id: user.id,
    status: user.status ?? 'ACTIVE',
    login: user.email,
    email: user.email,
    firstName: null,
    lastName: null,
    managerId: null,
  });
  const toGroup = (group: MemoryOrg['groups'][number], stats: boolean): OktaGroup => ({
    id: group.id,
    name: group.name,
    description: group.description,
    type: group.type ?? 'OKTA_GROUP',
    ...(stats ? { usersCount: group.memberIds.length } : {}),
  });
  const everyone = { id: '00geveryone', name: 'Everyone', description: null, type: 'BUILT_IN' };
  const unsupported = (name: string) => () => {
    throw new Error(`the memory port reads only (${name})`);
  };
  const port: Partial<OktaPort> = {
    orgUrl: 'https://memory.example.com',
    async listApps(maxPages) {
      const apps = org.apps.slice(0, maxPages * 200).map(toApp);
      count('GET /api/v1/apps', apps.length, 200);
      return { apps, complete: apps.length === org.apps.length };
    },
    async getApp(appId) {
      count('GET /api/v1/apps/{id}', 1, 1);
      const app = org.apps.find((candidate) => candidate.id === appId);
      return app === undefined ? undefined : toApp(app);
    },
    async findAppsByLabel(label) {
      const found = org.apps.filter((app) => app.label.toLowerCase().startsWith(label.toLowerCase()));
      count('GET /api/v1/apps', found.length, 200);
      return found.map(toApp);
    },
    async listAppGroupIds(appId) {
      const ids = org.apps.find((app) => app.id === appId)?.groupIds ?? [];
      count('GET /api/v1/apps/{id}/groups', ids.length, 200);
      return [...ids];
    },
    async listGroups({ stats }) {
      const groups = [
        { ...everyone, ...(stats === true ? { usersCount: org.users.length } : {}) },
        ...org.groups.map((group) => toGroup(group, stats === true)),
      ];
      count('GET /api/v1/groups', groups.length, 10_000);
      return groups;
    },
    async findGroupsByName(name) {
      const found = org.groups
        .filter((group) => group.name.toLowerCase().startsWith(name.toLowerCase()))
        .slice(0, 300)
        .map((group) => toGroup(group, false));
      count('GET /api/v1/groups', 1, 1);
      return found;
    },
    async listGroupMembers(groupId) {
      const ids = org.groups.find((group) => group.id === groupId)?.memberIds ?? [];
      count('GET /api/v1/groups/{id}/users', ids.length, 1000);
      return ids.flatMap((id) => {
        const user = userById.get(id);
        return user === undefined ? [] : [toUser(user)];
      });
    },
    async searchUsersByEmail(emails, batch = 20) {
      const wanted = new Set(emails.map((email) => email.toLowerCase()));
      count('GET /api/v1/users', wanted.size, batch);
      return org.users.filter((user) => wanted.has(user.email.toLowerCase())).map(toUser);
    },
    async listAllUsers() {
      count('GET /api/v1/users', org.users.length, 200);
      return org.users.map(toUser);
    },
    createGroup: unsupported('createGroup'),
    stats: (): RequestStats => ({
      requests,
      byEndpoint: { ...byEndpoint },
      retries: 0,
      rateLimited: 0,
      waitedMs: 0,
    }),
  };
  return port as OktaPort;
}
