import type { AuthState } from '../auth.js';
import type { FaultInjector } from '../faults.js';
import type { RateLimiter } from '../rate-limits.js';

/** What the admin surface can reach of the running server besides the store. */
export interface EmulatorControls {
  readonly auth: AuthState;
  readonly faults: FaultInjector;
  readonly rateLimiter: RateLimiter;
  counts(): RequestCounts;
  resetCounts(): void;
  /** Time-driven work (campaign launch at start date, identity-source expiry) runs when the clock moves. */
  onClockAdvanced(): void;
}

export interface RequestCounts {
  /** API requests received (the admin surface excluded). */
  total: number;
  /** By `METHOD /route/pattern`, e.g. `PUT /api/v1/groups/:groupId/users/:userId`. */
  byEndpoint: Record<string, number>;
  /** Responses by status code. */
  byStatus: Record<string, number>;
  /** 429s answered because a bucket or the concurrency cap was spent (not injected faults). */
  rateLimited: number;
  /** Faults injected. */
  faults: number;
}
