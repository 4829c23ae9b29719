import { describe, expect, it } from 'vitest';
import {
  bulkBodyBytes,
  chunkByCountAndBytes,
  sourceLimits,
  sourceProfile,
  splitSessions,
} from '../../src/apply/source-batches.js';

const profile = (i: number, padding = 0) =>
  sourceProfile({
    email: `user${i}@example.com`,
    firstName: `First${'x'.repeat(padding)}`,
    lastName: 'Last',
  });

describe('sourceProfile', () => {
  it('keys the person by lower-cased email and sends the manager as an externalId or an Okta id, never both', () => {
    expect(
      sourceProfile({
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        managerExternalId: 'boss@example.com',
        managerId: '00uignored',
      }),
    ).toEqual({
      externalId: 'ada@example.com',
      profile: {
        userName: 'ada@example.com',
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        managerExternalId: 'boss@example.com',
      },
    });
    expect(
      sourceProfile({ email: 'b@example.com', firstName: 'B', lastName: 'C', managerId: '00uboss' }).profile,
    ).toMatchObject({ managerId: '00uboss' });
  });
});

describe('chunkByCountAndBytes', () => {
  it('cuts at 200 profiles: 500 people are three requests of 200, 200 and 100', () => {
    const chunks = chunkByCountAndBytes(Array.from({ length: 500 }, (_, i) => profile(i)));
    expect(chunks.map((chunk) => chunk.length)).toEqual([200, 200, 100]);
    expect(chunks.flat().map((p) => p.externalId)).toEqual(
      Array.from({ length: 500 }, (_, i) => `user${i}@example.com`),
    );
  });

  it('cuts at 200 KB of body before 200 profiles when profiles are large, and no request is over', () => {
    const items = Array.from({ length: 300 }, (_, i) => profile(i, 2000));
    const chunks = chunkByCountAndBytes(items);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(sourceLimits.maxProfilesPerRequest);
      expect(bulkBodyBytes(chunk)).toBeLessThanOrEqual(sourceLimits.maxRequestBytes);
    }
    // Each chunk is as full as it can be: the next profile would not have fitted.
    for (const [index, chunk] of chunks.slice(0, -1).entries()) {
      const next = chunks[index + 1]?.[0];
      expect(bulkBodyBytes([...chunk, next])).toBeGreaterThan(sourceLimits.maxRequestBytes);
    }
    expect(chunks.flat()).toHaveLength(300);
  });

  it('measures bytes in UTF-8 and exactly: a body at the limit fits, one byte over does not', () => {
    const items = ['a', 'b', 'c'];
    const limit = bulkBodyBytes(items);
    expect(chunkByCountAndBytes(items, 10, limit)).toEqual([items]);
    expect(chunkByCountAndBytes(items, 10, limit - 1)).toEqual([['a', 'b'], ['c']]);
    expect(bulkBodyBytes(['é'])).toBe(bulkBodyBytes(['e']) + 1);
  });

  it('refuses a single profile larger than a request', () => {
    expect(() => chunkByCountAndBytes([profile(1, 300_000)])).toThrow(/at most 204800 bytes/);
  });
});

describe('splitSessions', () => {
  it('puts at most 50 requests in a session: 53 requests (10,500 people) are two sessions of 50 and 3', () => {
    const requests = chunkByCountAndBytes(Array.from({ length: 10_500 }, (_, i) => profile(i)));
    expect(requests).toHaveLength(53);
    expect(splitSessions(requests).map((session) => session.length)).toEqual([50, 3]);
    expect(splitSessions(Array.from({ length: 50 }, (_, i) => i))).toHaveLength(1);
    expect(splitSessions([])).toEqual([]);
  });
});
