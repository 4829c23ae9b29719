import { describe, it } from 'vitest';
import { OktaRequestError } from '../../src/okta/errors.js';
import { withHarness } from './harness.js';

/**
 * Rate limits as Okta enforces them (emulated with one-second windows) and the port's answers. Concurrent: each test
 * has its own emulator, and the ones that wait for a window's reset then wait together.
 */
describe.concurrent('rate limits', () => {
  const groupOne = (limit: number, windowSeconds = 1) => ({
    windowSeconds,
    concurrency: 75,
    buckets: [{ name: 'groups-one', methods: ['GET'], path: '/api/v1/groups/{id}', limit }],
  });

  it('keeps (1 − maxCapacity) of a bucket free, waiting for the reset instead of spending it', async ({
    expect,
  }) => {
    await withHarness({ rateLimits: groupOne(10) }, { maxCapacity: 0.5 }, async (h) => {
      const started = Date.now();
      const groups = await Promise.all(
        Array.from({ length: 10 }, () => h.port.getGroup(h.groupId('Limited'))),
      );
      const elapsed = Date.now() - started;
      expect(groups.every((group) => group?.name === 'Limited')).toBe(true);
      const seen = h.proxy.exchanges;
      expect(seen).toHaveLength(10);
      expect(seen.every((exchange) => exchange.status === 200)).toBe(true);
      // Okta's bucket holds 10 a window; half is ours: remaining never drops below 5.
      expect(Math.min(...seen.map((exchange) => exchange.remaining ?? -1))).toBe(5);
      expect(h.emulator.counts().rateLimited).toBe(0);
      const stats = h.port.stats();
      expect(stats).toMatchObject({ requests: 10, rateLimited: 0, retries: 0 });
      // Five requests waited together for one reset: counted once, as wall-clock time.
      expect(stats.waitedMs).toBeGreaterThan(0);
      expect(stats.waitedMs).toBeLessThanOrEqual(elapsed);
      expect(h.events.length).toBeGreaterThan(0);
      expect(h.events.every((event) => event.reason === 'capacity')).toBe(true);
      // One wait for the next window: reset − Date + 1 s, one to three seconds with a one-second window.
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(4500);
    });
  });

  it('uses the whole bucket at maxCapacity 1 without a single 429', async ({ expect }) => {
    await withHarness({ rateLimits: groupOne(4) }, { maxCapacity: 1 }, async (h) => {
      await Promise.all(Array.from({ length: 6 }, () => h.port.getGroup(h.groupId('Limited'))));
      const seen = h.proxy.exchanges;
      expect(seen.every((exchange) => exchange.status === 200)).toBe(true);
      expect(Math.min(...seen.map((exchange) => exchange.remaining ?? -1))).toBe(0);
      expect(h.port.stats().rateLimited).toBe(0);
    });
  });

  it('waits out a 429 until X-Rate-Limit-Reset (by the server’s Date) when another client spent the bucket', async ({
    expect,
  }) => {
    // A 3-second window: Okta's windows start with the first request, and on a loaded machine the four requests
    // below can take longer than a 1-second window, which would then reset before the 429 this test needs.
    await withHarness({ rateLimits: groupOne(3, 3) }, { maxCapacity: 1 }, async (h) => {
      const id = h.groupId('Limited');
      await h.port.getGroup(id);
      // Another integration spends what is left; the port still believes two requests remain.
      for (let i = 0; i < 2; i++) {
        await fetch(`${h.emulator.url}/api/v1/groups/${id}`, {
          headers: { authorization: `SSWS ${h.emulator.token}` },
        });
      }
      const started = Date.now();
      expect(await h.port.getGroup(id)).toMatchObject({ name: 'Limited' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      const stats = h.port.stats();
      expect(stats).toMatchObject({ requests: 3, retries: 1, rateLimited: 1 });
      expect(stats.waitedMs).toBeGreaterThanOrEqual(1000);
      expect(h.events.map((event) => event.reason)).toEqual(['rate-limited']);
      expect(h.emulator.counts().rateLimited).toBe(1);
    });
  });

  it('retries through a storm of concurrency 429s with a short backoff', async ({ expect }) => {
    await withHarness({ faults: '429@1-3' }, { retryTiming: { concurrencyMs: 10 } }, async (h) => {
      expect(await h.port.getGroup(h.groupId('Limited'))).toMatchObject({ name: 'Limited' });
      expect(h.port.stats()).toMatchObject({ requests: 4, retries: 3, rateLimited: 3 });
      expect(h.events.map((event) => [event.reason, event.attempt])).toEqual([
        ['concurrency-limited', 2],
        ['concurrency-limited', 3],
        ['concurrency-limited', 4],
      ]);
      // Okta's support can tie retries together: the SDK's retry headers are kept.
      const headers = h.proxy.exchanges.map((exchange) => exchange.requestHeaders);
      expect(headers.map((header) => header['x-okta-retry-count'])).toEqual([undefined, '1', '2', '3']);
      expect(headers[1]?.['x-okta-retry-for']).toBeTruthy();
    });
  });

  it('gives up after maxAttempts and surfaces the 429 as a typed error', async ({ expect }) => {
    await withHarness(
      { faults: '429@1-20' },
      { maxAttempts: 3, retryTiming: { concurrencyMs: 5 } },
      async (h) => {
        const error = await h.port.getGroup(h.groupId('Limited')).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OktaRequestError);
        expect(error).toMatchObject({
          status: 429,
          errorCode: 'E0000047',
          endpoint: 'GET /api/v1/groups/{id}',
        });
        expect(h.port.stats()).toMatchObject({ requests: 3, retries: 2, rateLimited: 3 });
      },
    );
  });

  it('keeps at most `concurrency` requests in flight', async ({ expect }) => {
    await withHarness({ faults: 'slow=20:1' }, { concurrency: 3 }, async (h) => {
      await Promise.all(Array.from({ length: 12 }, () => h.port.getGroup(h.groupId('Limited'))));
      expect(h.proxy.maxInFlight()).toBe(3);
    });
  });
});
