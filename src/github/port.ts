import type { RepositoryRole } from '../model/deletion-override.js';

/**
 * What the tool asks of GitHub, as plain values. Only src/github/ and src/action/ import octokit and @actions/*;
 * the flows (src/pipeline/github.ts) depend on this interface.
 */
export interface GitHubComment {
  readonly id: number;
  readonly body: string;
}

/** A pull request the port opened. */
export interface GitHubPullRequest {
  readonly number: number;
  /** Its page on GitHub, for people. */
  readonly url: string;
}

/** A file of the repository at a commit, branch or tag (GitHub's contents API). */
export type RepositoryFile =
  | { readonly kind: 'file'; readonly bytes: Buffer }
  /** No such path at that ref (or no such ref). */
  | { readonly kind: 'missing' }
  /** A directory, a submodule, or a file too large for the contents API to return inline (over 1 MB). */
  | { readonly kind: 'unusable'; readonly reason: string };

/** A pull request as the merge of a commit finds it. */
export interface GitHubPullRequestRef {
  readonly number: number;
  readonly merged: boolean;
  /** The pull request's head commit: the last commit of its branch, the one its plan was made for. */
  readonly headSha: string;
  /** The names of its labels, exactly as GitHub holds them. */
  readonly labels: readonly string[];
}

/**
 * Everything the port finds by a marker (the sticky comment, the drift issue) it finds only among what the token's own
 * account wrote: anyone can paste a marker into a comment or an issue, only the token can write as its account. The
 * account is resolved once per port (see `identity`).
 */
export interface GitHubPort {
  /** `path` (from the repository's root) as `ref` holds it: the base branch's config on a pull request. */
  readFile(path: string, ref: string): Promise<RepositoryFile>;
  /**
   * The login the token writes as, compared case-insensitively: what `GET /user` says, or — for an installation token
   * (the job token, a GitHub App's), which `GET /user` refuses — the configured login, by default
   * `github-actions[bot]`. Asked of GitHub once; later calls reuse the answer.
   */
  identity(): Promise<string>;
  /** The first comment on the issue or pull request written by `identity()` whose body contains `marker`. */
  findComment(issueNumber: number, marker: string): Promise<GitHubComment | undefined>;
  /**
   * The sticky comment: creates it, or updates the one by `identity()` holding `marker` in place; no API write when the
   * body is the same. `body` must contain `marker`. A comment by anyone else holding the marker is left alone.
   */
  upsertComment(
    issueNumber: number,
    marker: string,
    body: string,
  ): Promise<{ readonly action: 'created' | 'updated' | 'unchanged'; readonly id: number }>;
  /** A new comment (the apply report of a merge). */
  addComment(issueNumber: number, body: string): Promise<number>;
  /** The merged pull request a commit of the default branch belongs to, if any. */
  pullRequestForCommit(sha: string): Promise<GitHubPullRequestRef | undefined>;
  /**
   * Who added `label` (compared exactly) to the issue or pull request most recently, from its events (`labeled`); undefined
   * when its events show no one adding it.
   */
  labeledBy(issueNumber: number, label: string): Promise<string | undefined>;
  /** `login`'s access to the repository (GitHub's collaborator permission); `none` when not a collaborator. */
  repositoryRole(login: string): Promise<RepositoryRole>;
  /**
   * The people whose latest review of the pull request approves it (a later "changes requested" or dismissal
   * withdraws an approval; comments alone do not count as a review state change), sorted by login.
   */
  pullRequestApprovals(
    pullNumber: number,
  ): Promise<readonly { readonly login: string; readonly name?: string }[]>;
  /** The open issue opened by `identity()` whose body contains `marker` (the drift issue). */
  findOpenIssue(marker: string): Promise<{ readonly number: number; readonly body: string } | undefined>;
  openIssue(title: string, body: string, labels: readonly string[]): Promise<number>;
  updateIssue(issueNumber: number, body: string): Promise<void>;
  /** Closes the issue, with a last comment saying why. */
  closeIssue(issueNumber: number, comment: string): Promise<void>;
  /**
   * Opens a pull request from the branch `head` (already pushed to this repository) into `base`. GitHub refuses
   * (422) a head it does not have, a head with no commits over the base, and a second open pull request for a head.
   */
  createPullRequest(head: string, base: string, title: string, body: string): Promise<GitHubPullRequest>;
}
