import type { Change } from './change.js';

/**
 * What happened to a change, completing "the change was …":
 * applied (Okta was changed), unchanged (it already held — idempotent success), skipped (done by an earlier run,
 * per the journal, or not attempted because the run stopped), failed.
 */
export type ChangeOutcome = 'applied' | 'unchanged' | 'skipped' | 'failed';

export interface ChangeResult {
  readonly key: string;
  readonly change: Change;
  readonly outcome: ChangeOutcome;
  /** Why, for unchanged, skipped and failed. */
  readonly detail?: string;
  /** Okta's error code and error id, for failed changes Okta answered. */
  readonly errorCode?: string;
  readonly errorId?: string;
  /** A planned change the files no longer ask for: never attempted (outcome `skipped`), shown as dropped. */
  readonly dropped?: boolean;
  /** The change was written but reading the org back shows it did not take. */
  readonly verifyFailed?: boolean;
}

export interface ApplyReport {
  readonly formatVersion: 1;
  readonly org: string;
  readonly config: string;
  readonly commit: string | null;
  /** The hash of the planned changes (what was approved). */
  readonly planHash: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** How apply started: the plan held as made, or the org had changed and every remaining change was still valid. */
  readonly staleness: { readonly fresh: boolean; readonly message: string };
  readonly results: readonly ChangeResult[];
  readonly counts: Readonly<Record<ChangeOutcome, number>>;
  /** Changes the read-back shows did not take. */
  readonly verification: { readonly checked: boolean; readonly mismatches: number };
  readonly requests: {
    readonly total: number;
    readonly retries: number;
    readonly rateLimited: number;
    readonly waitedMs: number;
  };
  readonly ok: boolean;
}
