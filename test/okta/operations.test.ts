import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { createOktaPort } from '../../src/okta/client.js';
import { OktaRequestError } from '../../src/okta/errors.js';
import type { OktaPort } from '../../src/okta/port.js';

/** Every port operation, through the real SDK, against the emulator over HTTP. */
describe('the Okta port against the emulator', () => {
  let emulator: RunningEmulator;
  let port: OktaPort;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: {
        users: [
          { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
          { email: 'bob@example.com', firstName: 'Bob', lastName: 'Builder', manager: 'ada@example.com' },
          { email: 'Carol@Example.com', firstName: 'Carol', lastName: 'Upper' },
          {
            email: 'carol@example.com',
            login: 'carol.two@example.com',
            firstName: 'Carol',
            lastName: 'Lower',
          },
          { email: 'dave@example.com', firstName: 'Dave', lastName: 'Gone', status: 'DEPROVISIONED' },
          { email: 'eve@example.com', firstName: 'Eve', lastName: 'Paused', status: 'SUSPENDED' },
          { email: 'o"neil@example.com', firstName: 'Quote', lastName: 'Neil' },
        ],
        groups: [
          {
            name: 'Payroll-Admin',
            description: 'Admins [managed]',
            members: ['ada@example.com', 'bob@example.com'],
          },
          { name: 'Payroll-ReadOnly' },
          { name: 'AD-Imported', type: 'APP_GROUP', members: ['eve@example.com'] },
        ],
        apps: [
          { label: 'Payroll', groups: ['Payroll-Admin', 'Payroll-ReadOnly'] },
          { label: 'Payroll Legacy' },
          { label: 'Travel' },
        ],
      },
      // Okta's search is eventually consistent; the port's reads must not depend on it.
      searchLagMs: 60_000,
    });
    // Trailing slashes are normalized away (the SDK would otherwise request //api/v1/...).
    port = createOktaPort({ orgUrl: `${emulator.url}//`, auth: { token: emulator.token } });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  function groupId(name: string): string {
    const group = emulator.store.groupByName(name);
    if (group === undefined) throw new Error(`no group ${name}`);
    return group.id;
  }
  function userId(login: string): string {
    const user = emulator.store.findUser(login);
    if (user === undefined) throw new Error(`no user ${login}`);
    return user.id;
  }

  it('normalizes the org URL', () => {
    expect(port.orgUrl).toBe(emulator.url);
  });

  it('finds apps by label prefix (q); callers match the label exactly', async () => {
    const apps = await port.findAppsByLabel('Payroll');
    expect(apps.map((app) => app.label).sort()).toEqual(['Payroll', 'Payroll Legacy']);
    expect(apps[0]).toMatchObject({ name: 'bookmark', status: 'ACTIVE' });
    expect(apps[0]?.id).toMatch(/^0oa[A-Za-z0-9]{17}$/);
  });

  it('lists the group ids assigned to an app', async () => {
    const [payroll] = (await port.findAppsByLabel('Payroll')).filter((app) => app.label === 'Payroll');
    const ids = await port.listAppGroupIds(payroll?.id ?? '');
    expect(ids.sort()).toEqual([groupId('Payroll-Admin'), groupId('Payroll-ReadOnly')].sort());
  });

  it('lists groups of a type with their member counts', async () => {
    const groups = await port.listGroups({ type: 'OKTA_GROUP', stats: true });
    expect(groups.map((group) => group.name).sort()).toEqual(['Payroll-Admin', 'Payroll-ReadOnly']);
    expect(groups.find((group) => group.name === 'Payroll-Admin')).toEqual({
      id: groupId('Payroll-Admin'),
      name: 'Payroll-Admin',
      description: 'Admins [managed]',
      type: 'OKTA_GROUP',
      usersCount: 2,
    });
    expect(groups.find((group) => group.name === 'Payroll-ReadOnly')).toMatchObject({
      description: null,
      usersCount: 0,
    });
  });

  it('lists every group without a type, and no counts unless asked', async () => {
    const groups = await port.listGroups({});
    expect(groups.map((group) => group.type).sort()).toEqual([
      'APP_GROUP',
      'BUILT_IN',
      'OKTA_GROUP',
      'OKTA_GROUP',
    ]);
    expect(groups.every((group) => group.usersCount === undefined)).toBe(true);
  });

  it('lists a group created a moment ago (filter, not the eventually consistent search)', async () => {
    const created = await port.createGroup('Fresh-Group', 'just now');
    const groups = await port.listGroups({ type: 'OKTA_GROUP' });
    expect(groups.map((group) => group.id)).toContain(created.id);
    await port.deleteGroup(created.id);
  });

  it('lists a group’s members as user records', async () => {
    const members = await port.listGroupMembers(groupId('Payroll-Admin'));
    expect(members.map((member) => member.email).sort()).toEqual(['ada@example.com', 'bob@example.com']);
    expect(members.find((member) => member.email === 'bob@example.com')).toEqual({
      id: userId('bob@example.com'),
      status: 'ACTIVE',
      login: 'bob@example.com',
      email: 'bob@example.com',
      firstName: 'Bob',
      lastName: 'Builder',
      managerId: userId('ada@example.com'),
      manager: 'Ada Lovelace',
    });
  });

  it('lists users by id in batches with a consistent filter, unknown ids left out', async () => {
    const before = port.stats().byEndpoint['GET /api/v1/users'] ?? 0;
    const users = await port.listUsersByIds(
      [
        userId('ada@example.com'),
        userId('bob@example.com'),
        '00unobody00000000000',
        userId('ada@example.com'),
      ],
      2,
    );
    expect(users.map((user) => user.email).sort()).toEqual(['ada@example.com', 'bob@example.com']);
    // ada asked twice is asked once: three distinct ids, two batches.
    expect((port.stats().byEndpoint['GET /api/v1/users'] ?? 0) - before).toBe(2);
  });

  it('searches users by email in batches, returning every case variant', async () => {
    const before = port.stats().byEndpoint['GET /api/v1/users'] ?? 0;
    const users = await port.searchUsersByEmail(
      ['CAROL@example.com', 'ada@EXAMPLE.com', 'nobody@example.com', 'Ada@example.com'],
      2,
    );
    expect(users.map((user) => user.login).sort()).toEqual([
      'Carol@Example.com',
      'ada@example.com',
      'carol.two@example.com',
    ]);
    // ada asked twice (in two spellings) is searched once: three distinct emails, two batches; then the one search
    // did not find is looked up with the consistent filter.
    expect((port.stats().byEndpoint['GET /api/v1/users'] ?? 0) - before).toBe(3);
  });

  it('escapes quotes in searched emails', async () => {
    const users = await port.searchUsersByEmail(['o"neil@example.com']);
    expect(users.map((user) => user.email)).toEqual(['o"neil@example.com']);
  });

  it('sends no request for an empty email list', async () => {
    const before = port.stats().requests;
    expect(await port.searchUsersByEmail([])).toEqual([]);
    expect(port.stats().requests).toBe(before);
  });

  it('lists every user, deprovisioned ones included', async () => {
    const users = await port.listAllUsers();
    expect(users).toHaveLength(7);
    expect(users.find((user) => user.email === 'dave@example.com')?.status).toBe('DEPROVISIONED');
    expect(users.find((user) => user.email === 'eve@example.com')?.status).toBe('SUSPENDED');
    // Without search or filter Okta leaves deprovisioned users out: that is why the port filters by status.
    const plain = await fetch(`${emulator.url}/api/v1/users?limit=200`, {
      headers: { authorization: `SSWS ${emulator.token}` },
    });
    expect(((await plain.json()) as unknown[]).length).toBe(6);
  });

  it('gets a group, and answers undefined for a missing one', async () => {
    expect(await port.getGroup(groupId('Payroll-ReadOnly'))).toMatchObject({ name: 'Payroll-ReadOnly' });
    expect(await port.getGroup('00gdoesnotexist00000')).toBeUndefined();
  });

  it('creates, renames and deletes a group', async () => {
    const created = await port.createGroup('Travel-Booker', 'Books travel [managed]');
    expect(created).toMatchObject({
      name: 'Travel-Booker',
      description: 'Books travel [managed]',
      type: 'OKTA_GROUP',
    });
    const updated = await port.updateGroup(created.id, 'Travel-Bookers', 'Book travel [managed]');
    expect(updated).toMatchObject({
      id: created.id,
      name: 'Travel-Bookers',
      description: 'Book travel [managed]',
    });
    expect(emulator.store.groupByName('Travel-Bookers')?.id).toBe(created.id);
    await port.deleteGroup(created.id);
    expect(await port.getGroup(created.id)).toBeUndefined();
  });

  it('refuses a duplicate group name with a typed 400', async () => {
    const error = await port.createGroup('payroll-admin', '').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OktaRequestError);
    expect(error).toMatchObject({ status: 400, errorCode: 'E0000001', endpoint: 'POST /api/v1/groups' });
    expect((error as OktaRequestError).causes.length).toBeGreaterThan(0);
  });

  it('surfaces 404 on deletes as a typed error for the apply stage to judge', async () => {
    const error = await port.deleteGroup('00gdoesnotexist00000').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'OktaRequestError',
      status: 404,
      errorCode: 'E0000007',
      endpoint: 'DELETE /api/v1/groups/{id}',
      code: 'OKTA_REQUEST_FAILED',
    });
    expect((error as Error).message).toMatch(
      /^Okta answered 404 E0000007 to DELETE \/api\/v1\/groups\/\{id\}/,
    );
  });

  it('adds and removes members; repeating either is harmless', async () => {
    const group = groupId('Payroll-ReadOnly');
    const carol = userId('carol.two@example.com');
    await port.addMember(group, carol);
    await port.addMember(group, carol);
    expect((await port.listGroupMembers(group)).map((member) => member.id)).toEqual([carol]);
    await port.removeMember(group, carol);
    await port.removeMember(group, carol);
    expect(await port.listGroupMembers(group)).toEqual([]);
  });

  it('surfaces membership writes Okta refuses as typed errors', async () => {
    const missingUser = await port
      .addMember(groupId('Payroll-ReadOnly'), '00udoesnotexist00000')
      .catch((caught: unknown) => caught);
    expect(missingUser).toMatchObject({ status: 404, endpoint: 'PUT /api/v1/groups/{id}/users/{id}' });
    const appGroup = await port
      .addMember(groupId('AD-Imported'), userId('ada@example.com'))
      .catch((caught: unknown) => caught);
    expect(appGroup).toBeInstanceOf(OktaRequestError);
    expect((appGroup as OktaRequestError).status).toBeGreaterThanOrEqual(400);
  });

  it('creates a bookmark app, assigns a group without a body, and unassigns it', async () => {
    const app = await port.createBookmarkApp('Expenses', 'https://expenses.example.com/');
    expect(app).toMatchObject({ label: 'Expenses', name: 'bookmark', status: 'ACTIVE' });
    expect(emulator.store.requireApp(app.id).settings).toMatchObject({
      app: { url: 'https://expenses.example.com/' },
    });
    const group = groupId('Payroll-ReadOnly');
    await port.assignGroup(app.id, group);
    await port.assignGroup(app.id, group);
    expect(await port.listAppGroupIds(app.id)).toEqual([group]);
    await port.unassignGroup(app.id, group);
    expect(await port.listAppGroupIds(app.id)).toEqual([]);
    const again = await port.unassignGroup(app.id, group).catch((caught: unknown) => caught);
    expect(again).toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  it('counts every request by templated endpoint, as the emulator counts them', async () => {
    const counts = emulator.counts().byEndpoint;
    const stats = port.stats();
    const asEmulator = (endpoint: string) =>
      endpoint.replace(/\{id\}/g, (_, offset: number) => {
        const before = endpoint.slice(0, offset);
        if (before.endsWith('/apps/')) return ':appId';
        if (before.endsWith('/groups/')) return ':groupId';
        return ':userId';
      });
    // One request above was made with fetch, not the port.
    const direct: Record<string, number> = { 'GET /api/v1/users': 1 };
    for (const [endpoint, count] of Object.entries(stats.byEndpoint)) {
      const emulated = (counts[asEmulator(endpoint)] ?? 0) - (direct[endpoint] ?? 0);
      expect([endpoint, emulated]).toEqual([endpoint, count]);
    }
    expect(stats.requests).toBe(emulator.counts().total - 1);
    expect(stats).toMatchObject({ retries: 0, rateLimited: 0, waitedMs: 0 });
  });
});

describe('user lookup by email while search lags behind', () => {
  it('finds a user created moments ago, whom the lagging search does not list yet', async () => {
    const emulator = await startEmulator({
      seed: { users: [{ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }] },
      searchLagMs: 60_000,
    });
    try {
      const port = createOktaPort({ orgUrl: emulator.url, auth: { token: emulator.token } });
      const created = await fetch(`${emulator.url}/api/v1/users?activate=true`, {
        method: 'POST',
        headers: { authorization: `SSWS ${emulator.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          profile: {
            firstName: 'New',
            lastName: 'Hire',
            email: 'new.hire@example.com',
            login: 'new.hire@example.com',
          },
        }),
      });
      expect(created.status).toBe(200);
      const users = await port.searchUsersByEmail([
        'ada@example.com',
        'new.hire@example.com',
        'nobody@example.com',
      ]);
      expect(users.map((user) => user.email).sort()).toEqual(['ada@example.com', 'new.hire@example.com']);
      // One search (finds ada), one filter for the two emails the search missed.
      expect(port.stats().byEndpoint['GET /api/v1/users']).toBe(2);
    } finally {
      await emulator.stop();
    }
  });
});
