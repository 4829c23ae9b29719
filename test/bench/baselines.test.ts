import { afterEach, describe, expect, it } from 'vitest';
import { perResourceRefresh, rowAtATime } from '../../bench/baselines.mjs';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';

const marker = '[managed by okta-access-gitops]';
const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

// 250 users; app A with 2 groups, app B with 1; group A-R1 holds 230 members (two pages at the provider's 200).
const users = Array.from({ length: 250 }, (_, i) => ({
  email: `user${i}@example.com`,
  firstName: `F${i}`,
  lastName: `L${i}`,
}));
const members = {
  'A-R1': users.slice(0, 230).map((user) => user.email),
  'A-R2': users.slice(10, 20).map((user) => user.email),
  'B-R1': users.slice(200, 205).map((user) => user.email),
};
const seed = {
  users,
  groups: Object.entries(members).map(([name, emails]) => ({ name, description: marker, members: emails })),
  apps: [
    { label: 'A', groups: ['A-R1', 'A-R2'] },
    { label: 'B', groups: ['B-R1'] },
  ],
};

async function counts(url: string): Promise<{ total: number; byEndpoint: Record<string, number> }> {
  return (await fetch(`${url}/__emulator/requests`)).json() as Promise<{
    total: number;
    byEndpoint: Record<string, number>;
  }>;
}

describe('plan benchmark baselines against the emulator', () => {
  it('row-at-a-time issues three requests per row, one per app and one per group, and adds every member', async () => {
    const emulator = await startEmulator({ seed });
    running.push(emulator);
    // The desired rows: every current member plus 5 people A-R2 does not have yet.
    const rows = [
      ...Object.entries(members).flatMap(([group, emails]) =>
        emails.map((email) => ({ email, app: group.slice(0, 1), group })),
      ),
      ...users.slice(240, 245).map((user) => ({ email: user.email, app: 'A', group: 'A-R2' })),
    ];
    await fetch(`${emulator.url}/__emulator/requests`, { method: 'DELETE' });
    const outcome = await rowAtATime({ url: emulator.url, rows, concurrency: 8 });
    const seen = await counts(emulator.url);
    expect(outcome).toEqual({ rows: rows.length, apps: 2, groups: 3, added: rows.length });
    expect(seen.byEndpoint).toEqual({
      'GET /api/v1/apps': 2,
      'GET /api/v1/users/:userId': rows.length,
      'GET /api/v1/groups': rows.length,
      'PUT /api/v1/groups/:groupId/users/:userId': rows.length,
      'PUT /api/v1/apps/:appId/groups/:groupId': 3,
    });
    expect(seen.total).toBe(3 * rows.length + 2 + 3);
    const group = [...emulator.store.state.groups.values()].find((g) => g.profile.name === 'A-R2');
    expect(emulator.store.membersOf(group?.id ?? '').size).toBe(15);
  });

  it('per-resource refresh reads each group, each member page, each assignment, each app and each user', async () => {
    const emulator = await startEmulator({ seed });
    running.push(emulator);
    const state = emulator.store.state;
    const groups = [...state.groups.values()]
      .filter((group) => group.profile.description === marker)
      .map((group) => ({
        id: group.id,
        appId: [...state.assignments].find(([, assigned]) => assigned.has(group.id))?.[0] ?? '',
      }));
    const apps = [...state.apps.values()].map((app) => ({ id: app.id, label: app.label }));
    const emails = [...new Set(Object.values(members).flat())];
    await fetch(`${emulator.url}/__emulator/requests`, { method: 'DELETE' });
    const outcome = await perResourceRefresh({ url: emulator.url, groups, apps, emails, concurrency: 8 });
    const seen = await counts(emulator.url);
    expect(outcome).toEqual({
      groups: 3,
      apps: 2,
      memberships: 230 + 10 + 5,
      assignments: 3,
      users: emails.length,
    });
    expect(seen.byEndpoint).toEqual({
      'GET /api/v1/apps': 2,
      'GET /api/v1/groups/:groupId': 3,
      // A-R1 has 230 members: two pages of 200.
      'GET /api/v1/groups/:groupId/users': 4,
      'GET /api/v1/apps/:appId/groups/:groupId': 3,
      'GET /api/v1/users/:userId': emails.length,
    });
  });
});
