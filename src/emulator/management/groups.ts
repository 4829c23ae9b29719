import { isoTime } from '../clock.js';
import { validationFailed } from '../errors.js';
import { paginate } from '../paging.js';
import { compileQuery } from '../search.js';
import type { GroupRecord, Store } from '../store.js';
import type { EmulatorContext, EmulatorRequest, Route } from '../types.js';
import { renderApp, renderGroup, renderUser } from './render.js';

const searchRules = {
  attributes: new Set(['id', 'created', 'lastUpdated', 'lastMembershipUpdated', 'type', 'source.id']),
  attributePrefixes: ['profile.'],
  operators: new Set(['eq', 'sw', 'co', 'gt', 'ge', 'lt', 'le', 'pr'] as const),
  caseInsensitive: true,
};
const filterRules = {
  attributes: new Set(['id', 'type', 'lastUpdated', 'lastMembershipUpdated']),
  operators: new Set(['eq', 'gt', 'ge', 'lt', 'le'] as const),
  caseInsensitive: false,
};

function queryView(group: GroupRecord): Record<string, unknown> {
  return {
    id: group.id,
    type: group.type,
    created: isoTime(group.created),
    lastUpdated: isoTime(group.lastUpdated),
    lastMembershipUpdated: isoTime(group.lastMembershipUpdated),
    profile: group.profile,
  };
}

export function groupStats(store: Store, group: GroupRecord): { usersCount: number; appsCount: number } {
  let appsCount = 0;
  for (const assignments of store.state.assignments.values()) if (assignments.has(group.id)) appsCount++;
  return { usersCount: store.membersOf(group.id).size, appsCount };
}

function render(request: EmulatorRequest, store: Store, group: GroupRecord): Record<string, unknown> {
  const expand = request.query.get('expand') ?? '';
  return renderGroup(
    group,
    request.baseUrl,
    expand.split(',').includes('stats') ? groupStats(store, group) : undefined,
  );
}

function listGroups(request: EmulatorRequest, { store, clock }: EmulatorContext) {
  const search = request.query.get('search');
  const filter = request.query.get('filter');
  const q = request.query.get('q');
  let groups = [...store.state.groups.values()];
  if (search !== null && search !== '') {
    const test = compileQuery(search, searchRules, 'search');
    const now = clock.now();
    groups = groups.filter((group) => group.visibleAt <= now && test(queryView(group)));
  } else if (filter !== null && filter !== '') {
    const test = compileQuery(filter, filterRules, 'filter');
    groups = groups.filter((group) => test(queryView(group)));
  }
  if (q !== null && q !== '') {
    // q: name starts-with, one page only (at most 300 by default, no Link next).
    const prefix = q.toLowerCase();
    const limit = Math.min(Number(request.query.get('limit') ?? 300) || 300, 10_000);
    const found = groups
      .filter((group) => group.profile.name.toLowerCase().startsWith(prefix))
      .sort((a, b) => a.profile.name.localeCompare(b.profile.name))
      .slice(0, limit);
    return { status: 200, body: found.map((group) => render(request, store, group)) };
  }
  groups.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = paginate(request, groups, (group) => group.id, {
    defaultLimit: 10_000,
    maxLimit: 10_000,
    capAboveMax: true,
  });
  return {
    status: 200,
    body: page.items.map((group) => render(request, store, group)),
    headers: page.headers,
  };
}

function profileFrom(body: unknown): { name: string; description: string | null } {
  const profile = (body as { profile?: { name?: unknown; description?: unknown } } | undefined)?.profile;
  if (profile === undefined || typeof profile.name !== 'string') {
    throw validationFailed('profile', ['name: The field cannot be left blank']);
  }
  const description = typeof profile.description === 'string' ? profile.description : null;
  if (description !== null && description.length > 1024) {
    throw validationFailed('profile', ['description: The field is too long']);
  }
  return { name: profile.name, description };
}

export const groupRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/v1/groups',
    scope: 'okta.groups.read',
    handler: (r, _p, c) => listGroups(r, c),
  },
  {
    method: 'POST',
    pattern: '/api/v1/groups',
    scope: 'okta.groups.manage',
    handler: (request, _params, { store, clock, searchLagMs }) => {
      const { name, description } = profileFrom(request.body);
      const group = store.createGroup(name, description, 'OKTA_GROUP', {
        visibleAt: clock.now() + searchLagMs,
      });
      return { status: 200, body: renderGroup(group, request.baseUrl) };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/groups/:groupId',
    scope: 'okta.groups.read',
    handler: (request, { groupId = '' }, { store }) => ({
      status: 200,
      body: render(request, store, store.requireGroup(groupId)),
    }),
  },
  {
    method: 'PUT',
    pattern: '/api/v1/groups/:groupId',
    scope: 'okta.groups.manage',
    handler: (request, { groupId = '' }, { store }) => {
      const group = store.requireGroup(groupId);
      const { name, description } = profileFrom(request.body);
      store.renameGroup(group, name, description);
      return { status: 200, body: renderGroup(group, request.baseUrl) };
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/groups/:groupId',
    scope: 'okta.groups.manage',
    handler: (_request, { groupId = '' }, { store }) => {
      store.deleteGroup(store.requireGroup(groupId));
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/groups/:groupId/users',
    scope: 'okta.groups.read',
    handler: (request, { groupId = '' }, { store }) => {
      const members = [...store.membersOf(groupId)].sort();
      const page = paginate(request, members, (id) => id, {
        defaultLimit: 1000,
        maxLimit: 1000,
        capAboveMax: true,
      });
      const body = page.items.flatMap((id) => {
        const user = store.state.users.get(id);
        return user === undefined ? [] : [renderUser(user, request.baseUrl)];
      });
      return { status: 200, body, headers: page.headers };
    },
  },
  {
    method: 'PUT',
    pattern: '/api/v1/groups/:groupId/users/:userId',
    scope: 'okta.groups.manage',
    handler: (_request, { groupId = '', userId = '' }, { store }) => {
      store.addMember(groupId, userId);
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/groups/:groupId/users/:userId',
    scope: 'okta.groups.manage',
    handler: (_request, { groupId = '', userId = '' }, { store }) => {
      store.removeMember(groupId, userId);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/groups/:groupId/apps',
    scope: 'okta.groups.read',
    handler: (request, { groupId = '' }, { store }) => {
      store.requireGroup(groupId);
      const apps = [...store.state.apps.values()]
        .filter((app) => store.state.assignments.get(app.id)?.has(groupId) === true)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const page = paginate(request, apps, (app) => app.id, {
        defaultLimit: 20,
        maxLimit: 200,
        capAboveMax: true,
      });
      return {
        status: 200,
        body: page.items.map((app) => renderApp(app, request.baseUrl, store.state.orgId)),
        headers: page.headers,
      };
    },
  },
];
