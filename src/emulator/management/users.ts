import { isoTime } from '../clock.js';
import { validationFailed } from '../errors.js';
import { paginate } from '../paging.js';
import { compileQuery } from '../search.js';
import type { UserRecord } from '../store.js';
import type { EmulatorContext, EmulatorRequest, Route } from '../types.js';
import { renderGroup, renderUser } from './render.js';

const searchRules = {
  attributes: new Set(['id', 'status', 'created', 'activated', 'statusChanged', 'lastUpdated', 'type.id']),
  attributePrefixes: ['profile.'],
  operators: new Set(['eq', 'sw', 'co', 'gt', 'ge', 'lt', 'le', 'pr'] as const),
  caseInsensitive: true,
};
const filterRules = {
  attributes: new Set([
    'status',
    'lastUpdated',
    'id',
    'profile.login',
    'profile.email',
    'profile.firstName',
    'profile.lastName',
  ]),
  operators: new Set(['eq', 'gt', 'ge', 'lt', 'le'] as const),
  allowNot: false,
  caseInsensitive: false,
};

/** The attributes queries read, in API shape (timestamps as ISO strings). */
function queryView(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    status: user.status,
    created: isoTime(user.created),
    activated: user.activated === null ? null : isoTime(user.activated),
    statusChanged: user.statusChanged === null ? null : isoTime(user.statusChanged),
    lastUpdated: isoTime(user.lastUpdated),
    type: { id: 'oty1emulatorusertype0' },
    profile: user.profile,
  };
}

function listUsers(request: EmulatorRequest, context: EmulatorContext) {
  const { store, clock } = context;
  const search = request.query.get('search');
  const filter = request.query.get('filter');
  const q = request.query.get('q');
  let users = [...store.state.users.values()];
  if (search !== null && search !== '') {
    const test = compileQuery(search, searchRules, 'search');
    // Search reads an eventually consistent index: recent writes may not show yet.
    const now = clock.now();
    users = users.filter((user) => user.visibleAt <= now && test(queryView(user)));
  } else if (filter !== null && filter !== '') {
    const test = compileQuery(filter, filterRules, 'filter');
    users = users.filter((user) => test(queryView(user)));
  } else {
    users = users.filter((user) => user.status !== 'DEPROVISIONED');
  }
  if (q !== null && q !== '') {
    // q: starts-with on first name, last name or email; not pageable (a single page, 10 by default).
    const prefix = q.toLowerCase();
    const limit = Math.min(Number(request.query.get('limit') ?? 10) || 10, 200);
    const found = users
      .filter((user) =>
        ['firstName', 'lastName', 'email'].some((key) =>
          (user.profile[key] ?? '').toLowerCase().startsWith(prefix),
        ),
      )
      .filter((user) => user.status !== 'DEPROVISIONED')
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, limit);
    return { status: 200, body: found.map((user) => renderUser(user, request.baseUrl)) };
  }
  users.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = paginate(request, users, (user) => user.id, {
    defaultLimit: 200,
    maxLimit: 200,
    capAboveMax: true,
  });
  return {
    status: 200,
    body: page.items.map((user) => renderUser(user, request.baseUrl)),
    headers: page.headers,
  };
}

export const userRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/v1/users',
    scope: 'okta.users.read',
    handler: (request, _params, context) => listUsers(request, context),
  },
  {
    method: 'POST',
    pattern: '/api/v1/users',
    scope: 'okta.users.manage',
    handler: (request, _params, { store, clock, searchLagMs }) => {
      const body = request.body as { profile?: Record<string, string | null> } | undefined;
      const profile = body?.profile;
      if (profile === undefined || typeof profile !== 'object') {
        throw validationFailed('profile', ['profile: The field cannot be left blank']);
      }
      for (const key of ['firstName', 'lastName', 'email'] as const) {
        if (typeof profile[key] !== 'string' || profile[key] === '') {
          throw validationFailed(key, [`${key}: The field cannot be left blank`]);
        }
      }
      const activate = request.query.get('activate') !== 'false';
      const user = store.createUser(profile, {
        status: activate ? 'ACTIVE' : 'STAGED',
        visibleAt: clock.now() + searchLagMs,
      });
      return { status: 200, body: renderUser(user, request.baseUrl) };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/:userId',
    scope: 'okta.users.read',
    handler: (request, { userId = '' }, { store }) => {
      const user = store.requireUser(userId);
      return {
        status: 200,
        body: renderUser(user, request.baseUrl),
        headers: { etag: `W/"${user.lastUpdated.toString(36)}"` },
      };
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/users/:userId/lifecycle/deactivate',
    scope: 'okta.users.manage',
    handler: (_request, { userId = '' }, { store, clock }) => {
      const user = store.requireUser(userId);
      if (user.status !== 'DEPROVISIONED') {
        user.status = 'DEPROVISIONED';
        user.statusChanged = clock.now();
        user.lastUpdated = clock.now();
        store.touch();
      }
      return { status: 200, body: {} };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/:userId/groups',
    scope: 'okta.users.read',
    handler: (request, { userId = '' }, { store }) => {
      const user = store.requireUser(userId);
      const groups = [...store.state.groups.values()].filter((group) =>
        group.type === 'BUILT_IN'
          ? user.status !== 'DEPROVISIONED'
          : (store.state.members.get(group.id)?.has(user.id) ?? false),
      );
      return { status: 200, body: groups.map((group) => renderGroup(group, request.baseUrl)) };
    },
  },
];
