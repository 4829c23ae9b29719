import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApplyProgress, lineIntervalMs, quietBelow } from '../../src/cli/apply-progress.js';
import type { CliIo } from '../../src/cli/io.js';

function memoryIo(interactive: boolean) {
  const writes: string[] = [];
  const io: CliIo = {
    stdout: {
      write: () => {
        throw new Error('progress must not write to stdout');
      },
    },
    stderr: { write: (text: string) => writes.push(text) },
    env: { NO_COLOR: '1' },
    interactive,
  };
  return { io, writes, text: () => writes.join('') };
}

/** A clock that moves `stepMs` each time it is read. */
function steppingClock(stepMs: number): () => number {
  let now = 1_000_000;
  return () => {
    now += stepMs;
    return now;
  };
}

describe('createApplyProgress, in logs (not a terminal)', () => {
  it('prints one line at each 10 % step with the rate and the time left', () => {
    const { io, writes } = memoryIo(false);
    const progress = createApplyProgress(io, { now: steppingClock(1) });
    for (let done = 1; done <= 10_000; done++) progress.onProgress(done, 10_000);
    progress.done();
    expect(writes).toEqual([
      'applying: 1,000/10,000 (10 %), 1,000/s, about 9 s left\n',
      'applying: 2,000/10,000 (20 %), 1,000/s, about 8 s left\n',
      'applying: 3,000/10,000 (30 %), 1,000/s, about 7 s left\n',
      'applying: 4,000/10,000 (40 %), 1,000/s, about 6 s left\n',
      'applying: 5,000/10,000 (50 %), 1,000/s, about 5 s left\n',
      'applying: 6,000/10,000 (60 %), 1,000/s, about 4 s left\n',
      'applying: 7,000/10,000 (70 %), 1,000/s, about 3 s left\n',
      'applying: 8,000/10,000 (80 %), 1,000/s, about 2 s left\n',
      'applying: 9,000/10,000 (90 %), 1,000/s, about 1 s left\n',
      'applying: 10,000/10,000 (100 %), 1,000/s\n',
    ]);
  });

  it('between steps, prints at most one line every 5 s', () => {
    const { io, writes } = memoryIo(false);
    const progress = createApplyProgress(io, { now: steppingClock(2_000) });
    for (let done = 1; done <= 10; done++) progress.onProgress(done, 1_000);
    expect(lineIntervalMs).toBe(5_000);
    expect(writes).toEqual([
      'applying: 4/1,000 (0 %), 0.5/s, about 33 min left\n',
      'applying: 7/1,000 (0 %), 0.5/s, about 33 min left\n',
      'applying: 10/1,000 (1 %), 0.5/s, about 33 min left\n',
    ]);
  });

  it(`prints nothing for fewer than ${quietBelow} changes, and nothing after done()`, () => {
    const small = memoryIo(false);
    const quiet = createApplyProgress(small.io, { now: steppingClock(10_000) });
    for (let done = 1; done < quietBelow; done++) quiet.onProgress(done, quietBelow - 1);
    quiet.done();
    expect(small.writes).toEqual([]);

    const enough = memoryIo(false);
    const progress = createApplyProgress(enough.io, { now: steppingClock(1) });
    for (let done = 1; done <= 10; done++) progress.onProgress(done, quietBelow);
    progress.done();
    progress.onProgress(quietBelow, quietBelow);
    expect(enough.writes).toHaveLength(5);
    expect(enough.writes.at(-1)).toBe(`applying: 10/${quietBelow} (50 %), 1,000/s, about 1 s left\n`);
  });
});

describe('createApplyProgress, on a terminal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('draws a bar on the given stderr with count, rate and time left, and stops its timer on done()', () => {
    vi.useFakeTimers();
    const { io, text, writes } = memoryIo(true);
    const progress = createApplyProgress(io, { now: steppingClock(10) });
    for (let done = 1; done <= 50; done++) {
      progress.onProgress(done, 200);
      vi.advanceTimersByTime(10);
    }
    expect(text()).toContain('applying [');
    expect(text()).toMatch(/\] 50\/200 \(25 %\) · 100\/s · about 2 s left/);
    expect(vi.getTimerCount()).toBeGreaterThan(0);

    progress.done();
    expect(vi.getTimerCount()).toBe(0);
    expect(text().endsWith('\n')).toBe(true);
    const written = writes.length;
    progress.onProgress(60, 200);
    vi.advanceTimersByTime(10_000);
    expect(writes).toHaveLength(written);
    // Plain text: cursor control only, never a colour (NO_COLOR).
    const sequences = text().split('\u001b[').slice(1);
    expect(sequences.length).toBeGreaterThan(0);
    expect(sequences.filter((sequence) => /^[0-9;]*m/.test(sequence))).toEqual([]);
  });

  it(`draws nothing and starts no timer for fewer than ${quietBelow} changes`, () => {
    vi.useFakeTimers();
    const { io, writes } = memoryIo(true);
    const progress = createApplyProgress(io);
    for (let done = 1; done < quietBelow; done++) progress.onProgress(done, quietBelow - 1);
    expect(vi.getTimerCount()).toBe(0);
    progress.done();
    expect(writes).toEqual([]);
  });
});
