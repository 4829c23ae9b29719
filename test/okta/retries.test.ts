import { createServer } from 'node:net';
import { describe, it } from 'vitest';
import { createOktaPort } from '../../src/okta/client.js';
import { OktaRequestError } from '../../src/okta/errors.js';
import { withHarness } from './harness.js';

const fast = { retryTiming: { baseMs: 10, maxMs: 50 } };

/** 5xx and broken connections: retried where repeating the request is safe, surfaced where it is not. */
describe.concurrent('retries', () => {
  it('retries a GET answered 503', async ({ expect }) => {
    await withHarness({ faults: '503@1' }, fast, async (h) => {
      expect(await h.port.getGroup(h.groupId('Limited'))).toMatchObject({ name: 'Limited' });
      expect(h.port.stats()).toMatchObject({ requests: 2, retries: 1 });
      expect(h.events.map((event) => event.reason)).toEqual(['server-error']);
      const [failed, retried] = h.proxy.exchanges;
      expect(failed?.status).toBe(503);
      expect(retried?.requestHeaders['x-okta-retry-count']).toBe('1');
    });
  });

  it('retries a PUT answered 503', async ({ expect }) => {
    await withHarness({ faults: '503@1' }, fast, async (h) => {
      const updated = await h.port.updateGroup(h.groupId('Spare'), 'Spare-Renamed', 'renamed');
      expect(updated.name).toBe('Spare-Renamed');
      expect(h.port.stats().byEndpoint).toEqual({ 'PUT /api/v1/groups/{id}': 2 });
    });
  });

  it('retries a DELETE answered 503', async ({ expect }) => {
    await withHarness({ faults: '503@1' }, fast, async (h) => {
      await h.port.removeMember(h.groupId('Limited'), h.userId('ada@example.com'));
      expect(h.emulator.store.membersOf(h.groupId('Limited')).size).toBe(0);
      expect(h.port.stats().byEndpoint).toEqual({ 'DELETE /api/v1/groups/{id}/users/{id}': 2 });
    });
  });

  it('retries a GET page whose connection was reset', async ({ expect }) => {
    await withHarness({ faults: 'reset@1' }, fast, async (h) => {
      const members = await h.port.listGroupMembers(h.groupId('Limited'));
      expect(members.map((member) => member.email)).toEqual(['ada@example.com']);
      expect(h.port.stats()).toMatchObject({ requests: 2, retries: 1 });
      expect(h.events.map((event) => event.reason)).toEqual(['network-error']);
    });
  });

  it('retries a PUT whose connection was reset', async ({ expect }) => {
    await withHarness({ faults: 'reset@1' }, fast, async (h) => {
      await h.port.addMember(h.groupId('Spare'), h.userId('ada@example.com'));
      expect(h.emulator.store.membersOf(h.groupId('Spare')).size).toBe(1);
      expect(h.port.stats()).toMatchObject({ requests: 2, retries: 1 });
    });
  });

  it('retries a DELETE whose connection was reset', async ({ expect }) => {
    await withHarness({ faults: 'reset@1' }, fast, async (h) => {
      const id = h.groupId('Spare');
      await h.port.deleteGroup(id);
      expect(h.emulator.store.state.groups.has(id)).toBe(false);
      expect(h.port.stats()).toMatchObject({ requests: 2, retries: 1 });
    });
  });

  it('does not retry a POST whose connection was reset: it may have been applied', async ({ expect }) => {
    await withHarness({ faults: 'reset@1' }, fast, async (h) => {
      const error = await h.port.createGroup('New-Group', 'x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OktaRequestError);
      expect(error).toMatchObject({
        status: 0,
        networkCode: 'ECONNRESET',
        endpoint: 'POST /api/v1/groups',
      });
      expect((error as Error).message).toMatch(/^Okta did not answer POST \/api\/v1\/groups: /);
      expect(h.port.stats()).toMatchObject({ requests: 1, retries: 0 });
      expect(h.emulator.counts().byEndpoint['POST /api/v1/groups']).toBe(1);
    });
  });

  it('does not retry a POST answered 503', async ({ expect }) => {
    await withHarness({ faults: '503@1' }, fast, async (h) => {
      const error = await h.port.createGroup('New-Group', 'x').catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 503, errorCode: 'E0000009', endpoint: 'POST /api/v1/groups' });
      expect(h.port.stats()).toMatchObject({ requests: 1, retries: 0 });
    });
  });

  it('retries a POST refused with 429: Okta did not process it', async ({ expect }) => {
    await withHarness({ faults: '429@1' }, { retryTiming: { concurrencyMs: 5 } }, async (h) => {
      expect(await h.port.createGroup('New-Group', 'x')).toMatchObject({ name: 'New-Group' });
      expect(h.port.stats()).toMatchObject({ requests: 2, retries: 1, rateLimited: 1 });
    });
  });

  it('gives up after maxAttempts and surfaces the last 5xx', async ({ expect }) => {
    await withHarness({ faults: '503@1-10' }, { ...fast, maxAttempts: 4 }, async (h) => {
      const error = await h.port.getGroup(h.groupId('Limited')).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 503, code: 'OKTA_REQUEST_FAILED' });
      expect((error as OktaRequestError).hint).toMatch(/try again later/);
      expect(h.port.stats()).toMatchObject({ requests: 4, retries: 3 });
    });
  });

  it('retries a refused connection for any method (nothing was sent), then reports it', async ({
    expect,
  }) => {
    // A port that was free a moment ago: nothing listens there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const port = createOktaPort({
      orgUrl: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 1}`,
      auth: { token: 'irrelevant-token-for-refused' },
      maxAttempts: 3,
      ...fast,
    });
    const error = await port.createGroup('Never', 'x').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, networkCode: 'ECONNREFUSED' });
    expect(port.stats()).toMatchObject({ requests: 3, retries: 2 });
  });
});
