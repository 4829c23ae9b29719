import { OktaError } from '../errors.js';
import { paginate } from '../paging.js';
import { compileQuery } from '../search.js';
import type { AppRecord, AssignmentRecord } from '../store.js';
import type { EmulatorContext, EmulatorRequest, Route } from '../types.js';
import { type AppFields, appFieldsFrom, emulatorOrgName } from './app-modes.js';
import { appUsersOf, renderAppUser } from './app-users.js';
import { renderApp, renderAssignment, renderGroup } from './render.js';

const filterRules = {
  attributes: new Set(['id', 'status', 'name']),
  operators: new Set(['eq'] as const),
  caseInsensitive: false,
};

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function fieldsFrom(request: EmulatorRequest, context: EmulatorContext, existing?: AppRecord): AppFields {
  const takenNames = new Set([...context.store.state.apps.values()].map((app) => app.name));
  return appFieldsFrom(request.body ?? {}, {
    ids: context.ids,
    orgName: emulatorOrgName,
    takenNames,
    ...(existing === undefined ? {} : { existing }),
  });
}

export const appRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/api/v1/apps',
    scope: 'okta.apps.read',
    handler: (request, _params, { store }) => {
      let apps = [...store.state.apps.values()];
      const q = request.query.get('q');
      const filter = request.query.get('filter');
      if (q !== null && q !== '') {
        const prefix = q.toLowerCase();
        apps = apps.filter(
          (app) => app.label.toLowerCase().startsWith(prefix) || app.name.toLowerCase().startsWith(prefix),
        );
      }
      if (filter !== null && filter !== '') {
        const test = compileQuery(filter, filterRules, 'filter');
        apps = apps.filter((app) => test({ id: app.id, status: app.status, name: app.name }));
      }
      apps.sort(byId);
      const page = paginate(request, apps, (app) => app.id, {
        defaultLimit: 200,
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
  {
    method: 'POST',
    pattern: '/api/v1/apps',
    scope: 'okta.apps.manage',
    handler: (request, _params, context) => {
      const { store, ids, clock } = context;
      const fields = fieldsFrom(request, context);
      const now = clock.now();
      const app: AppRecord = {
        id: ids.next('0oa'),
        created: now,
        lastUpdated: now,
        status: request.query.get('activate') === 'false' ? 'INACTIVE' : 'ACTIVE',
        ...fields,
      };
      store.state.apps.set(app.id, app);
      store.touch();
      return { status: 200, body: renderApp(app, request.baseUrl, store.state.orgId) };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId',
    scope: 'okta.apps.read',
    handler: (request, { appId = '' }, { store }) => ({
      status: 200,
      body: renderApp(store.requireApp(appId), request.baseUrl, store.state.orgId),
    }),
  },
  {
    // replaceApplication: the body replaces the app's label, settings, credentials, visibility and accessibility;
    // id, name, status, created and lastUpdated are the app's own (what the body says of them is ignored).
    method: 'PUT',
    pattern: '/api/v1/apps/:appId',
    scope: 'okta.apps.manage',
    handler: (request, { appId = '' }, context) => {
      const { store, clock } = context;
      const app = store.requireApp(appId);
      const fields = fieldsFrom(request, context, app);
      delete app.credentials;
      delete app.visibility;
      delete app.accessibility;
      delete app.features;
      Object.assign(app, fields, { lastUpdated: clock.now() });
      store.touch();
      return { status: 200, body: renderApp(app, request.baseUrl, store.state.orgId) };
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/apps/:appId/lifecycle/deactivate',
    scope: 'okta.apps.manage',
    handler: (_request, { appId = '' }, { store, clock }) => {
      const app = store.requireApp(appId);
      app.status = 'INACTIVE';
      app.lastUpdated = clock.now();
      store.touch();
      return { status: 200, body: {} };
    },
  },
  {
    method: 'POST',
    pattern: '/api/v1/apps/:appId/lifecycle/activate',
    scope: 'okta.apps.manage',
    handler: (_request, { appId = '' }, { store, clock }) => {
      const app = store.requireApp(appId);
      app.status = 'ACTIVE';
      app.lastUpdated = clock.now();
      store.touch();
      return { status: 200, body: {} };
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/apps/:appId',
    scope: 'okta.apps.manage',
    handler: (_request, { appId = '' }, { store }) => {
      const app = store.requireApp(appId);
      if (app.status !== 'INACTIVE') {
        // deleteApplication declares 403 for this (and 404 only besides): an app must be deactivated first.
        throw new OktaError(403, 'E0000056', 'Delete application forbidden.', [
          'The application must be deactivated before it can be deleted',
        ]);
      }
      store.state.apps.delete(appId);
      store.state.assignments.delete(appId);
      store.touch();
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/users',
    scope: 'okta.apps.read',
    handler: (request, { appId = '' }, { store }) => {
      const entries = appUsersOf(store, appId);
      const page = paginate(request, entries, (entry) => entry.user.id, {
        defaultLimit: 50,
        maxLimit: 500,
        capAboveMax: true,
      });
      const body = page.items.map((entry) => renderAppUser(entry, appId, request.baseUrl));
      return { status: 200, body, headers: page.headers };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/groups',
    scope: 'okta.apps.read',
    handler: (request, { appId = '' }, { store }) => {
      let assignments = [...store.assignmentsOf(appId).values()];
      const q = request.query.get('q');
      if (q !== null && q !== '') {
        const prefix = q.toLowerCase();
        assignments = assignments.filter((assignment) =>
          (store.state.groups.get(assignment.groupId)?.profile.name.toLowerCase() ?? '').startsWith(prefix),
        );
      }
      assignments.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
      const page = paginate(request, assignments, (assignment) => assignment.groupId, {
        // The spec declares a minimum of 20, but Okta honours smaller limits (its SDK's tests page by 1 and 2).
        defaultLimit: 20,
        maxLimit: 200,
        capAboveMax: true,
      });
      const expandGroup = (request.query.get('expand') ?? '').split(',').includes('group');
      const body = page.items.map((assignment) => {
        const group = store.state.groups.get(assignment.groupId);
        return renderAssignment(
          assignment,
          request.baseUrl,
          expandGroup && group !== undefined ? renderGroup(group, request.baseUrl) : undefined,
        );
      });
      return { status: 200, body, headers: page.headers };
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/apps/:appId/groups/:groupId',
    scope: 'okta.apps.read',
    handler: (request, { appId = '', groupId = '' }, { store }) => {
      const assignment = store.assignmentsOf(appId).get(groupId);
      if (assignment === undefined) {
        throw new OktaError(
          404,
          'E0000007',
          `Not found: Resource not found: ${groupId} (ApplicationGroupAssignment)`,
        );
      }
      return { status: 200, body: renderAssignment(assignment, request.baseUrl) };
    },
  },
  {
    method: 'PUT',
    pattern: '/api/v1/apps/:appId/groups/:groupId',
    scope: 'okta.apps.manage',
    handler: (request, { appId = '', groupId = '' }, { store, clock }) => {
      const assignments = store.assignmentsOf(appId);
      store.requireGroup(groupId);
      // The body is optional: the SDK sends an empty one with Content-Type application/json.
      const body = (request.body ?? {}) as { priority?: unknown; profile?: unknown };
      const existing = assignments.get(groupId);
      const assignment: AssignmentRecord = {
        appId,
        groupId,
        priority:
          typeof body.priority === 'number' ? body.priority : (existing?.priority ?? assignments.size),
        profile: (body.profile as Record<string, unknown> | undefined) ?? existing?.profile ?? {},
        lastUpdated: clock.now(),
      };
      assignments.set(groupId, assignment);
      store.touch();
      return { status: 200, body: renderAssignment(assignment, request.baseUrl) };
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/apps/:appId/groups/:groupId',
    scope: 'okta.apps.manage',
    handler: (_request, { appId = '', groupId = '' }, { store }) => {
      const assignments = store.assignmentsOf(appId);
      if (!assignments.delete(groupId)) {
        throw new OktaError(
          404,
          'E0000007',
          `Not found: Resource not found: ${groupId} (ApplicationGroupAssignment)`,
        );
      }
      store.touch();
      return { status: 204 };
    },
  },
];
