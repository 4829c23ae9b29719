import { describe, expect, it } from 'vitest';
import { createFaultInjector, parseFaults } from '../../src/emulator/faults.js';

describe('fault injection', () => {
  it('reads a spec of probabilities, schedules, latency, path prefixes and a seed', () => {
    expect(parseFaults('seed=7,500:0.25,reset@3-5,slow=200:1,429@9~/api/v1/groups')).toEqual({
      seed: 7,
      rules: [
        { kind: '500', probability: 0.25 },
        { kind: 'reset', from: 3, to: 5 },
        { kind: 'slow', delayMs: 200, probability: 1 },
        { kind: '429', from: 9, to: 9, pathPrefix: '/api/v1/groups' },
      ],
    });
    expect(() => parseFaults('404:0.1')).toThrow(/cannot read "404:0.1"/);
    expect(() => parseFaults('500:2')).toThrow(/between 0 and 1/);
  });

  it('is reproducible for a seed and follows schedules exactly', () => {
    const run = () => {
      const injector = createFaultInjector(parseFaults('seed=11,500:0.3,reset@4-5'));
      return Array.from(
        { length: 40 },
        (_, i) => injector.decide(i + 1, '/api/v1/users').failure?.kind ?? '-',
      ).join('');
    };
    const first = run();
    expect(run()).toBe(first);
    const scheduled = createFaultInjector(parseFaults('reset@4-5'));
    const kinds = Array.from({ length: 6 }, (_, i) => scheduled.decide(i + 1, '/').failure?.kind ?? '-');
    expect(kinds).toEqual(['-', '-', '-', 'reset', 'reset', '-']);
    const failures = first.split('').filter((kind) => kind === '5').length;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(20);
  });

  it('applies a path prefix', () => {
    const injector = createFaultInjector(parseFaults('503@1-10~/api/v1/groups'));
    expect(injector.decide(1, '/api/v1/users').failure).toBeUndefined();
    expect(injector.decide(2, '/api/v1/groups/00g1').failure?.kind).toBe('503');
  });
});
