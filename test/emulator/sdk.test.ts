import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';

/** The real Okta SDK against the emulator over HTTP: what the reconciler will do, checked end to end. */
describe('@okta/okta-sdk-nodejs against the emulator', () => {
  let emulator: RunningEmulator;
  let client: InstanceType<typeof okta.Client>;

  beforeAll(async () => {
    const users = Array.from({ length: 450 }, (_, i) => ({
      email: `person${i}@example.com`,
      firstName: `Person${i}`,
      lastName: 'Example',
    }));
    emulator = await startEmulator({
      seed: {
        users,
        groups: [{ name: 'Payroll-Admin', members: ['person1@example.com', 'person2@example.com'] }],
      },
      randomSeed: 42,
    });
    client = new okta.Client({ orgUrl: emulator.url, token: emulator.token, cacheMiddleware: null });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('pages through 450 users at 200 a page by following the Link header', async () => {
    await fetch(`${emulator.url}/__emulator/requests`, { method: 'DELETE' });
    const emails: string[] = [];
    for await (const user of await client.userApi.listUsers({ limit: 200 }))
      emails.push(user?.profile?.email ?? '');
    expect(emails).toHaveLength(450);
    expect(new Set(emails).size).toBe(450);
    const counts = emulator.counts();
    expect(counts.byEndpoint['GET /api/v1/users']).toBe(3);
  });

  it('finds a user by email whatever its case with search, and only exactly with filter', async () => {
    const search: string[] = [];
    for await (const user of await client.userApi.listUsers({
      search: 'profile.email eq "PERSON7@example.com"',
    })) {
      search.push(user?.profile?.email ?? '');
    }
    expect(search).toEqual(['person7@example.com']);
    const filter: string[] = [];
    for await (const user of await client.userApi.listUsers({
      filter: 'profile.email eq "PERSON7@example.com"',
    })) {
      filter.push(user?.profile?.email ?? '');
    }
    expect(filter).toEqual([]);
  });

  it('surfaces errors as OktaApiError with Okta’s errorCode', async () => {
    const missing = await client.groupApi
      .getGroup({ groupId: '00gdoesnotexist00000' })
      .catch((error: unknown) => error);
    expect(missing).toMatchObject({ name: 'OktaApiError', status: 404, errorCode: 'E0000007' });
    const duplicate = await client.groupApi
      .createGroup({ group: { profile: { name: 'payroll-admin' } } })
      .catch((error: unknown) => error);
    expect(duplicate).toMatchObject({ name: 'OktaApiError', status: 400, errorCode: 'E0000001' });
  });

  it('waits out a 429 using X-Rate-Limit-Reset and Date, then succeeds', async () => {
    const limited = await startEmulator({
      seed: { users: [{ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }] },
      rateLimits: {
        windowSeconds: 1,
        concurrency: 75,
        buckets: [{ name: 'users-get-one', methods: ['GET'], path: '/api/v1/users/{id}', limit: 2 }],
      },
    });
    try {
      const backoffs: number[] = [];
      const executor = new okta.DefaultRequestExecutor({ maxRetries: 3, requestTimeout: 0 });
      executor.on('backoff', (_request: unknown, _response: unknown, _id: unknown, delayMs: number) => {
        backoffs.push(delayMs);
      });
      const limitedClient = new okta.Client({
        orgUrl: limited.url,
        token: limited.token,
        cacheMiddleware: null,
        requestExecutor: executor,
      });
      const logins: string[] = [];
      for (let i = 0; i < 3; i++) {
        const user = await limitedClient.userApi.getUser({ userId: 'ada@example.com' });
        logins.push(user.profile?.login ?? '');
      }
      expect(logins).toEqual(['ada@example.com', 'ada@example.com', 'ada@example.com']);
      expect(limited.counts().rateLimited).toBeGreaterThanOrEqual(1);
      expect(backoffs.length).toBeGreaterThanOrEqual(1);
      // The SDK waits reset − Date + 1 s: about one to three seconds here, never the "astronomical" delay of a missing Date.
      expect(Math.max(...backoffs)).toBeLessThan(4000);
    } finally {
      await limited.stop();
    }
  });
});
