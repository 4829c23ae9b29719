import type { AuthState } from '../auth.js';
import type { FaultInjector } from '../faults.js';
import type { RateLimiter } from '../rate-limits.js';

/** What the admin surface can reach of the running server besides the store. */
export interface EmulatorControls {
  readonly auth: AuthState;
  readonly faults: FaultInjector;
  readonly rateLimiter: RateLimiter;
  counts(): RequestCounts;
  /** The latest API requests, oldest first (at most 100,000). */
  log(): readonly LoggedRequest[];
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

/** One API request as the emulator saw it: what tests read to prove no write was lost or repeated. */
export interface LoggedRequest {
  /** 1-based request number (the one fault schedules use). */
  readonly n: number;
  readonly method: string;
  readonly path: string;
  /** `METHOD /route/pattern`. */
  readonly endpoint: string;
  /** The status answered; 0 when the connection was reset instead. */
  readonly status: number;
  /** The fault injected, if any (then the request was not processed). */
  readonly fault?: string;
}
