/**
 * What the audit asks of Git, as plain values. src/git/history.ts implements it (the only place that runs Git);
 * everything else in src/audit is pure logic over these values.
 */

export interface Identity {
  readonly name: string;
  readonly email: string;
}

/** One file a commit changed against its first parent (`git log --raw`); paths are repository-relative, with `/`. */
export interface FileChange {
  /** A added, M modified, D deleted, T type changed; R/C (renamed/copied) carry `from`. */
  readonly status: string;
  readonly path: string;
  /** The blob after the change; null when the file was deleted. */
  readonly oid: string | null;
  readonly from?: string;
}

export interface Trailer {
  readonly key: string;
  readonly value: string;
}

/** A commit of the first-parent line, with what it changed and its apply note. */
export interface HistoryCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly author: Identity;
  /** ISO 8601, UTC, seconds. */
  readonly authoredAt: string;
  /** When the commit was made, which for the first-parent line is when the change reached the branch. */
  readonly committedAt: string;
  readonly subject: string;
  /** The message's trailers (`Key: value` lines of its last paragraph), in order. */
  readonly trailers: readonly Trailer[];
  /** The text of the commit's note under refs/notes/okta-access, if any. */
  readonly note: string | null;
  readonly changes: readonly FileChange[];
}

export interface CommitSummary {
  readonly sha: string;
  readonly subject: string;
  readonly author: Identity;
  readonly authoredAt: string;
  readonly committedAt: string;
}

export interface AuditGit {
  /** The work tree's top-level directory. */
  readonly dir: string;
  /** Whether the clone is shallow (its history is cut short). */
  readonly shallow: boolean;
  /** The first-parent line ending at `commit`, oldest first: one `git log` walk. */
  firstParentHistory(commit: string): Promise<HistoryCommit[]>;
  /** The commit a revision names (sha, branch, tag, `HEAD~3`), or undefined when it names none. */
  resolveCommit(revision: string): Promise<string | undefined>;
  /** The newest commit of the first-parent line of `commit` made at or before `at`. */
  lastCommitAtOrBefore(commit: string, at: Date): Promise<string | undefined>;
  /** Subject, author and dates of some commits, in one call. */
  commitSummaries(shas: readonly string[]): Promise<Map<string, CommitSummary>>;
  /** The files of a commit below `under` ('' for all): path → blob id. */
  tree(commit: string, under: string): Promise<Map<string, string>>;
  readBlob(oid: string): Promise<Buffer>;
  /** Git processes started so far (the blob reader counts once). */
  invocations(): number;
  close(): Promise<void>;
}

/** Where pull requests and their approvals come from when GitHub can be asked (a token is available). */
export interface PullRequestDirectory {
  /**
   * The merged pull request a commit of the default branch belongs to. `approvers` is undefined when the directory
   * cannot tell; the commit's trailers are used then.
   */
  pullRequestForCommit(sha: string): Promise<
    | {
        readonly number: number;
        readonly approvers?: readonly Identity[];
      }
    | undefined
  >;
}
