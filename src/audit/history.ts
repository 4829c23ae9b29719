import { isEmail } from '../load/rows.js';
import { UserError } from '../model/errors.js';
import { appliedFor } from './applied.js';
import type { Env } from './layout.js';
import type { Applied, CommitRef, HistoryEntry, HistoryReport } from './model.js';
import type { AuditGit, HistoryCommit, PullRequestDirectory } from './port.js';
import { reviewsFor } from './pull-requests.js';
import { replayHistory } from './replay.js';
import { resolveRef } from './resolve.js';

export interface HistoryOptions {
  readonly git: AuditGit;
  readonly configPath: string;
  readonly user: string;
  readonly app?: string;
  readonly entitlement?: string;
  /** The branch whose first-parent line is read (the default branch). */
  readonly ref: string;
  readonly env: Env;
  /** GitHub, when a token is available; otherwise pull requests and approvals come from the commits. */
  readonly pullRequests?: PullRequestDirectory;
}

export interface HistoryRun {
  readonly report: HistoryReport;
  /** CSV versions read and parsed. */
  readonly csvVersions: number;
}

/**
 * Every grant and removal of one person: one walk of the first-parent line (`git log --raw` with the apply notes),
 * the CSV versions that changed read through one `git cat-file --batch`, and one more `git log` for the authors of
 * merged branches.
 */
export async function auditHistory(options: HistoryOptions): Promise<HistoryRun> {
  const { git } = options;
  const user = options.user.trim();
  if (!isEmail(user)) {
    throw new UserError('AUDIT_BAD_EMAIL', `--user "${options.user}" is not an email address`, {
      hint: 'give the email of the person as the CSV rows name them (case does not matter)',
    });
  }
  const tip = await resolveRef(git, options.ref);
  if (git.shallow) {
    throw new UserError('AUDIT_SHALLOW_CLONE', 'this clone is shallow: its history is cut short', {
      hint: 'fetch the whole history (git fetch --unshallow; in Actions, actions/checkout with fetch-depth: 0)',
    });
  }
  const commits = await git.firstParentHistory(tip);
  const replay = await replayHistory({
    commits,
    configPath: options.configPath,
    email: user.toLowerCase(),
    readBlob: (oid) => git.readBlob(oid),
    env: options.env,
  });
  const warnings = [...replay.warnings];
  if (options.app !== undefined && !replay.labels.has(options.app)) {
    warnings.push(`no app was ever labelled "${options.app}" on ${options.ref}`);
  }
  const applied = appliedFor(commits, replay.changes, warnings);
  const selected = replay.changes
    .map((change, index) => ({ change, applied: applied[index] ?? unknown }))
    .filter(
      ({ change }) =>
        (options.app === undefined || change.app === options.app) &&
        (options.entitlement === undefined || change.entitlement === options.entitlement),
    );
  const changed = [...new Set(selected.map(({ change }) => change.commit))].map(
    (index) => commits[index] as HistoryCommit,
  );
  const reviews = await reviewsFor(changed, options.pullRequests, warnings);
  const branchTips = changed.flatMap((commit) =>
    commit.parents.length > 1 ? [commit.parents[1] as string] : [],
  );
  const tips = await git.commitSummaries(branchTips);

  const entries = selected.map(({ change, applied: when }): HistoryEntry => {
    const commit = commits[change.commit] as HistoryCommit;
    const merge = commit.parents.length > 1;
    const tip = merge ? tips.get(commit.parents[1] as string) : undefined;
    const review = reviews.get(commit.sha);
    return {
      action: change.action,
      app: change.app,
      entitlement: change.entitlement,
      email: change.email,
      file: change.file,
      line: change.line,
      commit: {
        sha: commit.sha,
        subject: commit.subject,
        committedAt: commit.committedAt,
        merge,
      },
      author:
        tip === undefined
          ? { ...commit.author, authoredAt: commit.authoredAt }
          : { ...tip.author, authoredAt: tip.authoredAt },
      mergedBy: merge ? commit.author : null,
      pullRequest: review?.pullRequest ?? null,
      approvers: review?.approvers ?? [],
      approvalSource: review?.approvalSource ?? null,
      applied: when,
    };
  });
  const report: HistoryReport = {
    kind: 'history',
    config: options.configPath,
    user,
    app: options.app ?? null,
    entitlement: options.entitlement ?? null,
    ref: tipRef(commits, tip),
    commits: commits.length,
    entries,
    warnings,
  };
  return { report, csvVersions: replay.csvVersions };
}

const unknown: Applied = { status: 'unknown', reason: 'no apply record', changedAgainBy: null };

function tipRef(commits: readonly HistoryCommit[], tip: string): CommitRef {
  const last = commits.at(-1);
  return { sha: tip, subject: last?.subject ?? '', committedAt: last?.committedAt ?? '' };
}
