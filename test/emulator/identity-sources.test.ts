import okta from '@okta/okta-sdk-nodejs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { identitySourceTiming } from '../../src/emulator/identity-sources/limits.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';

const sourceId = '0oaSOURCE00000000001';
const otherSourceId = '0oaSOURCE00000000002';
const seed = {
  identitySources: [
    { id: sourceId, name: 'HR' },
    { id: otherSourceId, name: 'Contractors' },
  ],
  users: [{ email: 'alice@example.com', firstName: 'Alice', lastName: 'Admin' }],
};

interface Reply {
  status: number;
  body: unknown;
  text: string;
}

interface Session {
  id: string;
  identitySourceId: string;
  status: string;
  importType: string;
  created: string;
  lastUpdated: string;
}

interface ErrorReply {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

interface User {
  id: string;
  status: string;
  profile: Record<string, string | null>;
  credentials: { provider: { type: string } };
}

/** Anything-as-a-Source sessions, driven over HTTP the way a custom client (or Okta Workflows) drives them. */
describe('emulator identity-source sessions', () => {
  let emulator: RunningEmulator;
  const sessions = `/api/v1/identity-sources/${sourceId}/sessions`;
  const defaultImportMs = identitySourceTiming.importMs;

  async function call(method: string, path: string, body?: unknown): Promise<Reply> {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: {
        authorization: `SSWS ${emulator.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text), text };
  }

  async function advance(seconds: number): Promise<void> {
    const response = await fetch(`${emulator.url}/__emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: seconds }),
    });
    expect(response.status).toBe(200);
  }

  async function openSession(path = sessions): Promise<Session> {
    const reply = await call('POST', path);
    expect(reply.status).toBe(200);
    return reply.body as Session;
  }

  async function getSession(id: string): Promise<Session> {
    const reply = await call('GET', `${sessions}/${id}`);
    expect(reply.status).toBe(200);
    return reply.body as Session;
  }

  function upsert(id: string, profiles: unknown[]): Promise<Reply> {
    return call('POST', `${sessions}/${id}/bulk-upsert`, { entityType: 'USERS', profiles });
  }

  async function findUser(login: string): Promise<User | undefined> {
    const search = encodeURIComponent(`profile.login eq "${login}"`);
    const reply = await call('GET', `/api/v1/users?search=${search}`);
    expect(reply.status).toBe(200);
    const users = reply.body as User[];
    expect(users.length).toBeLessThanOrEqual(1);
    return users[0];
  }

  function causes(reply: Reply): string {
    return (reply.body as ErrorReply).errorCauses.map((cause) => cause.errorSummary).join('\n');
  }

  function person(externalId: string, first: string, last: string, extra: Record<string, string> = {}) {
    const email = `${first.toLowerCase()}@example.com`;
    return { externalId, profile: { userName: email, firstName: first, lastName: last, email, ...extra } };
  }

  beforeAll(async () => {
    emulator = await startEmulator({ seed, randomSeed: 7 });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(async () => {
    await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
    await fetch(`${emulator.url}/__emulator/seed`, { method: 'POST', body: JSON.stringify(seed) });
  });
  afterEach(() => {
    identitySourceTiming.importMs = defaultImportMs;
  });

  it('runs CREATED → IN_PROGRESS → TRIGGERED → COMPLETED, creating, updating and deactivating users', async () => {
    identitySourceTiming.importMs = 60_000;
    const session = await openSession();
    expect(session).toEqual({
      id: expect.stringMatching(/^aps[A-Za-z0-9]{17}$/),
      identitySourceId: sourceId,
      status: 'CREATED',
      importType: 'INCREMENTAL',
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      lastUpdated: session.created,
    });
    expect((await call('GET', sessions)).body).toEqual([session]);

    const loaded = await upsert(session.id, [
      person('E1', 'Bob', 'Builder', { managerExternalId: 'E2', department: 'Ops' }),
      person('E2', 'Dana', 'Director'),
      person('E3', 'Alice', 'Renamed', { userName: 'alice@example.com', email: 'alice@example.com' }),
    ]);
    expect(loaded).toMatchObject({ status: 202, text: '' });
    expect((await getSession(session.id)).status).toBe('IN_PROGRESS');

    const triggered = await call('POST', `${sessions}/${session.id}/start-import`);
    expect(triggered.status).toBe(200);
    expect(triggered.body).toMatchObject({ id: session.id, status: 'TRIGGERED' });
    expect(await findUser('bob@example.com')).toBeUndefined();

    await advance(61);
    expect((await getSession(session.id)).status).toBe('COMPLETED');
    expect((await call('GET', sessions)).body).toEqual([]);
    const bob = await findUser('bob@example.com');
    const dana = await findUser('dana@example.com');
    expect(bob).toMatchObject({
      status: 'ACTIVE',
      profile: { login: 'bob@example.com', firstName: 'Bob', department: 'Ops', managerId: dana?.id },
      credentials: { provider: { type: 'IMPORT' } },
    });
    expect(bob?.profile.userName).toBeUndefined();
    expect(dana?.status).toBe('ACTIVE');
    // The seeded alice has the same login and no source yet: linked and updated, not duplicated.
    expect(await findUser('alice@example.com')).toMatchObject({ profile: { lastName: 'Renamed' } });

    const second = await openSession();
    expect(second.id).not.toBe(session.id);
    expect((await upsert(second.id, [person('E1', 'Bob', 'Rebuilt')])).status).toBe(202);
    const deleted = await call('POST', `${sessions}/${second.id}/bulk-delete`, {
      entityType: 'USERS',
      profiles: [{ externalId: 'E2' }, { externalId: 'NOT-KNOWN' }],
    });
    expect(deleted).toMatchObject({ status: 202, text: '' });
    expect((await call('POST', `${sessions}/${second.id}/start-import`)).status).toBe(200);
    await advance(61);
    expect((await getSession(second.id)).status).toBe('COMPLETED');
    expect(await findUser('bob@example.com')).toMatchObject({
      id: bob?.id,
      status: 'ACTIVE',
      profile: { lastName: 'Rebuilt', managerId: dana?.id },
    });
    expect(await findUser('dana@example.com')).toMatchObject({ id: dana?.id, status: 'DEPROVISIONED' });
  });

  it('lists the users a source owns as its app users, with their externalId; deactivated ones DEPROVISIONED', async () => {
    const session = await openSession();
    await upsert(session.id, [person('E1', 'Bob', 'Builder'), person('E2', 'Dana', 'Director')]);
    await call('POST', `${sessions}/${session.id}/start-import`);
    await advance(3);
    const second = await openSession();
    await call('POST', `${sessions}/${second.id}/bulk-delete`, {
      entityType: 'USERS',
      profiles: [{ externalId: 'E2' }],
    });
    await call('POST', `${sessions}/${second.id}/start-import`);
    await advance(3);

    const reply = await call('GET', `/api/v1/apps/${sourceId}/users?limit=1`);
    expect(reply.status).toBe(200);
    const page = reply.body as Record<string, unknown>[];
    expect(page).toHaveLength(1);
    const all = [
      ...page,
      ...((await call('GET', `/api/v1/apps/${sourceId}/users?limit=500`)).body as Record<string, unknown>[]),
    ];
    const byExternalId = new Map(all.map((user) => [user.externalId, user]));
    const bob = await findUser('bob@example.com');
    expect(byExternalId.get('E1')).toMatchObject({
      id: bob?.id,
      scope: 'USER',
      status: 'ACTIVE',
      credentials: { userName: 'bob@example.com' },
      profile: { email: 'bob@example.com', firstName: 'Bob', lastName: 'Builder' },
    });
    expect(byExternalId.get('E2')).toMatchObject({ status: 'DEPROVISIONED' });
    // The seeded alice belongs to no source: not an app user of it, nor of the other source.
    expect([...byExternalId.keys()].sort()).toEqual(['E1', 'E2']);
    expect((await call('GET', `/api/v1/apps/${otherSourceId}/users`)).body).toEqual([]);
    expect((await call('GET', '/api/v1/apps/0oaNOSUCHAPP00000001/users')).status).toBe(404);
  });

  it('takes identitySourceImportMs of emulator time for an import when the server is given one', async () => {
    const fast = await startEmulator({ seed, randomSeed: 3, identitySourceImportMs: 10 });
    try {
      const headers = { authorization: `SSWS ${fast.token}`, 'content-type': 'application/json' };
      const base = `${fast.url}${sessions}`;
      const session = (await (await fetch(base, { method: 'POST', headers })).json()) as Session;
      await fetch(`${base}/${session.id}/bulk-upsert`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ entityType: 'USERS', profiles: [person('E9', 'Quick', 'Import')] }),
      });
      await fetch(`${base}/${session.id}/start-import`, { method: 'POST', headers });
      await new Promise((resolve) => setTimeout(resolve, 30));
      const after = (await (await fetch(`${base}/${session.id}`, { headers })).json()) as Session;
      expect(after.status).toBe('COMPLETED');
    } finally {
      await fast.stop();
    }
  });

  it('completes an import 2 s of emulator time after start-import by default', async () => {
    const session = await openSession();
    await upsert(session.id, [person('E7', 'Erin', 'Early')]);
    await call('POST', `${sessions}/${session.id}/start-import`);
    await advance(1);
    expect((await getSession(session.id)).status).toBe('TRIGGERED');
    await advance(2);
    expect((await getSession(session.id)).status).toBe('COMPLETED');
    expect(await findUser('erin@example.com')).toMatchObject({ status: 'ACTIVE' });
  });

  it('allows one loading session per identity source at a time', async () => {
    const first = await openSession();
    const refused = await call('POST', sessions);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: 'E0000001' });
    expect(causes(refused)).toContain(`already has an active session ${first.id}`);
    // Another identity source is not affected.
    await openSession(`/api/v1/identity-sources/${otherSourceId}/sessions`);

    expect((await call('DELETE', `${sessions}/${first.id}`)).status).toBe(204);
    expect((await getSession(first.id)).status).toBe('CLOSED');
    expect((await call('GET', sessions)).body).toEqual([]);
    const again = await openSession();
    expect(again.status).toBe('CREATED');
    expect((await call('DELETE', `${sessions}/${first.id}`)).status).toBe(400);
  });

  it('refuses a new session within 5 minutes of triggering one, then queues imports in order', async () => {
    identitySourceTiming.importMs = 3_600_000;
    const first = await openSession();
    await upsert(first.id, [person('E9', 'Gus', 'First')]);
    await call('POST', `${sessions}/${first.id}/start-import`);

    const early = await call('POST', sessions);
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ errorCode: 'E0000001' });
    expect(causes(early)).toContain('within 5 minutes');
    await advance(240);
    expect((await call('POST', sessions)).status).toBe(400);
    await advance(61);

    const second = await openSession();
    const active = (await call('GET', sessions)).body as Session[];
    expect(active.map((session) => [session.id, session.status])).toEqual([
      [first.id, 'TRIGGERED'],
      [second.id, 'CREATED'],
    ]);
    await upsert(second.id, [person('E9', 'Gus', 'Second')]);
    await call('POST', `${sessions}/${second.id}/start-import`);

    // One at a time: the second waits for the first to finish, then takes its own hour.
    await advance(3700);
    expect((await getSession(first.id)).status).toBe('COMPLETED');
    expect((await getSession(second.id)).status).toBe('TRIGGERED');
    expect(await findUser('gus@example.com')).toMatchObject({ profile: { lastName: 'First' } });
    await advance(3600);
    expect((await getSession(second.id)).status).toBe('COMPLETED');
    expect(await findUser('gus@example.com')).toMatchObject({ profile: { lastName: 'Second' } });
  });

  it('validates bulk bodies and accepts at most 50 bulk requests per session', async () => {
    const session = await openSession();
    const many = Array.from({ length: 201 }, (_, i) => person(`X${i}`, `P${i}`, 'Many'));
    const tooMany = await upsert(session.id, many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ errorCode: 'E0000001' });
    expect(causes(tooMany)).toMatch(/201 profiles sent; a bulk request may carry at most 200/);
    expect((await upsert(session.id, many.slice(0, 200))).status).toBe(202);

    const bulky = Array.from({ length: 60 }, (_, i) =>
      person(`B${i}`, `B${i}`, 'Bulky', { homeAddress: 'x'.repeat(4000) }),
    );
    const heavy = await upsert(session.id, bulky);
    expect(heavy.status).toBe(400);
    expect(causes(heavy)).toContain('at most 200 KB');

    const invalid: [unknown, RegExp][] = [
      [{ entityType: 'GROUPS', profiles: [person('G1', 'Gil', 'G')] }, /entityType/],
      [{ entityType: 'USERS', profiles: [] }, /profiles: The field cannot be left blank/],
      [
        { entityType: 'USERS', profiles: [person('x'.repeat(513), 'Long', 'Id')] },
        /externalId: The field is too long/,
      ],
      [{ entityType: 'USERS', profiles: [person('S1', 'Sam', 'S', { email: 'a@b' })] }, /email: The length/],
      [
        {
          entityType: 'USERS',
          profiles: [{ externalId: 'N1', profile: { email: 'n@example.com', age: 42 } }],
        },
        /age: Profile attributes can only be of the string type/,
      ],
    ];
    for (const [body, cause] of invalid) {
      const reply = await call('POST', `${sessions}/${session.id}/bulk-upsert`, body);
      expect(reply.status).toBe(400);
      expect(causes(reply)).toMatch(cause);
    }
    const badDelete = await call('POST', `${sessions}/${session.id}/bulk-delete`, {
      entityType: 'USERS',
      profiles: [{}],
    });
    expect(badDelete.status).toBe(400);
    expect(causes(badDelete)).toContain('profiles[0].externalId');

    // One request was accepted above; rejected ones do not count. 49 more make 50.
    for (let i = 0; i < 49; i++) {
      expect((await upsert(session.id, [person(`R${i}`, `R${i}`, 'Req')])).status).toBe(202);
    }
    const fiftyFirst = await upsert(session.id, [person('R50', 'R50', 'Req')]);
    expect(fiftyFirst.status).toBe(400);
    expect(causes(fiftyFirst)).toContain('the most one session accepts (50)');
    const deleteToo = await call('POST', `${sessions}/${session.id}/bulk-delete`, {
      entityType: 'USERS',
      profiles: [{ externalId: 'R1' }],
    });
    expect(deleteToo.status).toBe(400);
  });

  it('refuses start-import of a session with no data loaded', async () => {
    const session = await openSession();
    const empty = await call('POST', `${sessions}/${session.id}/start-import`);
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ errorCode: 'E0000001' });
    expect(causes(empty)).toContain('only IN_PROGRESS sessions can be triggered');
    // A bulk-delete naming only unknown externalIds loads nothing: the session stays CREATED.
    const unknown = await call('POST', `${sessions}/${session.id}/bulk-delete`, {
      entityType: 'USERS',
      profiles: [{ externalId: 'NOBODY' }],
    });
    expect(unknown.status).toBe(202);
    expect((await getSession(session.id)).status).toBe('CREATED');
    expect((await call('POST', `${sessions}/${session.id}/start-import`)).status).toBe(400);
  });

  it('refuses to cancel a TRIGGERED session and to load data into it', async () => {
    identitySourceTiming.importMs = 60_000;
    const session = await openSession();
    await upsert(session.id, [person('E5', 'Hal', 'Held')]);
    await call('POST', `${sessions}/${session.id}/start-import`);
    const cancel = await call('DELETE', `${sessions}/${session.id}`);
    expect(cancel.status).toBe(400);
    expect(cancel.body).toMatchObject({ errorCode: 'E0000001' });
    expect(causes(cancel)).toContain('only CREATED or IN_PROGRESS sessions can be cancelled');
    expect((await upsert(session.id, [person('E6', 'Ida', 'Late')])).status).toBe(400);
    expect((await call('POST', `${sessions}/${session.id}/start-import`)).status).toBe(400);
    expect((await getSession(session.id)).status).toBe('TRIGGERED');
    await advance(61);
    expect((await getSession(session.id)).status).toBe('COMPLETED');
    expect(await findUser('hal@example.com')).toMatchObject({ status: 'ACTIVE' });
    expect(await findUser('ida@example.com')).toBeUndefined();
  });

  it('discards the data of a cancelled session', async () => {
    const session = await openSession();
    await upsert(session.id, [person('E8', 'Joe', 'Gone')]);
    expect((await call('DELETE', `${sessions}/${session.id}`)).status).toBe(204);
    const state = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as {
      sessions: { id: string; status: string; upserts: unknown[] }[];
    };
    expect(state.sessions.find((record) => record.id === session.id)).toMatchObject({
      status: 'CLOSED',
      upserts: [],
    });
    expect((await call('POST', `${sessions}/${session.id}/start-import`)).status).toBe(400);
    await advance(10);
    expect(await findUser('joe@example.com')).toBeUndefined();
  });

  it('expires CREATED and IN_PROGRESS sessions after 24 h without a bulk request', async () => {
    const loading = await openSession();
    await upsert(loading.id, [person('E4', 'Kim', 'Idle')]);
    await advance(90_000);
    expect((await getSession(loading.id)).status).toBe('EXPIRED');
    expect((await call('GET', sessions)).body).toEqual([]);
    expect((await upsert(loading.id, [person('E4', 'Kim', 'Idle')])).status).toBe(400);
    expect((await call('POST', `${sessions}/${loading.id}/start-import`)).status).toBe(400);
    expect(await findUser('kim@example.com')).toBeUndefined();

    const created = await openSession();
    await advance(86_000);
    expect((await getSession(created.id)).status).toBe('CREATED');
    await advance(500);
    expect((await getSession(created.id)).status).toBe('EXPIRED');
  });

  it('answers 404 E0000007 for an unknown identity source or a session of another source', async () => {
    const unknown = await call('POST', '/api/v1/identity-sources/0oaNOSUCHSOURCE00000/sessions');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ errorCode: 'E0000007' });
    expect((await call('GET', '/api/v1/identity-sources/0oaNOSUCHSOURCE00000/sessions')).status).toBe(404);
    const other = await openSession(`/api/v1/identity-sources/${otherSourceId}/sessions`);
    const crossed = await call('GET', `${sessions}/${other.id}`);
    expect(crossed.status).toBe(404);
    expect(crossed.body).toMatchObject({ errorCode: 'E0000007' });
    expect((await call('GET', `${sessions}/apsNOSUCHSESSION0000`)).status).toBe(404);
  });

  it('is driven by @okta/okta-sdk-nodejs: create, upsert, delete, start-import, get, list', async () => {
    identitySourceTiming.importMs = 60_000;
    const client = new okta.Client({ orgUrl: emulator.url, token: emulator.token, cacheMiddleware: null });
    const api = client.identitySourceApi;
    const session = await api.createIdentitySourceSession({ identitySourceId: sourceId });
    expect(session.status).toBe('CREATED');
    expect(session.importType).toBe('INCREMENTAL');
    const sessionId = session.id ?? '';
    expect(sessionId).toMatch(/^aps/);

    const refused = await api
      .createIdentitySourceSession({ identitySourceId: sourceId })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, errorCode: 'E0000001' });

    await api.uploadIdentitySourceDataForUpsert({
      identitySourceId: sourceId,
      sessionId,
      BulkUpsertRequestBody: {
        entityType: 'USERS',
        profiles: [
          {
            externalId: 'SDK1',
            profile: {
              userName: 'lee@example.com',
              firstName: 'Lee',
              lastName: 'Sdk',
              email: 'lee@example.com',
            },
          },
        ],
      },
    });
    await api.uploadIdentitySourceDataForDelete({
      identitySourceId: sourceId,
      sessionId,
      BulkDeleteRequestBody: { entityType: 'USERS', profiles: [{ externalId: 'SDK-UNKNOWN' }] },
    });
    const listed: string[] = [];
    for await (const item of await api.listIdentitySourceSessions({ identitySourceId: sourceId })) {
      listed.push(`${item?.id}:${item?.status}`);
    }
    expect(listed).toEqual([`${sessionId}:IN_PROGRESS`]);

    const triggered = await api.startImportFromIdentitySource({ identitySourceId: sourceId, sessionId });
    expect(triggered).toMatchObject({ id: sessionId, status: 'TRIGGERED' });
    expect(triggered.created).toBeInstanceOf(Date);
    await advance(61);
    const done = await api.getIdentitySourceSession({ identitySourceId: sourceId, sessionId });
    expect(done.status).toBe('COMPLETED');
    expect(await findUser('lee@example.com')).toMatchObject({
      status: 'ACTIVE',
      profile: { lastName: 'Sdk' },
    });

    const cancelDone = await api
      .deleteIdentitySourceSession({ identitySourceId: sourceId, sessionId })
      .catch((error: unknown) => error);
    expect(cancelDone).toMatchObject({ status: 400, errorCode: 'E0000001' });
  });
});
