import type { Identity } from './port.js';

/** The reports of `okta-access audit`: plain values, rendered as text, JSON or CSV. */

export interface CommitRef {
  readonly sha: string;
  readonly subject: string;
  /** ISO 8601 UTC: when the commit was made (for the first-parent line, when the change reached the branch). */
  readonly committedAt: string;
}

export interface WhoHasMember {
  readonly entitlement: string;
  /** As written in the row. */
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly managerEmail: string | null;
  readonly file: string;
  readonly line: number;
}

export interface WhoHasReport {
  readonly kind: 'who-has';
  readonly config: string;
  readonly app: string;
  readonly entitlement: string | null;
  /** What --at asked for (a date or a revision); null for the tip of the branch. */
  readonly requested: string | null;
  readonly commit: CommitRef;
  /** Sorted by entitlement, then email. */
  readonly members: readonly WhoHasMember[];
  /** Distinct people (emails without case). */
  readonly people: number;
  readonly warnings: readonly string[];
}

/**
 * When a change reached Okta, as far as the apply records (Git notes under refs/notes/okta-access, written by the
 * Action and by `apply --record`) of the first-parent line tell. An apply that wrote no record leaves no trace in
 * Git: the history never claims a change was not applied, only that no record says it was.
 */
export type Applied =
  | {
      readonly status: 'applied';
      /** The commit whose note records the apply: the change's own commit or a later one. */
      readonly commit: string;
      readonly appliedAt: string;
      readonly runUrl: string | null;
      readonly planHash: string;
      /** False when that apply reported failed changes. */
      readonly ok: boolean;
    }
  /**
   * The row changed again (`by`) before the next recorded apply (`nextApply`), which therefore did not carry this
   * change: no recorded apply ever did. Only an apply that wrote no record could have.
   */
  | { readonly status: 'superseded'; readonly by: string; readonly nextApply: string }
  /**
   * No apply is recorded at or after the change's commit (before the row changed again, when it did): whether and
   * when it reached Okta, Git cannot tell — it may have been applied without a record, or not yet.
   */
  | {
      readonly status: 'unknown';
      readonly reason: 'no apply record';
      /** The commit that changed the row again, when one did. */
      readonly changedAgainBy: string | null;
    };

export interface HistoryEntry {
  readonly action: 'grant' | 'removal';
  readonly app: string;
  readonly entitlement: string;
  /** As written in the row (the added row for a grant, the removed one for a removal). */
  readonly email: string;
  readonly file: string;
  readonly line: number;
  /** The commit of the first-parent line that made the change (for a merged pull request, its merge commit). */
  readonly commit: CommitRef & { readonly merge: boolean };
  /** Who made the change, and when: the commit's author, or for a merge commit the author of the merged branch's tip. */
  readonly author: Identity & { readonly authoredAt: string };
  /** For a merge commit: who merged it (its author). */
  readonly mergedBy: Identity | null;
  readonly pullRequest: {
    readonly number: number;
    readonly branch: string | null;
    readonly source: 'github' | 'commit';
  } | null;
  readonly approvers: readonly Identity[];
  readonly approvalSource: 'github' | 'commit' | null;
  readonly applied: Applied;
}

export interface HistoryReport {
  readonly kind: 'history';
  readonly config: string;
  readonly user: string;
  readonly app: string | null;
  readonly entitlement: string | null;
  /** The tip of the branch whose first-parent line was read. */
  readonly ref: CommitRef;
  /** Commits read on the first-parent line. */
  readonly commits: number;
  /** Oldest first. */
  readonly entries: readonly HistoryEntry[];
  readonly warnings: readonly string[];
}

export type AuditReport = WhoHasReport | HistoryReport;
