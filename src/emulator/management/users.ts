import { isoTime } from '../clock.js';
import { notFound, validationFailed } from '../errors.js';
import { paginate } from '../paging.js';
import { compileQuery } from '../search.js';
import type { UserProfile, UserRecord } from '../store.js';
import type { EmulatorContext, EmulatorRequest, Route } from '../types.js';
import { renderGroup, renderUser } from './render.js';
import { userLifecycleRoutes } from './user-lifecycle.js';

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
          String(user.profile[key] ?? '')
            .toLowerCase()
            .startsWith(prefix),
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

/** The body of a create, update or replace: a profile and, optionally, credentials with a password. */
interface UserBody {
  readonly profile?: unknown;
  readonly credentials?: { password?: { value?: unknown } };
}

function profileOf(body: UserBody | undefined, required: boolean): UserProfile | undefined {
  const profile = body?.profile;
  if (profile === undefined && !required) return undefined;
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) {
    throw validationFailed('profile', ['profile: The field cannot be left blank']);
  }
  return profile as UserProfile;
}

/** Okta's standard attributes a stored profile must keep: firstName, lastName, email and login, non-empty strings. */
function requireStandardAttributes(profile: UserProfile): void {
  for (const key of ['firstName', 'lastName', 'email', 'login'] as const) {
    const value = profile[key];
    if (typeof value !== 'string' || value === '') {
      throw validationFailed('profile', [`${key}: The field cannot be left blank`]);
    }
  }
}

function hasPassword(body: UserBody | undefined): boolean {
  return typeof body?.credentials?.password?.value === 'string';
}

/**
 * Okta refuses profile writes to a deactivated user unless the org allows them (an Admin Console option the
 * emulator leaves off): the answer observed from Okta is 404 E0000007 for the user.
 */
function requireWritable(user: UserRecord, userId: string): void {
  if (user.status === 'DEPROVISIONED') throw notFound('User', userId);
}

function userResponse(user: UserRecord, baseUrl: string) {
  return {
    status: 200,
    body: renderUser(user, baseUrl),
    headers: { etag: `W/"${user.lastUpdated.toString(36)}"` },
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
      const body = request.body as UserBody | undefined;
      const profile = profileOf(body, true) ?? {};
      for (const key of ['firstName', 'lastName', 'email'] as const) {
        if (typeof profile[key] !== 'string' || profile[key] === '') {
          throw validationFailed(key, [`${key}: The field cannot be left blank`]);
        }
      }
      // activate=true (the default): ACTIVE with a password, PROVISIONED without one (the user finishes the
      // activation flow); activate=false: STAGED.
      const password = hasPassword(body);
      const activate = request.query.get('activate') !== 'false';
      const user = store.createUser(profile, {
        status: activate ? (password ? 'ACTIVE' : 'PROVISIONED') : 'STAGED',
        visibleAt: clock.now() + searchLagMs,
        hasPassword: password,
      });
      return { status: 200, body: renderUser(user, request.baseUrl) };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/users/:userId',
    scope: 'okta.users.read',
    handler: (request, { userId = '' }, { store }) =>
      userResponse(store.requireUser(userId), request.baseUrl),
  },
  {
    // updateUser: a partial update; the attributes sent replace theirs, the others are kept.
    method: 'POST',
    pattern: '/api/v1/users/:userId',
    scope: 'okta.users.manage',
    handler: (request, { userId = '' }, { store, clock, searchLagMs }) => {
      const user = store.requireUser(userId);
      requireWritable(user, userId);
      const body = request.body as UserBody | undefined;
      const changes = profileOf(body, false);
      if (changes !== undefined) {
        const profile = { ...user.profile, ...changes };
        requireStandardAttributes(profile);
        store.updateProfile(user, profile);
      }
      if (hasPassword(body)) user.hasPassword = true;
      user.lastUpdated = clock.now();
      user.visibleAt = clock.now() + searchLagMs;
      store.touch();
      return userResponse(user, request.baseUrl);
    },
  },
  {
    // replaceUser: the profile sent is the whole profile; attributes left out are removed.
    method: 'PUT',
    pattern: '/api/v1/users/:userId',
    scope: 'okta.users.manage',
    handler: (request, { userId = '' }, { store, clock, searchLagMs }) => {
      const user = store.requireUser(userId);
      requireWritable(user, userId);
      const body = request.body as UserBody | undefined;
      const profile = { ...(profileOf(body, true) ?? {}) };
      requireStandardAttributes(profile);
      store.updateProfile(user, profile);
      if (hasPassword(body)) user.hasPassword = true;
      user.visibleAt = clock.now() + searchLagMs;
      store.touch();
      return userResponse(user, request.baseUrl);
    },
  },
  {
    // Okta deletes only deactivated users: on any other, the first DELETE deactivates, a second one deletes.
    method: 'DELETE',
    pattern: '/api/v1/users/:userId',
    scope: 'okta.users.manage',
    handler: (_request, { userId = '' }, { store, clock }) => {
      const user = store.requireUser(userId);
      if (user.status === 'DEPROVISIONED') {
        store.deleteUser(user);
      } else {
        user.status = 'DEPROVISIONED';
        user.statusChanged = clock.now();
        user.lastUpdated = clock.now();
        store.touch();
      }
      return { status: 204 };
    },
  },
  ...userLifecycleRoutes,
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
