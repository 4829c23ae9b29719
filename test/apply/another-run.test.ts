import { describe, expect, it } from 'vitest';
import { createAnotherRun } from '../../src/apply/another-run.js';

describe('waiting for another run', () => {
  it('reports a member as the other run’s once it appears, and gives up when the other run stops', async () => {
    const another = createAnotherRun({ pollMs: 5, stallMs: 60 });
    another.mark('group:payroll-admin');
    expect(another.has('group:payroll-admin')).toBe(true);
    expect(another.has('group:payroll-viewer')).toBe(false);
    const present = new Set<string>();
    let reads = 0;
    const read = async () => {
      reads++;
      // The other run adds u1 on the third read, then nothing more.
      if (reads === 3) present.add('u1');
      return new Set(present);
    };
    const [u1, u2] = await Promise.all([
      another.awaitMember('members:g1', 'u1', read),
      another.awaitMember('members:g1', 'u2', read),
    ]);
    expect(u1).toBe(true);
    expect(u2).toBe(false);
    // Once the other run has stopped on a key, nobody waits on it again.
    const before = reads;
    expect(await another.awaitMember('members:g1', 'u3', read)).toBe(false);
    expect(reads).toBe(before);
  });

  it('a failed read ends the wait: the write goes ahead', async () => {
    const another = createAnotherRun({ pollMs: 5, stallMs: 60 });
    const failing = async (): Promise<ReadonlySet<string>> => {
      throw new Error('Okta answered 500');
    };
    expect(await another.awaitMember('members:g2', 'u1', failing)).toBe(false);
  });
});
