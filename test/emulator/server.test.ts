import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function start(options: Parameters<typeof startEmulator>[0] = {}) {
  const emulator = await startEmulator(options);
  running.push(emulator);
  return emulator;
}

function api(emulator: RunningEmulator, pathAndQuery: string, init: RequestInit = {}) {
  return fetch(`${emulator.url}${pathAndQuery}`, {
    ...init,
    headers: { authorization: `SSWS ${emulator.token}`, 'content-type': 'application/json', ...init.headers },
  });
}

describe('the emulator server', () => {
  it('listens on 127.0.0.1 and refuses requests without a valid SSWS token with E0000011', async () => {
    const emulator = await start();
    expect(new URL(emulator.url).hostname).toBe('127.0.0.1');
    const anonymous = await fetch(`${emulator.url}/api/v1/groups`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errorCode: 'E0000011', errorCauses: [] });
    const wrong = await fetch(`${emulator.url}/api/v1/groups`, { headers: { authorization: 'SSWS nope' } });
    expect(wrong.status).toBe(401);
  });

  it('sends Date and X-Rate-Limit-* headers and answers 429 E0000047 once a bucket is spent', async () => {
    const emulator = await start({
      rateLimits: {
        windowSeconds: 60,
        concurrency: 75,
        buckets: [{ name: 'groups', path: '/api/v1/groups', limit: 1 }],
      },
    });
    const ok = await api(emulator, '/api/v1/groups');
    expect(ok.headers.get('date')).not.toBeNull();
    expect(ok.headers.get('x-rate-limit-limit')).toBe('1');
    expect(ok.headers.get('x-rate-limit-remaining')).toBe('0');
    const limited = await api(emulator, '/api/v1/groups');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ errorCode: 'E0000047' });
    expect(Number(limited.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(emulator.counts().rateLimited).toBe(1);
  });

  it('collapses the double slash the SDK sends when the org URL ends with /', async () => {
    const emulator = await start();
    expect((await api(emulator, '//api/v1/groups')).status).toBe(200);
  });

  it('hides new groups from search for the configured lag, but not from get', async () => {
    const emulator = await start({ searchLagMs: 60_000 });
    const created = (await (
      await api(emulator, '/api/v1/groups', {
        method: 'POST',
        body: JSON.stringify({ profile: { name: 'Payroll-Admin' } }),
      })
    ).json()) as { id: string };
    const search = encodeURIComponent('profile.name eq "Payroll-Admin"');
    expect(await (await api(emulator, `/api/v1/groups?search=${search}`)).json()).toEqual([]);
    expect((await api(emulator, `/api/v1/groups/${created.id}`)).status).toBe(200);
    await fetch(`${emulator.url}/__emulator/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 61 }),
    });
    expect(await (await api(emulator, `/api/v1/groups?search=${search}`)).json()).toHaveLength(1);
  });

  it('injects faults reproducibly: a scheduled 503 and a connection reset', async () => {
    const emulator = await start({ faults: '503@1,reset@2' });
    expect((await api(emulator, '/api/v1/users')).status).toBe(503);
    await expect(api(emulator, '/api/v1/users')).rejects.toThrow();
    expect((await api(emulator, '/api/v1/users')).status).toBe(200);
    expect(emulator.counts().faults).toBe(2);
  });

  it('persists the org to the state file and loads it again', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'okta-emulator-')), 'org.json');
    const first = await startEmulator({ stateFile });
    await api(first, '/api/v1/groups', {
      method: 'POST',
      body: JSON.stringify({ profile: { name: 'Kept-Group' } }),
    });
    await first.stop();
    expect(
      JSON.parse(readFileSync(stateFile, 'utf8')).groups.map(
        (g: { profile: { name: string } }) => g.profile.name,
      ),
    ).toContain('Kept-Group');
    const second = await start({ stateFile });
    const search = encodeURIComponent('profile.name eq "Kept-Group"');
    expect(await (await api(second, `/api/v1/groups?search=${search}`)).json()).toHaveLength(1);
  });

  it('counts requests per endpoint on the admin surface, which is itself not counted', async () => {
    const emulator = await start({
      seed: { users: [{ email: 'ada@example.com', firstName: 'Ada', lastName: 'L' }] },
    });
    await api(emulator, '/api/v1/users');
    await api(emulator, '/api/v1/users/ada@example.com');
    const counts = await (await fetch(`${emulator.url}/__emulator/requests`)).json();
    expect(counts).toMatchObject({
      total: 2,
      byEndpoint: { 'GET /api/v1/users': 1, 'GET /api/v1/users/:userId': 1 },
      byStatus: { '200': 2 },
    });
  });

  it('logs each API request with its status and any injected fault', async () => {
    const emulator = await start({ faults: '503@2,reset@3' });
    await api(emulator, '/api/v1/users');
    await api(emulator, '/api/v1/groups');
    await api(emulator, '/api/v1/groups').catch(() => undefined);
    const log = (await (await fetch(`${emulator.url}/__emulator/log`)).json()) as unknown[];
    expect(log).toEqual([
      { n: 1, method: 'GET', path: '/api/v1/users', endpoint: 'GET /api/v1/users', status: 200 },
      {
        n: 2,
        method: 'GET',
        path: '/api/v1/groups',
        endpoint: 'GET /api/v1/groups',
        status: 503,
        fault: '503',
      },
      {
        n: 3,
        method: 'GET',
        path: '/api/v1/groups',
        endpoint: 'GET /api/v1/groups',
        status: 0,
        fault: 'reset',
      },
    ]);
  });

  it('snapshots, resets and seeds through the admin surface', async () => {
    const emulator = await start();
    const seeded = await fetch(`${emulator.url}/__emulator/seed`, {
      method: 'POST',
      body: 'users:\n  - {email: grace@example.com, firstName: Grace, lastName: Hopper}\ngroups:\n  - {name: Ops, members: [grace@example.com]}\n',
    });
    expect(await seeded.json()).toEqual({ users: 1, groups: 1, apps: 0 });
    const snapshot = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as { users: unknown[] };
    expect(snapshot.users).toHaveLength(1);
    await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
    const after = (await (await fetch(`${emulator.url}/__emulator/state`)).json()) as {
      users: unknown[];
      groups: unknown[];
    };
    expect(after.users).toHaveLength(0);
    expect(after.groups).toHaveLength(1); // Everyone
  });
});
