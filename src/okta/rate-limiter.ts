import type { RequestStats } from './port.js';
import { delayUntilReset, isConcurrencyLimit, type RateLimitHeaders } from './rate-headers.js';

/** Waited past a bucket's reset by the server's clock, for latency and clock jitter. */
const resetMarginMs = 250;

import { createSemaphore } from './semaphore.js';

/** Time as the limiter sees it; tests pass a fake one. */
export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Why a request waits: our capacity share, a 429 (rate or concurrency), or a backoff after a 5xx or network error. */
export type WaitReason =
  | 'capacity'
  | 'rate-limited'
  | 'concurrency-limited'
  | 'server-error'
  | 'network-error';

export interface WaitEvent {
  readonly reason: WaitReason;
  /** `METHOD /templated/path`. */
  readonly endpoint: string;
  readonly delayMs: number;
  /** The attempt about to be made (1 for the first). */
  readonly attempt: number;
}

export interface RateLimiterOptions {
  /** Share of each bucket this tool may use, in (0, 1]; the rest is left for other integrations. */
  readonly maxCapacity: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** The longest wait a reset header may impose (guards against a bogus header). */
  readonly maxResetWaitMs: number;
  readonly timer?: Timer;
  readonly onWait?: (event: WaitEvent) => void;
}

/** A request let through; release it exactly once, with what came back. */
export interface Admission {
  release(outcome: { readonly answered: boolean; readonly headers?: RateLimitHeaders | undefined }): void;
}

/** The limiter's view of the bucket an endpoint draws on. */
export interface BucketView {
  readonly limit: number;
  readonly remaining: number;
  /** Epoch seconds; undefined while a new window has not been seen yet. */
  readonly reset: number | undefined;
  readonly pending: number;
}

export interface RateLimiter {
  /** Waits for a concurrency slot and for capacity in the endpoint's bucket; counts the request. */
  acquire(endpoint: string, attempt: number): Promise<Admission>;
  /** Sleeps, telling `onWait`; stats count the wall-clock time during which at least one request waited. */
  wait(event: WaitEvent): Promise<void>;
  recordRetry(): void;
  recordRateLimited(): void;
  stats(): RequestStats;
  bucketOf(endpoint: string): BucketView | undefined;
}

interface EndpointState {
  limit: number;
  remaining: number;
  reset: number | undefined;
  /** Local time (ms) after which the window is over; undefined with reset. */
  resetAt: number | undefined;
  pending: number;
}

type Verdict =
  | { readonly kind: 'go'; readonly state: EndpointState | undefined; readonly probe: boolean }
  | { readonly kind: 'wait-reset'; readonly delayMs: number }
  | { readonly kind: 'wait-change' };

/**
 * The one place that decides when a request may go. Okta does not name its buckets, so state is kept per templated
 * endpoint, learnt from each response's `X-Rate-Limit-Limit/-Remaining/-Reset`; endpoints that report the same limit
 * and reset are treated as one bucket (their remaining is shared and their in-flight requests add up). A request goes
 * only when, after it, the bucket keeps `(1 − maxCapacity) × limit` for other integrations; otherwise it waits for the
 * reset, converted to local time with the server's `Date` header. An endpoint never seen before sends one request
 * (a probe) and learns its bucket before the others follow.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const timer = options.timer ?? systemTimer;
  const semaphore = createSemaphore(options.concurrency);
  const states = new Map<string, EndpointState>();
  /** Endpoints that answered without rate-limit headers: nothing to track. */
  const unmetered = new Set<string>();
  const probing = new Set<string>();
  let changeWaiters: (() => void)[] = [];
  let requests = 0;
  let retries = 0;
  let rateLimited = 0;
  let waitedMs = 0;
  let waiting = 0;
  let waitingSince = 0;
  const byEndpoint: Record<string, number> = {};

  function reserveOf(limit: number): number {
    // The epsilon keeps 0.2 × 1200 at 240 despite floating point; at least one request per window is always allowed.
    return Math.min(Math.ceil((1 - options.maxCapacity) * limit - 1e-9), limit - 1);
  }

  function admit(endpoint: string): Verdict {
    if (unmetered.has(endpoint)) return { kind: 'go', state: undefined, probe: false };
    const state = states.get(endpoint);
    if (state === undefined) {
      if (probing.has(endpoint)) return { kind: 'wait-change' };
      probing.add(endpoint);
      return { kind: 'go', state: undefined, probe: true };
    }
    const now = timer.now();
    if (state.resetAt !== undefined && now >= state.resetAt) {
      // The window is over: a full bucket until the next response tells us the new window.
      state.remaining = state.limit;
      state.reset = undefined;
      state.resetAt = undefined;
    }
    let remaining = state.remaining;
    let pending = 0;
    for (const peer of states.values()) {
      if (peer.limit !== state.limit || peer.reset !== state.reset) continue;
      remaining = Math.min(remaining, peer.remaining);
      pending += peer.pending;
    }
    const reserve = reserveOf(state.limit);
    if (remaining - pending - 1 >= reserve) {
      state.pending++;
      return { kind: 'go', state, probe: false };
    }
    if (remaining - 1 < reserve && state.resetAt !== undefined) {
      return { kind: 'wait-reset', delayMs: Math.max(state.resetAt - now, 1) };
    }
    // Requests in flight will report the bucket: wait for them.
    return { kind: 'wait-change' };
  }

  // The server's clock relative to ours. `Date` has whole seconds, so each response bounds the offset from below;
  // the largest bound seen is the best estimate and never later than the truth, so waiting on it is never early.
  let clockOffset = Number.NEGATIVE_INFINITY;

  function learn(endpoint: string, headers: RateLimitHeaders): void {
    const now = timer.now();
    clockOffset = Math.max(clockOffset, headers.serverDate - now);
    // Until the reset by the server's clock, plus a small margin for latency: far closer than Okta's SDK formula
    // (reset − Date + 1 s), which waits up to two seconds too long at each window and costs throughput.
    const precise = headers.reset * 1000 - clockOffset + resetMarginMs;
    const resetAt = Math.min(
      now + delayUntilReset(headers, options.maxResetWaitMs),
      Math.max(now, Number.isFinite(precise) ? precise : Number.POSITIVE_INFINITY),
    );
    const state = states.get(endpoint);
    if (state === undefined) {
      states.set(endpoint, {
        limit: headers.limit,
        remaining: headers.remaining,
        reset: headers.reset,
        resetAt,
        pending: 0,
      });
    } else if (state.reset !== undefined && headers.reset < state.reset) {
      return; // a late answer from a window already over
    } else if (state.reset === headers.reset && state.limit === headers.limit) {
      // Answers may arrive out of order: within a window, the lowest remaining is the truest.
      state.remaining = Math.min(state.remaining, headers.remaining);
    } else {
      state.limit = headers.limit;
      state.remaining = headers.remaining;
      state.reset = headers.reset;
      state.resetAt = resetAt;
    }
    for (const peer of states.values()) {
      if (peer.limit === headers.limit && peer.reset === headers.reset) {
        peer.remaining = Math.min(peer.remaining, headers.remaining);
      }
    }
  }

  function notifyChange(): void {
    const waiters = changeWaiters;
    changeWaiters = [];
    for (const wake of waiters) wake();
  }

  function nextChange(): Promise<void> {
    return new Promise((resolve) => {
      // A fallback only: every admission is released, which wakes the waiters.
      const fallback = setTimeout(resolve, 1000);
      fallback.unref();
      changeWaiters.push(() => {
        clearTimeout(fallback);
        resolve();
      });
    });
  }

  /** Waits overlap when several requests wait for one reset: count the time during which any request waited. */
  async function wait(event: WaitEvent): Promise<void> {
    try {
      options.onWait?.(event);
    } catch {
      // A progress callback must not break a request.
    }
    if (waiting++ === 0) waitingSince = timer.now();
    try {
      await timer.sleep(event.delayMs);
    } finally {
      if (--waiting === 0) waitedMs += timer.now() - waitingSince;
    }
  }

  return {
    async acquire(endpoint, attempt) {
      for (;;) {
        const releaseSlot = await semaphore.acquire();
        const verdict = admit(endpoint);
        if (verdict.kind === 'go') {
          requests++;
          byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
          let released = false;
          return {
            release(outcome) {
              if (released) return;
              released = true;
              releaseSlot();
              if (verdict.state !== undefined) verdict.state.pending--;
              if (verdict.probe) probing.delete(endpoint);
              const headers = outcome.headers;
              if (headers !== undefined && headers.limit > 0 && !isConcurrencyLimit(headers)) {
                unmetered.delete(endpoint);
                learn(endpoint, headers);
              } else if (outcome.answered && !states.has(endpoint)) {
                unmetered.add(endpoint);
              }
              notifyChange();
            },
          };
        }
        releaseSlot();
        if (verdict.kind === 'wait-reset') {
          await wait({ reason: 'capacity', endpoint, delayMs: verdict.delayMs, attempt });
        } else {
          await nextChange();
        }
      }
    },
    wait,
    recordRetry() {
      retries++;
    },
    recordRateLimited() {
      rateLimited++;
    },
    stats() {
      return { requests, byEndpoint: { ...byEndpoint }, retries, rateLimited, waitedMs };
    },
    bucketOf(endpoint) {
      const state = states.get(endpoint);
      if (state === undefined) return undefined;
      return {
        limit: state.limit,
        remaining: state.remaining,
        reset: state.reset,
        pending: state.pending,
      };
    },
  };
}
