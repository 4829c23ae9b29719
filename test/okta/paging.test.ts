import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { createOktaPort } from '../../src/okta/client.js';
import type { OktaPort } from '../../src/okta/port.js';

/** Lists follow Okta's Link headers to the last page, at each endpoint's largest page size. */
describe('paging', () => {
  let emulator: RunningEmulator;
  let port: OktaPort;
  const people = 1150;
  const emails = Array.from({ length: people }, (_, i) => `person${i}@example.com`);

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: {
        users: [
          ...emails.map((email, i) => ({ email, firstName: `Person${i}`, lastName: 'Example' })),
          {
            email: 'gone@example.com',
            firstName: 'Gone',
            lastName: 'Away',
            status: 'DEPROVISIONED' as const,
          },
        ],
        groups: [
          { name: 'Everybody-Managed', members: emails },
          ...Array.from({ length: 230 }, (_, i) => ({ name: `Entitlement-${i}` })),
        ],
        apps: [{ label: 'Big', groups: Array.from({ length: 230 }, (_, i) => `Entitlement-${i}`) }],
      },
    });
    port = createOktaPort({ orgUrl: emulator.url, auth: { token: emulator.token } });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  function requestsFor(endpoint: string, run: () => Promise<unknown>): Promise<number> {
    const before = port.stats().byEndpoint[endpoint] ?? 0;
    return run().then(() => (port.stats().byEndpoint[endpoint] ?? 0) - before);
  }

  it('reads 1,150 members in two pages of up to 1,000', async () => {
    const id = emulator.store.groupByName('Everybody-Managed')?.id ?? '';
    let members: Awaited<ReturnType<OktaPort['listGroupMembers']>> = [];
    const requests = await requestsFor('GET /api/v1/groups/{id}/users', async () => {
      members = await port.listGroupMembers(id);
    });
    expect(members).toHaveLength(people);
    expect(new Set(members.map((member) => member.id)).size).toBe(people);
    expect(requests).toBe(2);
  });

  it('reads 1,151 users (one deprovisioned) in six pages of up to 200', async () => {
    let users: Awaited<ReturnType<OktaPort['listAllUsers']>> = [];
    const requests = await requestsFor('GET /api/v1/users', async () => {
      users = await port.listAllUsers();
    });
    expect(users).toHaveLength(people + 1);
    expect(new Set(users.map((user) => user.id)).size).toBe(people + 1);
    expect(requests).toBe(6);
  });

  it('reads 230 app-group assignments in two pages of up to 200', async () => {
    const [app] = await port.findAppsByLabel('Big');
    let ids: string[] = [];
    const requests = await requestsFor('GET /api/v1/apps/{id}/groups', async () => {
      ids = await port.listAppGroupIds(app?.id ?? '');
    });
    expect(new Set(ids).size).toBe(230);
    expect(requests).toBe(2);
  });

  it('searches 45 emails in three batches of up to 20, in parallel', async () => {
    let found: Awaited<ReturnType<OktaPort['searchUsersByEmail']>> = [];
    const requests = await requestsFor('GET /api/v1/users', async () => {
      found = await port.searchUsersByEmail(emails.slice(0, 45).map((email) => email.toUpperCase()));
    });
    expect(found.map((user) => user.email).sort()).toEqual(emails.slice(0, 45).sort());
    expect(requests).toBe(3);
  });

  it('reads 232 groups (with Everyone) in one page of up to 10,000', async () => {
    const requests = await requestsFor('GET /api/v1/groups', async () => {
      expect(await port.listGroups({ stats: true })).toHaveLength(232);
    });
    expect(requests).toBe(1);
  });
});
