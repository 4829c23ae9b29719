import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';

const dayMs = 86_400_000;
const seed = {
  users: [
    { email: 'olga@example.com', firstName: 'Olga', lastName: 'Owner' },
    { email: 'otto@example.com', firstName: 'Otto', lastName: 'Appowner' },
    { email: 'rita@example.com', firstName: 'Rita', lastName: 'Fallback' },
    { email: 'alice@example.com', firstName: 'Alice', lastName: 'Admin' },
    { email: 'bob@example.com', firstName: 'Bob', lastName: 'Builder' },
  ],
  groups: [
    { name: 'Payroll-Admin', members: ['alice@example.com'] },
    { name: 'Payroll-Approver', members: ['bob@example.com'] },
    { name: 'Payroll-Owners', members: ['olga@example.com'] },
  ],
  apps: [{ label: 'Payroll', groups: ['Payroll-Admin', 'Payroll-Approver'] }],
};

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely; each test checks the fields it uses
type Body = any;

describe('emulator governance: resource owners, risk rules and risk assessments', () => {
  let emulator: RunningEmulator;
  const ids: Record<string, string> = {};
  const orn: Record<string, string> = {};

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        authorization: `SSWS ${emulator.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Body };
  }

  function criterion(name: string, groupIds: string[], operation = 'CONTAINS_ONE') {
    return {
      name,
      attribute: 'principal.effective_grants',
      operation,
      value: { type: 'ENTITLEMENTS', value: [{ id: ids.app, values: groupIds.map((id) => ({ id })) }] },
    };
  }

  function ruleBody(name: string, overrides: Record<string, unknown> = {}) {
    return {
      name,
      description: 'No one both administers and approves payroll',
      type: 'SEPARATION_OF_DUTIES',
      resources: [{ resourceOrn: orn.app }],
      conflictCriteria: {
        and: [criterion('admins', [ids.admin ?? '']), criterion('approvers', [ids.approver ?? ''])],
      },
      ...overrides,
    };
  }

  beforeAll(async () => {
    emulator = await startEmulator({ randomSeed: 11 });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(async () => {
    await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
    const seeded = await fetch(`${emulator.url}/__emulator/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(seed),
    });
    expect(seeded.status).toBe(200);
    const store = emulator.store;
    const orgId = store.state.orgId;
    for (const name of ['olga', 'otto', 'rita', 'alice', 'bob']) {
      ids[name] = store.findUser(`${name}@example.com`)?.id ?? '';
      orn[name] = `orn:okta:directory:${orgId}:users:${ids[name]}`;
    }
    for (const [key, name] of [
      ['admin', 'Payroll-Admin'],
      ['approver', 'Payroll-Approver'],
      ['owners', 'Payroll-Owners'],
    ] as const) {
      ids[key] = store.groupByName(name)?.id ?? '';
      orn[key] = `orn:okta:directory:${orgId}:groups:${ids[key]}`;
    }
    const app = [...store.state.apps.values()].find((candidate) => candidate.label === 'Payroll');
    ids.app = app?.id ?? '';
    orn.app = `orn:okta:idp:${orgId}:apps:${app?.name}:${app?.id}`;
  });

  it('sets, replaces, lists and removes the owners of an app and of an entitlement group', async () => {
    const set = await call('POST', '/governance/api/v1/resource-owners', {
      principalOrns: [orn.olga, orn.owners],
      resourceOrns: [orn.admin],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.data[0].parentResourceOrn).toBe(orn.app);
    expect(set.body.data[0].resource).toMatchObject({ id: ids.admin, type: 'groups', orn: orn.admin });
    expect(set.body.data[0].principals.map((principal: Body) => principal.orn)).toEqual([
      orn.olga,
      orn.owners,
    ]);
    expect(set.body.data[0].principals[0].profile).toMatchObject({
      name: 'Olga Owner',
      email: 'olga@example.com',
    });

    await call('POST', '/governance/api/v1/resource-owners', {
      principalOrns: [orn.otto],
      resourceOrns: [orn.app],
    });
    const replaced = await call('POST', '/governance/api/v1/resource-owners', {
      principalOrns: [orn.olga],
      resourceOrns: [orn.admin],
    });
    expect(replaced.body.data[0].principals).toHaveLength(1);

    const filter = encodeURIComponent(`parentResourceOrn eq "${orn.app}"`);
    const listed = await call('GET', `/governance/api/v1/resource-owners?filter=${filter}`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((item: Body) => item.resource.orn)).toEqual([orn.admin]);
    const withParent = await call(
      'GET',
      `/governance/api/v1/resource-owners?filter=${filter}&include=parent_resource_owner`,
    );
    expect(withParent.body.data.map((item: Body) => item.resource.orn).sort()).toEqual(
      [orn.admin, orn.app].sort(),
    );
    const byResource = encodeURIComponent(`resource.orn eq "${orn.app}"`);
    const app = await call('GET', `/governance/api/v1/resource-owners?filter=${byResource}`);
    expect(app.body.data[0].principals[0].orn).toBe(orn.otto);

    const catalog = await call(
      'GET',
      `/governance/api/v1/resource-owners/catalog/resources?filter=${filter}`,
    );
    expect(catalog.status).toBe(200);
    expect(catalog.body.parentResourceOrn).toBe(orn.app);
    expect(catalog.body.data.map((item: Body) => item.orn)).toEqual([orn.approver]);

    const removed = await call('PATCH', '/governance/api/v1/resource-owners', {
      resourceOrn: orn.admin,
      data: [{ op: 'REMOVE', path: '/principalOrn', value: orn.olga }],
    });
    expect(removed.status).toBe(204);
    expect((await call('GET', `/governance/api/v1/resource-owners?filter=${filter}`)).body.data).toEqual([]);
    await call('POST', '/governance/api/v1/resource-owners', {
      principalOrns: null,
      resourceOrns: [orn.app],
    });
    expect((await call('GET', `/governance/api/v1/resource-owners?filter=${byResource}`)).body.data).toEqual(
      [],
    );
  });

  it('refuses owners that are not users or groups of this org, and a list without a filter, with E0000001', async () => {
    const foreign = await call('POST', '/governance/api/v1/resource-owners', {
      principalOrns: ['orn:okta:directory:00oOtherOrg000000000:users:00u00000000000000000'],
      resourceOrns: [orn.admin],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errorCode).toBe('E0000001');
    expect(foreign.body.errorCauses[0].errorSummary).toContain('principalOrns/0');
    const tooMany = await call('POST', '/governance/api/v1/resource-owners', {
      principalOrns: [orn.olga, orn.otto, orn.rita, orn.alice, orn.bob, orn.owners],
      resourceOrns: [orn.admin],
    });
    expect(tooMany.status).toBe(400);
    const appAsOwner = await call('POST', '/governance/api/v1/resource-owners', {
      principalOrns: [orn.app],
      resourceOrns: [orn.admin],
    });
    expect(appAsOwner.status).toBe(400);
    const unfiltered = await call('GET', '/governance/api/v1/resource-owners');
    expect(unfiltered.status).toBe(400);
    expect(unfiltered.body.errorCode).toBe('E0000001');
    expect(emulator.store.state.resourceOwners.size).toBe(0);
  });

  it('launches a RESOURCE_OWNER campaign with each review assigned to the resource owner, else the app owner', async () => {
    await call('POST', '/governance/api/v1/resource-owners', {
      principalOrns: [orn.olga],
      resourceOrns: [orn.admin],
    });
    await call('POST', '/governance/api/v1/resource-owners', {
      principalOrns: [orn.otto],
      resourceOrns: [orn.app],
    });
    const clock = (await (await fetch(`${emulator.url}/__emulator/clock`)).json()) as { now: string };
    const created = await call('POST', '/governance/api/v1/campaigns', {
      name: 'Payroll owners review',
      scheduleSettings: {
        type: 'ONE_OFF',
        startDate: new Date(Date.parse(clock.now) + dayMs).toISOString(),
        durationInDays: 14,
        timeZone: 'UTC',
      },
      resourceSettings: {
        type: 'GROUP',
        targetTypes: ['GROUP'],
        targetResources: [{ resourceId: ids.admin }, { resourceId: ids.approver }],
      },
      principalScopeSettings: { type: 'USERS' },
      reviewerSettings: { type: 'RESOURCE_OWNER', fallBackReviewerId: ids.rita },
      remediationSettings: {
        accessApproved: 'NO_ACTION',
        accessRevoked: 'NO_ACTION',
        noResponse: 'NO_ACTION',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await call('POST', `/governance/api/v1/campaigns/${created.body.id}/launch`)).status).toBe(202);
    const filter = encodeURIComponent(`campaignId eq "${created.body.id}"`);
    const reviews = (await call('GET', `/governance/api/v1/reviews?filter=${filter}`)).body.data as Body[];
    const reviewerOf = (resourceId: string) =>
      reviews.find((review) => review.resourceId === resourceId)?.reviewerProfile?.id;
    expect(reviews).toHaveLength(2);
    expect(reviewerOf(ids.admin ?? '')).toBe(ids.olga);
    expect(reviewerOf(ids.approver ?? '')).toBe(ids.otto);
    expect(reviews.every((review) => review.reviewerType === 'RESOURCE_OWNER')).toBe(true);
  });

  it('creates, lists, gets, replaces and deletes risk rules; a duplicate name is E0000028', async () => {
    const created = await call('POST', '/governance/api/v1/risk-rules', ruleBody('Payroll SoD'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Payroll SoD',
      type: 'SEPARATION_OF_DUTIES',
      status: 'ACTIVE',
    });
    expect(created.body.id).toMatch(/^rul[A-Za-z0-9]{17}$/);
    const id = created.body.id as string;

    const duplicate = await call('POST', '/governance/api/v1/risk-rules', ruleBody('payroll sod'));
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errorCode).toBe('E0000028');

    await call('POST', '/governance/api/v1/risk-rules', ruleBody('Vendor SoD'));
    const byName = encodeURIComponent('name sw "Payroll"');
    const listed = await call('GET', `/governance/api/v1/risk-rules?filter=${byName}`);
    expect(listed.body.data.map((rule: Body) => rule.name)).toEqual(['Payroll SoD']);
    const byOrn = encodeURIComponent(`resourceOrn eq "${orn.app}"`);
    expect((await call('GET', `/governance/api/v1/risk-rules?filter=${byOrn}`)).body.data).toHaveLength(2);

    const replaced = await call('PUT', `/governance/api/v1/risk-rules/${id}`, {
      id,
      name: 'Payroll SoD v2',
      notes: 'reviewed yearly',
      description: null,
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.name).toBe('Payroll SoD v2');
    expect(replaced.body.notes).toBe('reviewed yearly');
    expect(replaced.body.description).toBeUndefined();
    expect((await call('GET', `/governance/api/v1/risk-rules/${id}`)).body.name).toBe('Payroll SoD v2');
    const clash = await call('PUT', `/governance/api/v1/risk-rules/${id}`, { id, name: 'Vendor SoD' });
    expect(clash.body.errorCode).toBe('E0000028');

    expect((await call('DELETE', `/governance/api/v1/risk-rules/${id}`)).status).toBe(204);
    const gone = await call('GET', `/governance/api/v1/risk-rules/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.errorCode).toBe('E0000007');
  });

  it('refuses malformed risk rules with E0000001 and stores nothing', async () => {
    for (const body of [
      ruleBody('', {}),
      ruleBody('x'.repeat(256)),
      ruleBody('No type', { type: 'OTHER' }),
      ruleBody('One criterion', { conflictCriteria: { and: [criterion('a', [ids.admin ?? ''])] } }),
      ruleBody('Unknown entitlement', {
        conflictCriteria: {
          and: [criterion('a', ['00gNoSuchGroup000000']), criterion('b', [ids.approver ?? ''])],
        },
      }),
      ruleBody('Two resources', { resources: [{ resourceOrn: orn.app }, { resourceOrn: orn.app }] }),
    ]) {
      const reply = await call('POST', '/governance/api/v1/risk-rules', body);
      expect(reply.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(reply.body.errorCode).toBe('E0000001');
    }
    expect(emulator.store.state.riskRules.size).toBe(0);
  });

  it('assesses a request: granting Payroll-Approver to a Payroll-Admin violates the rule', async () => {
    const rule = (await call('POST', '/governance/api/v1/risk-rules', ruleBody('Payroll SoD'))).body;
    const conflict = await call('POST', '/governance/api/v1/risk-rule-assessments', {
      principalOrn: orn.alice,
      resourceOrnList: [orn.approver],
    });
    expect(conflict.status, JSON.stringify(conflict.body)).toBe(200);
    expect(conflict.body.data).toHaveLength(1);
    expect(conflict.body.data[0]).toMatchObject({
      principalOrn: orn.alice,
      resourceOrn: orn.approver,
      ruleId: rule.id,
      ruleName: 'Payroll SoD',
      type: 'SEPARATION_OF_DUTIES',
    });
    const clean = await call('POST', '/governance/api/v1/risk-rule-assessments', {
      principalOrn: orn.rita,
      resourceOrn: orn.approver,
    });
    expect(clean.body.data).toEqual([]);
    const missing = await call('POST', '/governance/api/v1/risk-rule-assessments', {
      principalOrn: orn.alice,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errorCode).toBe('E0000001');
  });

  it('keeps hostile names and descriptions verbatim and refuses oversized bodies', async () => {
    const name = '**[click](javascript:alert(1))** <img src=x>\u001b[31m|x|';
    const description = '# heading\r\n\u0007`code`\t<script>';
    const created = await call('POST', '/governance/api/v1/risk-rules', ruleBody(name, { description }));
    expect(created.status).toBe(201);
    const read = await call('GET', `/governance/api/v1/risk-rules/${created.body.id}`);
    expect(read.body.name).toBe(name);
    expect(read.body.description).toBe(description);
    const huge = JSON.stringify(ruleBody('Huge', { description: 'x'.repeat(11 * 1024 * 1024) }));
    const refused = await new Promise<number>((resolve, reject) => {
      // Its own connection (agent: false): the server answers before reading the rest and drops the socket.
      const sent = request(
        `${emulator.url}/governance/api/v1/risk-rules`,
        {
          method: 'POST',
          agent: false,
          headers: { authorization: `SSWS ${emulator.token}`, 'content-type': 'application/json' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      sent.on('error', reject);
      sent.end(huge);
    });
    expect(refused).toBeGreaterThanOrEqual(400);
    expect(emulator.store.state.riskRules.size).toBe(1);
    const long = await call(
      'POST',
      '/governance/api/v1/risk-rules',
      ruleBody('Long', { description: 'x'.repeat(1001) }),
    );
    expect(long.status).toBe(400);
  });

  it('seeds owners and risk rules, and keeps them in the saved state', async () => {
    await fetch(`${emulator.url}/__emulator/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        groups: [{ name: 'Payroll-Readers', owners: ['olga@example.com', 'Payroll-Owners'] }],
        riskRules: [
          { name: 'Seeded SoD', app: 'Payroll', first: ['Payroll-Admin'], second: ['Payroll-Approver'] },
        ],
      }),
    });
    const readers = emulator.store.groupByName('Payroll-Readers')?.id;
    const owners = emulator.store.state.resourceOwners.get(
      `orn:okta:directory:${emulator.store.state.orgId}:groups:${readers}`,
    );
    expect(owners?.principalOrns).toEqual([orn.olga, orn.owners]);
    const snapshot = JSON.parse(JSON.stringify(emulator.store.snapshot()));
    expect(snapshot.riskRules.map((rule: Body) => rule.name)).toEqual(['Seeded SoD']);
    emulator.store.reset();
    emulator.store.restore(snapshot);
    expect(emulator.store.state.riskRules.size).toBe(1);
    expect(emulator.store.state.resourceOwners.size).toBe(1);
    const assessed = await call('POST', '/governance/api/v1/risk-rule-assessments', {
      principalOrn: orn.bob,
      resourceOrnList: [orn.admin],
    });
    expect(assessed.body.data.map((conflict: Body) => conflict.ruleName)).toEqual(['Seeded SoD']);
  });
});
