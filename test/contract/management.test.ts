import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedDocument } from '../../src/emulator/seed.js';
import {
  createCoverage,
  expectDateHeader,
  expectDocumentedHeaders,
  expectError,
  expectListHeaders,
  expectRateLimitHeaders,
  expectResponse,
} from './checks.js';
import { expectComponentConforms, listOperations, responseContract, specVersions } from './openapi.js';
import { appSignOnModeOperations, userLifecycleOperations } from './operation-suites.js';
import {
  type ContractTarget,
  field,
  records,
  setupBody,
  startTarget,
  type TargetKind,
  targets,
  tinyRateLimit,
  uniqueName,
} from './target.js';

/**
 * Every management operation the emulator implements, sent with fetch and checked against Okta's OpenAPI document
 * (status and body), plus the headers clients rely on. The same suite runs against a real org when
 * OKTA_LIVE_ORG_URL and OKTA_LIVE_API_TOKEN are set: reads, and writes that undo themselves (a uniquely named group
 * and bookmark app, created and deleted). Creating users and tightening rate limits happen on the emulator only.
 */

const seed: SeedDocument = {
  users: [
    { email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    {
      email: 'grace.hopper@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
      manager: 'ada.lovelace@example.com',
    },
    {
      email: 'alan.turing@example.com',
      firstName: 'Alan',
      lastName: 'Turing',
      manager: 'ada.lovelace@example.com',
    },
    { email: 'edsger.dijkstra@example.com', firstName: 'Edsger', lastName: 'Dijkstra' },
  ],
  groups: [
    {
      name: 'Payroll-Admins',
      description: 'Administer payroll',
      members: ['grace.hopper@example.com', 'alan.turing@example.com'],
    },
    { name: 'Payroll-Viewers', members: ['edsger.dijkstra@example.com'] },
  ],
  apps: [{ label: 'Payroll', url: 'https://payroll.example.com/', groups: ['Payroll-Admins'] }],
};

/** Operations that write something a live org cannot take back (a deactivated user stays): emulator only. */
const emulatorOnlyOperations = new Set(['createUser', 'deactivateUser']);

/** Checked by user-lifecycle.test.ts and app-sign-on-modes.test.ts. */
const coveredElsewhere = new Set([...userLifecycleOperations, ...appSignOnModeOperations]);

const managementOperations = listOperations()
  .filter(
    (operation) => operation.document === 'management' && !operation.path.includes('/identity-sources/'),
  )
  .map((operation) => operation.operationId)
  .filter((operationId) => !coveredElsewhere.has(operationId));

const unknownId = {
  user: '00u0000000000unknown',
  group: '00g0000000000unknown',
  app: '0oa0000000000unknown',
};

for (const { kind, available } of targets) {
  describe.skipIf(!available)(`management API contract (${kind})`, () => {
    defineSuite(kind);
  });
}

function defineSuite(kind: TargetKind): void {
  const coverage = createCoverage();
  const onEmulator = kind === 'emulator';
  let target: ContractTarget;
  /** An existing active user with an email and a login (discovered the same way on both targets). */
  let user: { id: string; login: string; email: string; firstName: string };
  let everyoneId: string;
  const created: { groupId?: string; groupName?: string; appId?: string } = {};

  beforeAll(async () => {
    target = await startTarget(kind, seed);
    const users = await target.call('GET', `/api/v1/users?filter=${encode('status eq "ACTIVE"')}&limit=5`);
    const found = records(setupBody('listUsers', users)).find((candidate) => {
      const profile = candidate.profile as Record<string, unknown> | undefined;
      return typeof profile?.email === 'string' && typeof profile.login === 'string';
    });
    if (found === undefined) throw new Error('the org needs an active user with an email');
    const profile = found.profile as Record<string, string>;
    user = {
      id: String(found.id),
      login: profile.login ?? '',
      email: profile.email ?? '',
      firstName: profile.firstName ?? '',
    };
    const everyone = await target.call('GET', `/api/v1/groups?filter=${encode('type eq "BUILT_IN"')}`);
    const group = records(setupBody('listGroups', everyone)).find(
      (candidate) => (candidate.profile as { name?: string } | undefined)?.name === 'Everyone',
    );
    everyoneId = String(group?.id);
  });

  afterAll(async () => {
    if (target === undefined) return;
    // Undo whatever a failed test left behind (a no-op when the lifecycle tests ran to the end).
    if (created.appId !== undefined) {
      await target.call('POST', `/api/v1/apps/${created.appId}/lifecycle/deactivate`);
      await target.call('DELETE', `/api/v1/apps/${created.appId}`);
    }
    if (created.groupId !== undefined) await target.call('DELETE', `/api/v1/groups/${created.groupId}`);
    await target.stop();
  });

  it('reads the spec versions the trimmed file was made from', () => {
    expect(specVersions().management).toMatch(/^\d{4}\.\d{2}\.\d+$/);
  });

  it('getWellknownOrgMetadata answers without credentials', async () => {
    const response = await target.call('GET', '/.well-known/okta-organization', { auth: false });
    expectResponse(coverage, 'getWellknownOrgMetadata', response, 200);
    expect(field(response.body, 'id')).toMatch(/^00o/);
  });

  describe('users', () => {
    it('listUsers pages with absolute Link headers, rate-limit headers and Date', async () => {
      const first = await target.call('GET', '/api/v1/users?limit=2');
      expectResponse(coverage, 'listUsers', first, 200);
      expect(records(first.body)).toHaveLength(2);
      const next = expectListHeaders(target, first, true);
      const second = await target.call('GET', next ?? '');
      expectResponse(coverage, 'listUsers', second, 200);
      expectListHeaders(target, second, undefined);
    });

    it('listUsers with search', async () => {
      const response = await target.call(
        'GET',
        `/api/v1/users?search=${encode(`profile.email eq "${user.email}"`)}`,
      );
      expectResponse(coverage, 'listUsers', response, 200);
      expect(records(response.body).map((found) => found.id)).toContain(user.id);
      expectListHeaders(target, response, false);
    });

    it('listUsers with filter', async () => {
      const response = await target.call(
        'GET',
        `/api/v1/users?filter=${encode(`profile.login eq "${user.login}"`)}`,
      );
      expectResponse(coverage, 'listUsers', response, 200);
      expect(records(response.body).map((found) => found.id)).toEqual([user.id]);
    });

    it('listUsers with q', async () => {
      const response = await target.call('GET', `/api/v1/users?q=${encode(user.firstName)}&limit=200`);
      expectResponse(coverage, 'listUsers', response, 200);
      expect(records(response.body).map((found) => found.id)).toContain(user.id);
    });

    it('getUser by id, with the documented ETag header', async () => {
      const response = await target.call('GET', `/api/v1/users/${user.id}`);
      expectResponse(coverage, 'getUser', response, 200);
      expect(field(response.body, 'id')).toBe(user.id);
      expectDocumentedHeaders('getUser', response, ['Etag']);
      expectRateLimitHeaders(response);
      expectDateHeader(response);
    });

    it('getUser by login', async () => {
      const response = await target.call('GET', `/api/v1/users/${encodeURIComponent(user.login)}`);
      expectResponse(coverage, 'getUser', response, 200);
      expect(field(response.body, 'id')).toBe(user.id);
    });

    it('listUserGroups', async () => {
      const response = await target.call('GET', `/api/v1/users/${user.id}/groups`);
      expectResponse(coverage, 'listUserGroups', response, 200);
      expect(records(response.body).map((group) => group.id)).toContain(everyoneId);
    });

    it.runIf(onEmulator)('createUser, then deactivateUser', async () => {
      const login = `${uniqueName('contract')}@example.com`;
      const createdUser = await target.call('POST', '/api/v1/users?activate=true', {
        body: {
          profile: { firstName: 'Contract', lastName: 'Test', email: login, login },
          credentials: { password: { value: 'Abcd1234#@' } },
        },
      });
      expectResponse(coverage, 'createUser', createdUser, 200);
      expect(field(createdUser.body, 'status')).toBe('ACTIVE');
      const id = String(field(createdUser.body, 'id'));
      const deactivated = await target.call('POST', `/api/v1/users/${id}/lifecycle/deactivate`);
      expectResponse(coverage, 'deactivateUser', deactivated, 200);
      const after = await target.call('GET', `/api/v1/users/${id}`);
      expectResponse(coverage, 'getUser', after, 200);
      expect(field(after.body, 'status')).toBe('DEPROVISIONED');
    });
  });

  describe('groups (reads)', () => {
    it('listGroups pages with absolute Link headers', async () => {
      const response = await target.call('GET', '/api/v1/groups?limit=1');
      expectResponse(coverage, 'listGroups', response, 200);
      const next = expectListHeaders(target, response, true);
      const second = await target.call('GET', next ?? '');
      expectResponse(coverage, 'listGroups', second, 200);
    });

    it('listGroups with search', async () => {
      const response = await target.call(
        'GET',
        `/api/v1/groups?search=${encode('profile.name eq "Everyone"')}`,
      );
      expectResponse(coverage, 'listGroups', response, 200);
      expect(records(response.body).map((group) => group.id)).toEqual([everyoneId]);
      expectListHeaders(target, response, false);
    });

    it('listGroups with filter and expand=stats', async () => {
      const response = await target.call(
        'GET',
        `/api/v1/groups?filter=${encode(`id eq "${everyoneId}"`)}&expand=stats`,
      );
      expectResponse(coverage, 'listGroups', response, 200);
      const [group] = records(response.body);
      const stats = (group?._embedded as { stats?: Record<string, unknown> } | undefined)?.stats;
      expect(stats?.usersCount).toBeTypeOf('number');
      expect(stats?.appsCount).toBeTypeOf('number');
    });

    it('listGroups with q', async () => {
      const response = await target.call('GET', '/api/v1/groups?q=Everyo');
      expectResponse(coverage, 'listGroups', response, 200);
      expect(records(response.body).map((group) => group.id)).toContain(everyoneId);
    });

    it('getGroup', async () => {
      const response = await target.call('GET', `/api/v1/groups/${everyoneId}`);
      expectResponse(coverage, 'getGroup', response, 200);
      expect(field(response.body, 'type')).toBe('BUILT_IN');
    });

    it('listGroupUsers pages with absolute Link headers', async () => {
      const response = await target.call('GET', `/api/v1/groups/${everyoneId}/users?limit=1`);
      expectResponse(coverage, 'listGroupUsers', response, 200);
      expectListHeaders(target, response, true);
    });
  });

  describe('apps (reads)', () => {
    it('listApplications with filter, paged', async () => {
      const response = await target.call(
        'GET',
        `/api/v1/apps?filter=${encode('status eq "ACTIVE"')}&limit=1`,
      );
      expectResponse(coverage, 'listApplications', response, 200);
      expect(records(response.body)).toHaveLength(1);
      expectListHeaders(target, response, onEmulator ? false : undefined);
    });

    it('listApplications with q', async () => {
      const all = await target.call('GET', '/api/v1/apps?limit=1');
      expectResponse(coverage, 'listApplications', all, 200);
      const label = String(records(all.body)[0]?.label);
      const response = await target.call('GET', `/api/v1/apps?q=${encode(label.slice(0, 4))}`);
      expectResponse(coverage, 'listApplications', response, 200);
      expect(records(response.body).map((app) => app.label)).toContain(label);
    });
  });

  describe('groups, members and app assignments (writes that undo themselves)', () => {
    const name = uniqueName('okta-access-contract');

    it('addGroup', async () => {
      const response = await target.call('POST', '/api/v1/groups', {
        body: { profile: { name, description: 'Created by the okta-access-gitops contract tests' } },
      });
      expectResponse(coverage, 'addGroup', response, 200);
      created.groupId = String(field(response.body, 'id'));
      created.groupName = name;
      expect(field(response.body, 'type')).toBe('OKTA_GROUP');
    });

    it('getGroup', async () => {
      const response = await target.call('GET', `/api/v1/groups/${created.groupId}`);
      expectResponse(coverage, 'getGroup', response, 200);
      expect(field(response.body, 'profile')).toMatchObject({ name });
    });

    it('replaceGroup', async () => {
      const response = await target.call('PUT', `/api/v1/groups/${created.groupId}`, {
        body: { profile: { name, description: 'Replaced by the contract tests' } },
      });
      expectResponse(coverage, 'replaceGroup', response, 200);
      expect(field(response.body, 'profile')).toMatchObject({
        description: 'Replaced by the contract tests',
      });
    });

    it('addGroup with a name in use answers 400', async () => {
      const response = await target.call('POST', '/api/v1/groups', { body: { profile: { name } } });
      if (response.status === 200) {
        // Not what we expect from Okta; do not leave the duplicate behind.
        await target.call('DELETE', `/api/v1/groups/${String(field(response.body, 'id'))}`);
      }
      expectError(coverage, 'addGroup', response, 400, 'E0000001');
    });

    it('assignUserToGroup, then listGroupUsers and listUserGroups show it', async () => {
      const response = await target.call('PUT', `/api/v1/groups/${created.groupId}/users/${user.id}`);
      expectResponse(coverage, 'assignUserToGroup', response, 204);
      const members = await target.call('GET', `/api/v1/groups/${created.groupId}/users`);
      expectResponse(coverage, 'listGroupUsers', members, 200);
      expect(records(members.body).map((member) => member.id)).toEqual([user.id]);
      expectListHeaders(target, members, false);
      const groups = await target.call('GET', `/api/v1/users/${user.id}/groups`);
      expectResponse(coverage, 'listUserGroups', groups, 200);
      expect(records(groups.body).map((group) => group.id)).toContain(created.groupId);
    });

    it('createApplication (bookmark)', async () => {
      const response = await target.call('POST', '/api/v1/apps?activate=true', {
        body: {
          name: 'bookmark',
          label: name,
          signOnMode: 'BOOKMARK',
          settings: { app: { url: 'https://example.com/okta-access-contract', requestIntegration: false } },
        },
      });
      expectResponse(coverage, 'createApplication', response, 200);
      created.appId = String(field(response.body, 'id'));
      expect(field(response.body, 'status')).toBe('ACTIVE');
    });

    it('getApplication', async () => {
      const response = await target.call('GET', `/api/v1/apps/${created.appId}`);
      expectResponse(coverage, 'getApplication', response, 200);
      expect(field(response.body, 'label')).toBe(name);
    });

    it('assignGroupToApplication with an empty body (as the SDK sends it)', async () => {
      const response = await target.call('PUT', `/api/v1/apps/${created.appId}/groups/${created.groupId}`, {
        rawBody: '',
        headers: { 'content-type': 'application/json' },
      });
      expectResponse(coverage, 'assignGroupToApplication', response, 200);
      expect(field(response.body, 'id')).toBe(created.groupId);
    });

    it('assignGroupToApplication with a JSON body', async () => {
      const response = await target.call('PUT', `/api/v1/apps/${created.appId}/groups/${created.groupId}`, {
        body: { priority: 0, profile: {} },
      });
      expectResponse(coverage, 'assignGroupToApplication', response, 200);
      expect(field(response.body, 'priority')).toBe(0);
    });

    it('getApplicationGroupAssignment', async () => {
      const response = await target.call('GET', `/api/v1/apps/${created.appId}/groups/${created.groupId}`);
      expectResponse(coverage, 'getApplicationGroupAssignment', response, 200);
    });

    it('listApplicationGroupAssignments with expand=group embeds the Group', async () => {
      const response = await target.call('GET', `/api/v1/apps/${created.appId}/groups?expand=group`);
      expectResponse(coverage, 'listApplicationGroupAssignments', response, 200);
      const [assignment] = records(response.body);
      const group = (assignment?._embedded as { group?: unknown } | undefined)?.group;
      expect(group).toMatchObject({ id: created.groupId });
      expectComponentConforms('management', '#/components/schemas/Group', group);
      expectListHeaders(target, response, false);
    });

    it('listApplicationUsers: the members of the assigned groups, scope GROUP', async () => {
      const member = await target.call('PUT', `/api/v1/groups/${created.groupId}/users/${user.id}`);
      expect(member.status).toBe(204);
      const response = await target.call('GET', `/api/v1/apps/${created.appId}/users?limit=500`);
      expectResponse(coverage, 'listApplicationUsers', response, 200);
      expect(records(response.body).find((appUser) => appUser.id === user.id)).toMatchObject({
        scope: 'GROUP',
      });
    });

    it('listAssignedApplicationsForGroup', async () => {
      const response = await target.call('GET', `/api/v1/groups/${created.groupId}/apps`);
      expectResponse(coverage, 'listAssignedApplicationsForGroup', response, 200);
      expect(records(response.body).map((app) => app.id)).toEqual([created.appId]);
    });

    it('listGroups with expand=stats counts the member and the app', async () => {
      const response = await target.call(
        'GET',
        `/api/v1/groups?filter=${encode(`id eq "${created.groupId}"`)}&expand=stats`,
      );
      expectResponse(coverage, 'listGroups', response, 200);
      const stats = (records(response.body)[0]?._embedded as { stats?: unknown } | undefined)?.stats;
      expect(stats).toMatchObject({ usersCount: 1, appsCount: 1 });
    });

    it('unassignApplicationFromGroup', async () => {
      const response = await target.call('DELETE', `/api/v1/apps/${created.appId}/groups/${created.groupId}`);
      expectResponse(coverage, 'unassignApplicationFromGroup', response, 204);
    });

    it('unassignUserFromGroup', async () => {
      const response = await target.call('DELETE', `/api/v1/groups/${created.groupId}/users/${user.id}`);
      expectResponse(coverage, 'unassignUserFromGroup', response, 204);
    });

    it('deactivateApplication, activateApplication, deactivateApplication, deleteApplication', async () => {
      const app = `/api/v1/apps/${created.appId}`;
      expectResponse(
        coverage,
        'deactivateApplication',
        await target.call('POST', `${app}/lifecycle/deactivate`),
        200,
      );
      expectResponse(
        coverage,
        'activateApplication',
        await target.call('POST', `${app}/lifecycle/activate`),
        200,
      );
      expectResponse(
        coverage,
        'deactivateApplication',
        await target.call('POST', `${app}/lifecycle/deactivate`),
        200,
      );
      expectResponse(coverage, 'deleteApplication', await target.call('DELETE', app), 204);
      delete created.appId;
      expectError(coverage, 'getApplication', await target.call('GET', app), 404, 'E0000007');
    });

    it('deleteGroup', async () => {
      const group = `/api/v1/groups/${created.groupId}`;
      expectResponse(coverage, 'deleteGroup', await target.call('DELETE', group), 204);
      delete created.groupId;
      expectError(coverage, 'getGroup', await target.call('GET', group), 404, 'E0000007');
    });
  });

  describe('errors', () => {
    it('401 without a token, and with an unknown one', async () => {
      const missing = await target.call('GET', '/api/v1/groups', { auth: false });
      // listGroups documents 200, 403 and 429; Okta answers 401 everywhere with the shared ErrorInvalidToken401.
      expect(() => responseContract('listGroups', 401)).toThrow(/does not document status 401/);
      expectError(coverage, 'listGroups', missing, 401, 'E0000011');
      expectComponentConforms('management', '#/components/responses/ErrorInvalidToken401', missing.body);
      const wrong = await target.call('GET', '/api/v1/users/me', {
        auth: false,
        headers: { authorization: 'SSWS not-a-valid-token' },
      });
      expectError(coverage, 'getUser', wrong, 401, 'E0000011');
    });

    it('404 for unknown ids', async () => {
      const cases: [string, string, string][] = [
        ['getUser', 'GET', `/api/v1/users/${unknownId.user}`],
        ['listUserGroups', 'GET', `/api/v1/users/${unknownId.user}/groups`],
        ['getGroup', 'GET', `/api/v1/groups/${unknownId.group}`],
        ['replaceGroup', 'PUT', `/api/v1/groups/${unknownId.group}`],
        ['deleteGroup', 'DELETE', `/api/v1/groups/${unknownId.group}`],
        ['listGroupUsers', 'GET', `/api/v1/groups/${unknownId.group}/users`],
        ['assignUserToGroup', 'PUT', `/api/v1/groups/${everyoneId}/users/${unknownId.user}`],
        ['listAssignedApplicationsForGroup', 'GET', `/api/v1/groups/${unknownId.group}/apps`],
        ['getApplication', 'GET', `/api/v1/apps/${unknownId.app}`],
        ['deleteApplication', 'DELETE', `/api/v1/apps/${unknownId.app}`],
        ['listApplicationGroupAssignments', 'GET', `/api/v1/apps/${unknownId.app}/groups`],
        ['listApplicationUsers', 'GET', `/api/v1/apps/${unknownId.app}/users`],
        ['getApplicationGroupAssignment', 'GET', `/api/v1/apps/${unknownId.app}/groups/${everyoneId}`],
      ];
      for (const [operationId, method, path] of cases) {
        const body =
          method === 'PUT' && path.endsWith(unknownId.group) ? { profile: { name: 'x' } } : undefined;
        const response = await target.call(method, path, body === undefined ? {} : { body });
        expectError(coverage, operationId, response, 404, 'E0000007');
      }
    });

    it('400 for a body that is not well-formed JSON', async () => {
      const response = await target.call('POST', '/api/v1/groups', { rawBody: '{"profile": {"name": ' });
      expectError(coverage, 'addGroup', response, 400, 'E0000003');
    });

    it('400 for a group without a name', async () => {
      const response = await target.call('POST', '/api/v1/groups', {
        body: { profile: { description: 'x' } },
      });
      expectError(coverage, 'addGroup', response, 400, 'E0000001');
    });

    it('405 for a method the path does not support', async () => {
      const response = await target.call('PATCH', '/api/v1/groups', { body: {} });
      expect(response.status).toBe(405);
      expect(field(response.body, 'errorCode')).toBe('E0000022');
      // No operation documents 405; the body is Okta's shared Error.
      expectComponentConforms('management', '#/components/schemas/Error', response.body);
    });

    it('400 for an invalid paging request', async () => {
      const badCursor = await target.call('GET', '/api/v1/users?after=not~a~cursor!&limit=2');
      expectError(coverage, 'listUsers', badCursor, 400, 'E0000029');
      const badLimit = await target.call('GET', '/api/v1/groups?limit=ten');
      expectError(coverage, 'listGroups', badLimit, 400, 'E0000029');
    });

    it('400 for an invalid search or filter', async () => {
      const search = await target.call('GET', `/api/v1/users?search=${encode('profile.email eq')}`);
      expectError(coverage, 'listUsers', search, 400, 'E0000031');
      // listGroups' filter takes id, type, lastUpdated and lastMembershipUpdated only.
      const filter = await target.call(
        'GET',
        `/api/v1/groups?filter=${encode('profile.name eq "Everyone"')}`,
      );
      expectError(coverage, 'listGroups', filter, 400, 'E0000053');
    });

    it.runIf(onEmulator)('429 once a bucket is spent (PUT /__emulator/rate-limits)', async () => {
      const configured = await target.admin(
        'PUT',
        '/__emulator/rate-limits',
        tinyRateLimit('/api/v1/groups', 1),
      );
      expect(configured.status).toBe(200);
      try {
        const allowed = await target.call('GET', '/api/v1/groups');
        expectResponse(coverage, 'listGroups', allowed, 200);
        expect(allowed.headers.get('x-rate-limit-remaining')).toBe('0');
        const refused = await target.call('GET', '/api/v1/groups');
        expectError(coverage, 'listGroups', refused, 429, 'E0000047');
        expectRateLimitHeaders(refused);
        expectDateHeader(refused);
        expect(refused.headers.get('x-rate-limit-limit')).toBe('1');
        expect(refused.headers.get('x-rate-limit-remaining')).toBe('0');
        const reset = Number(refused.headers.get('x-rate-limit-reset'));
        const date = Date.parse(refused.headers.get('date') ?? '');
        expect(reset * 1000).toBeGreaterThan(date);
      } finally {
        await target.admin('PUT', '/__emulator/rate-limits', { preset: 'unlimited' });
      }
    });
  });

  it('checked a response of every management operation the emulator implements', () => {
    const expected = managementOperations.filter((id) => onEmulator || !emulatorOnlyOperations.has(id));
    expect([...coverage.covered()].sort()).toEqual(expect.arrayContaining(expected.sort()));
    expect(expected.length).toBeGreaterThanOrEqual(22);
  });
}

function encode(text: string): string {
  return encodeURIComponent(text);
}
