import { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

export interface ApplyProgress {
  /** `done` of `total` changes are through (applied, unchanged or failed). */
  readonly onProgress: (done: number, total: number) => void;
  /** Stops the bar (and its redraw timer); later calls to `onProgress` print nothing. Safe to call twice. */
  readonly done: () => void;
}

export interface ApplyProgressOptions {
  /** Milliseconds, for the rate and the estimate; injected by tests. */
  readonly now?: () => number;
}

/** Below this many changes apply is over before progress would help: nothing is printed. */
export const quietBelow = 20;

/** In logs, a line at each 10 % step, and otherwise at most one every this many milliseconds. */
export const lineIntervalMs = 5_000;

/**
 * Progress of apply on stderr. On a terminal, a bar redrawn in place with the count, the rate and the time left; in CI
 * and pipes, plain lines ("applying: 4,000/10,000 (40 %), 95/s, about 1 min left") at each 10 % step and at most every
 * 5 s in between. The bar is plain text (no colours), so NO_COLOR holds. Call `done()` when apply ends, also when it
 * throws: the bar redraws on a timer until then.
 */
export function createApplyProgress(io: CliIo, options: ApplyProgressOptions = {}): ApplyProgress {
  const now = options.now ?? Date.now;
  return io.interactive ? barProgress(io, now) : lineProgress(io, now);
}

function lineProgress(io: CliIo, now: () => number): ApplyProgress {
  const pace = createPace();
  let lastStep = 0;
  let lastLineAt = Number.NEGATIVE_INFINITY;
  let finished = false;
  return {
    onProgress(done, total) {
      if (finished || total < quietBelow) return;
      const at = now();
      const estimate = pace(done, total, at);
      const step = Math.floor((done * 10) / total);
      if (lastLineAt === Number.NEGATIVE_INFINITY) lastLineAt = at;
      if (step <= lastStep && at - lastLineAt < lineIntervalMs) return;
      lastStep = Math.max(step, lastStep);
      lastLineAt = at;
      const parts = [`applying: ${count(done)}/${count(total)} (${percent(done, total)} %)`];
      if (estimate.rate !== null) parts.push(estimate.rate);
      if (estimate.left !== null) parts.push(estimate.left);
      io.stderr.write(`${parts.join(', ')}\n`);
    },
    done() {
      finished = true;
    },
  };
}

function barProgress(io: CliIo, now: () => number): ApplyProgress {
  const pace = createPace();
  let bar: cliProgress.SingleBar | null = null;
  let finished = false;
  return {
    onProgress(done, total) {
      if (finished || total < quietBelow) return;
      const estimate = pace(done, total, now());
      const payload = {
        done: count(done),
        all: count(total),
        speed: estimate.rate ?? '…/s',
        left: estimate.left ?? 'estimating time left',
      };
      if (bar === null) {
        bar = new cliProgress.SingleBar(
          {
            stream: terminal(io),
            format: 'applying [{bar}] {done}/{all} ({percentage} %) · {speed} · {left}',
            barsize: 30,
            hideCursor: false,
            gracefulExit: false,
            clearOnComplete: false,
            stopOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, payload);
        return;
      }
      bar.setTotal(total);
      bar.update(done, payload);
    },
    done() {
      finished = true;
      bar?.stop();
      bar = null;
    },
  };
}

/** cli-progress draws on a terminal stream; this one forwards to `io.stderr` (a TTY, as `io.interactive` says). */
function terminal(io: CliIo): NodeJS.WritableStream {
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: unknown, _encoding, callback) {
      io.stderr.write(String(chunk));
      callback();
    },
  });
  const columns = 'columns' in io.stderr && typeof io.stderr.columns === 'number' ? io.stderr.columns : 80;
  return Object.assign(stream, { isTTY: true, columns });
}

interface Estimate {
  /** "95/s", or null before any time has passed. */
  readonly rate: string | null;
  /** "about 1 min left", or null when unknown or done. */
  readonly left: string | null;
}

/** The rate since the first report, and the time left at that rate. */
function createPace(): (done: number, total: number, at: number) => Estimate {
  let start: { at: number; done: number } | null = null;
  return (done, total, at) => {
    if (start === null) start = { at, done };
    const seconds = (at - start.at) / 1000;
    const perSecond = seconds > 0 ? (done - start.done) / seconds : 0;
    if (perSecond <= 0) return { rate: null, left: null };
    const rate = `${perSecond >= 10 ? count(Math.round(perSecond)) : perSecond.toFixed(1)}/s`;
    return { rate, left: done >= total ? null : `about ${remaining((total - done) / perSecond)} left` };
  };
}

/** "40 s", "1 min", "2 h 5 min". */
function remaining(seconds: number): string {
  if (seconds < 59.5) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function percent(done: number, total: number): number {
  return Math.floor((done * 100) / total);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
