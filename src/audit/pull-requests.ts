import type { HistoryCommit, Identity, PullRequestDirectory } from './port.js';

export interface ReviewInfo {
  readonly pullRequest: {
    readonly number: number;
    readonly branch: string | null;
    readonly source: 'github' | 'commit';
  } | null;
  readonly approvers: readonly Identity[];
  readonly approvalSource: 'github' | 'commit' | null;
}

const mergeSubject = /^Merge pull request #(\d+) from (\S+)/;
const squashSubject = /\(#(\d+)\)\s*$/;
const approvalTrailers = new Set(['approved-by', 'reviewed-by']);

/**
 * The pull request and approvals a commit's own metadata records: GitHub's merge subject ("Merge pull request #12
 * from acme/grant-ada") or squash subject ("Grant Ada (#12)"), and `Approved-by:` / `Reviewed-by:` trailers.
 */
export function reviewFromCommit(commit: Pick<HistoryCommit, 'subject' | 'trailers'>): ReviewInfo {
  const merge = mergeSubject.exec(commit.subject);
  const squash = merge === null ? squashSubject.exec(commit.subject) : null;
  const number = merge?.[1] ?? squash?.[1];
  const approvers = uniqueByEmail(
    commit.trailers
      .filter((trailer) => approvalTrailers.has(trailer.key.toLowerCase()))
      .map((trailer) => parseIdentity(trailer.value)),
  );
  return {
    pullRequest:
      number === undefined ? null : { number: Number(number), branch: merge?.[2] ?? null, source: 'commit' },
    approvers,
    approvalSource: approvers.length > 0 ? 'commit' : null,
  };
}

/**
 * Asks GitHub (when a directory is given) about each commit once, and falls back on the commit's metadata for what
 * GitHub does not tell or when it fails (a warning says so).
 */
export async function reviewsFor(
  commits: readonly HistoryCommit[],
  directory: PullRequestDirectory | undefined,
  warnings: string[],
): Promise<Map<string, ReviewInfo>> {
  const reviews = new Map<string, ReviewInfo>();
  let failed = false;
  for (const commit of commits) {
    if (reviews.has(commit.sha)) continue;
    const local = reviewFromCommit(commit);
    if (directory === undefined || failed) {
      reviews.set(commit.sha, local);
      continue;
    }
    try {
      const found = await directory.pullRequestForCommit(commit.sha);
      reviews.set(commit.sha, merged(local, found));
    } catch (error) {
      failed = true;
      warnings.push(
        `GitHub could not be asked about pull requests (${error instanceof Error ? error.message : String(error)}); ` +
          'pull requests and approvals come from the merge commits',
      );
      reviews.set(commit.sha, local);
    }
  }
  return reviews;
}

function merged(
  local: ReviewInfo,
  found: Awaited<ReturnType<PullRequestDirectory['pullRequestForCommit']>>,
): ReviewInfo {
  if (found === undefined) return local;
  const branch = local.pullRequest?.number === found.number ? local.pullRequest.branch : null;
  const fromGitHub = found.approvers !== undefined;
  return {
    pullRequest: { number: found.number, branch, source: 'github' },
    approvers: fromGitHub ? uniqueByEmail(found.approvers ?? []) : local.approvers,
    approvalSource: fromGitHub ? 'github' : local.approvalSource,
  };
}

/** `Grace Hopper <grace@example.com>`, or a bare email or name. */
export function parseIdentity(value: string): Identity {
  const match = /^(.*?)\s*<([^>]*)>\s*$/.exec(value.trim());
  if (match !== null) return { name: (match[1] ?? '').trim(), email: (match[2] ?? '').trim() };
  const text = value.trim();
  return text.includes('@') && !text.includes(' ') ? { name: '', email: text } : { name: text, email: '' };
}

function uniqueByEmail(identities: readonly Identity[]): Identity[] {
  const seen = new Set<string>();
  return identities.filter((identity) => {
    const key = identity.email === '' ? `name:${identity.name}` : identity.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
