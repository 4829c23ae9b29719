import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/emulator/clock.js';
import { createRateLimiter, rateLimitPresets } from '../../src/emulator/rate-limits.js';

describe('the emulated rate limiter', () => {
  it('picks the most specific bucket, as Okta does', () => {
    const limiter = createRateLimiter(rateLimitPresets.workforce, createClock());
    const limitOf = (method: string, path: string) =>
      limiter.admit(method, path).headers['x-rate-limit-limit'];
    expect(limitOf('GET', '/api/v1/users/00u1')).toBe('2000');
    expect(limitOf('DELETE', '/api/v1/users/00u1')).toBe('600');
    expect(limitOf('GET', '/api/v1/users')).toBe('600');
    expect(limitOf('PUT', '/api/v1/apps/0oa1/groups/00g1')).toBe('100');
    expect(limitOf('GET', '/api/v1/apps/0oa1')).toBe('500');
    expect(limitOf('POST', '/api/v1/groups')).toBe('500');
    expect(limitOf('GET', '/api/v1/groups/00g1')).toBe('1000');
    expect(limitOf('PUT', '/api/v1/groups/00g1/users/00u1')).toBe('1200');
    expect(limitOf('POST', '/governance/api/v1/campaigns')).toBe('600');
  });

  it('counts down Remaining, refuses past the limit until the window resets, and reports the reset in epoch seconds', () => {
    const clock = createClock();
    const limiter = createRateLimiter(
      {
        windowSeconds: 60,
        concurrency: 100,
        buckets: [{ name: 'groups', path: '/api/v1/groups', limit: 2 }],
      },
      clock,
    );
    const first = limiter.admit('GET', '/api/v1/groups');
    expect(first.headers['x-rate-limit-remaining']).toBe('1');
    const reset = Number(first.headers['x-rate-limit-reset']);
    expect(reset * 1000).toBeGreaterThan(clock.now());
    expect(reset * 1000).toBeLessThanOrEqual(clock.now() + 61_000);
    expect(limiter.admit('GET', '/api/v1/groups').allowed).toBe(true);
    const refused = limiter.admit('GET', '/api/v1/groups');
    expect(refused).toMatchObject({ allowed: false, reason: 'rate' });
    expect(refused.headers['x-rate-limit-remaining']).toBe('0');
    clock.advance(60_000);
    expect(limiter.admit('GET', '/api/v1/groups').allowed).toBe(true);
  });

  it('caps concurrent requests and frees a slot when a response completes', () => {
    const limiter = createRateLimiter({ ...rateLimitPresets.unlimited, concurrency: 2 }, createClock());
    const a = limiter.admit('GET', '/api/v1/users');
    limiter.admit('GET', '/api/v1/users');
    const refused = limiter.admit('GET', '/api/v1/users');
    expect(refused).toMatchObject({ allowed: false, reason: 'concurrency' });
    expect(refused.headers['x-rate-limit-limit']).toBe('0');
    a.release();
    a.release();
    expect(limiter.admit('GET', '/api/v1/users').allowed).toBe(true);
    expect(limiter.admit('GET', '/api/v1/users').allowed).toBe(false);
  });
});
