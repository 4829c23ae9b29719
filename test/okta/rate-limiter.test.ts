import { describe, expect, it } from 'vitest';
import type { RateLimitHeaders } from '../../src/okta/rate-headers.js';
import { delayUntilReset, readRateLimitHeaders } from '../../src/okta/rate-headers.js';
import { createRateLimiter, type Timer, type WaitEvent } from '../../src/okta/rate-limiter.js';

/** A clock that only moves when someone sleeps. */
function fakeTimer(start = Date.UTC(2026, 10, 23, 12, 0, 0)): Timer & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

/** Headers as Okta sends them for a window that resets `inSeconds` after the timer's now. */
function headers(timer: Timer, limit: number, remaining: number, inSeconds = 60): RateLimitHeaders {
  const serverDate = Math.floor(timer.now() / 1000) * 1000;
  return { limit, remaining, reset: serverDate / 1000 + inSeconds, serverDate };
}

const endpoint = 'GET /api/v1/groups/{id}';

describe('rate limiter', () => {
  it('lets one probe learn an unknown endpoint before the others follow', async () => {
    const timer = fakeTimer();
    const limiter = createRateLimiter({ maxCapacity: 0.8, concurrency: 4, maxResetWaitMs: 120_000, timer });
    const probe = await limiter.acquire(endpoint, 1);
    let second = false;
    const waiting = limiter.acquire(endpoint, 1).then((admission) => {
      second = true;
      return admission;
    });
    await Promise.resolve();
    expect(second).toBe(false);
    probe.release({ answered: true, headers: headers(timer, 100, 99) });
    (await waiting).release({ answered: true, headers: headers(timer, 100, 98) });
    expect(second).toBe(true);
    expect(limiter.bucketOf(endpoint)).toMatchObject({ limit: 100, remaining: 98, pending: 0 });
  });

  it('keeps (1 − maxCapacity) × limit free and waits for the reset by the server’s Date', async () => {
    const timer = fakeTimer();
    const events: WaitEvent[] = [];
    const limiter = createRateLimiter({
      maxCapacity: 0.5,
      concurrency: 1,
      maxResetWaitMs: 120_000,
      timer,
      onWait: (event) => events.push(event),
    });
    const remainingSeen: number[] = [];
    let remaining = 10;
    for (let i = 0; i < 6; i++) {
      const admission = await limiter.acquire(endpoint, 1);
      remaining = events.length > 0 && remaining === 5 ? 9 : remaining - 1;
      remainingSeen.push(remaining);
      admission.release({ answered: true, headers: headers(timer, 10, remaining, 30) });
    }
    // Five go (10 → 5), the sixth waits for the next window: until the reset by the server's clock (the fake
    // Date is exact here), plus a 250 ms margin — not the SDK's whole extra second.
    expect(remainingSeen).toEqual([9, 8, 7, 6, 5, 9]);
    expect(events).toEqual([{ reason: 'capacity', endpoint, delayMs: 30_250, attempt: 1 }]);
    expect(limiter.stats().waitedMs).toBe(30_250);
  });

  it('always allows one request per window, however small the bucket', async () => {
    const timer = fakeTimer();
    const limiter = createRateLimiter({ maxCapacity: 0.8, concurrency: 1, maxResetWaitMs: 120_000, timer });
    (await limiter.acquire(endpoint, 1)).release({ answered: true, headers: headers(timer, 1, 0, 5) });
    (await limiter.acquire(endpoint, 1)).release({ answered: true, headers: headers(timer, 1, 0, 5) });
    expect(timer.slept).toEqual([5250]);
  });

  it('treats endpoints reporting the same limit and reset as one bucket', async () => {
    const timer = fakeTimer();
    const limiter = createRateLimiter({ maxCapacity: 0.5, concurrency: 4, maxResetWaitMs: 120_000, timer });
    const other = 'PUT /api/v1/groups/{id}/users/{id}';
    (await limiter.acquire(endpoint, 1)).release({ answered: true, headers: headers(timer, 10, 9, 30) });
    (await limiter.acquire(other, 1)).release({ answered: true, headers: headers(timer, 10, 5, 30) });
    // The group GET's own last answer said 9, but the shared bucket has 5 left: both must wait.
    expect(limiter.bucketOf(endpoint)?.remaining).toBe(5);
    (await limiter.acquire(endpoint, 1)).release({ answered: true, headers: headers(timer, 10, 9, 30) });
    expect(timer.slept).toEqual([30_250]);
  });

  it('keeps the lowest remaining when answers of one window arrive out of order', async () => {
    const timer = fakeTimer();
    const limiter = createRateLimiter({ maxCapacity: 1, concurrency: 4, maxResetWaitMs: 120_000, timer });
    (await limiter.acquire(endpoint, 1)).release({ answered: true, headers: headers(timer, 100, 90) });
    const [a, b] = await Promise.all([limiter.acquire(endpoint, 1), limiter.acquire(endpoint, 1)]);
    b?.release({ answered: true, headers: headers(timer, 100, 88) });
    a?.release({ answered: true, headers: headers(timer, 100, 89) });
    expect(limiter.bucketOf(endpoint)?.remaining).toBe(88);
  });

  it('ignores a concurrency 429’s zero limit, and endpoints that send no headers are not throttled', async () => {
    const timer = fakeTimer();
    const limiter = createRateLimiter({ maxCapacity: 0.8, concurrency: 4, maxResetWaitMs: 120_000, timer });
    (await limiter.acquire(endpoint, 1)).release({ answered: true, headers: headers(timer, 0, 0, 1) });
    expect(limiter.bucketOf(endpoint)).toBeUndefined();
    const all = await Promise.all([1, 2, 3].map(() => limiter.acquire(endpoint, 1)));
    expect(all).toHaveLength(3);
    expect(limiter.stats().requests).toBe(4);
  });

  it('bounds requests in flight by the concurrency', async () => {
    const limiter = createRateLimiter({
      maxCapacity: 0.8,
      concurrency: 2,
      maxResetWaitMs: 120_000,
      timer: fakeTimer(),
    });
    const first = await limiter.acquire('GET /a', 1);
    const second = await limiter.acquire('GET /b', 1);
    let third = false;
    const pending = limiter.acquire('GET /c', 1).then(() => {
      third = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(third).toBe(false);
    first.release({ answered: true });
    await pending;
    expect(third).toBe(true);
    second.release({ answered: false });
  });
});

describe('rate-limit headers', () => {
  const get = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });

  it('reads limit, remaining, reset and the server Date', () => {
    expect(
      readRateLimitHeaders(
        get({
          'x-rate-limit-limit': '600',
          'x-rate-limit-remaining': '599',
          'x-rate-limit-reset': '1795435260',
          date: 'Mon, 23 Nov 2026 12:00:00 GMT',
        }),
        0,
      ),
    ).toEqual({ limit: 600, remaining: 599, reset: 1795435260, serverDate: Date.UTC(2026, 10, 23, 12) });
  });

  it('refuses duplicated (comma-joined) or missing headers', () => {
    const duplicated = get({
      'x-rate-limit-limit': '600',
      'x-rate-limit-remaining': '5, 4',
      'x-rate-limit-reset': '1795435260',
    });
    expect(readRateLimitHeaders(duplicated, 0)).toBeUndefined();
    expect(readRateLimitHeaders(get({}), 0)).toBeUndefined();
  });

  it('computes reset − Date + 1 s, never negative, capped', () => {
    const at = (reset: number, serverDate: number) => ({ limit: 1, remaining: 0, reset, serverDate });
    expect(delayUntilReset(at(1000, 998_000), 120_000)).toBe(3000);
    expect(delayUntilReset(at(1000, 1_005_000), 120_000)).toBe(0);
    expect(delayUntilReset(at(9000, 1_000_000), 120_000)).toBe(120_000);
  });
});
