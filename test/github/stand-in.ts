import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureText, registerSecret } from '../support/secrets.js';
import { findOperation, requestProblems, responseProblems } from './openapi.js';
import {
  type Actor,
  actionsBot,
  authenticatedUserJson,
  collaboratorPermissionJson,
  commentJson,
  engineer,
  issueEventJson,
  issueJson,
  type JsonContext,
  type JsonObject,
  nodeId,
  pullRequestFullJson,
  pullRequestJson,
  type RepositoryRoleName,
  type ReviewState,
  reviewJson,
  type StoredComment,
  type StoredEvent,
  type StoredIssue,
  type StoredLabel,
  type StoredReview,
} from './stand-in-json.js';

/**
 * A local stand-in for the part of GitHub's REST API the GitHub port uses, on node:http (127.0.0.1, port 0): issues,
 * pull requests, their comments and reviews in memory. It answers with GitHub's status codes, headers (Link pagination,
 * Location, rate limits) and error bodies, records every request, and checks every body it sends against the response
 * schema GitHub documents for the operation (test/github/github-openapi.trimmed.json) and every body it receives
 * against the request schema. A mismatch, or a request for a route it does not serve, is a violation: the client gets
 * a 500 (or the 404/422 GitHub would send) and `stop()` rejects, so the test fails even if the port swallowed it.
 */

export interface StartOptions {
  readonly owner: string;
  readonly repo: string;
  /** The one token accepted; any other gets `401 Bad credentials`. Default: any `token …`/`Bearer …` is accepted. */
  readonly token?: string;
  /** The clock for `created_at` and friends; default the real one. */
  readonly now?: () => Date;
  /**
   * The head commit of a branch of the repository (as `git push` left it), or undefined when there is no such
   * branch: what creating a pull request checks `head` and `base` against. Default: every branch exists, at a commit
   * derived from its name.
   */
  readonly branches?: (name: string) => string | undefined;
  /**
   * The account the token writes as: what it creates (comments, issues, pull requests) is authored by it. Default
   * `github-actions[bot]`, the job token's. A `Bot` stands for an installation token (the job token, a GitHub App's),
   * which `GET /user` answers with 403 "Resource not accessible by integration"; a `User` for a personal token, which
   * `GET /user` answers with the account's profile. See `actorFor`.
   */
  readonly actor?: Actor;
}

export interface RecordedRequest {
  readonly method: string;
  /** The path without the query, e.g. `/repos/acme/access/issues/7/comments`. */
  readonly path: string;
  /** The query string without `?`, e.g. `per_page=100&page=2`. */
  readonly query: string;
  readonly status: number;
  /** GitHub's operationId, when the route is one the stand-in serves. */
  readonly operationId: string | undefined;
}

export interface Violation {
  /** `response`: a body GitHub's schema rejects; `request`: the client sent what GitHub would refuse;
   * `unserved`: a route the stand-in does not serve; `crash`: the stand-in itself threw. */
  readonly kind: 'response' | 'request' | 'unserved' | 'crash';
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  readonly status: number;
  readonly problems: readonly string[];
}

export interface PullRequestSeed {
  readonly number: number;
  readonly headSha: string;
  /** The commit on the default branch a merge made (merge, squash or rebase), or GitHub's test merge while open. */
  readonly mergeCommitSha?: string;
  readonly merged: boolean;
  readonly title?: string;
  readonly body?: string;
  readonly headRef?: string;
}

export interface IssueSeed {
  readonly title: string;
  /** Who opened it (a login, see `actorFor`); default the engineer, mona. */
  readonly author?: string;
  readonly body?: string;
  readonly labels?: readonly string[];
  readonly state?: 'open' | 'closed';
}

export interface StandInState {
  /** A pull request (it takes an issue number, as on GitHub); `merged` ones are closed with `merged_at` set. */
  addPullRequest(pull: PullRequestSeed): void;
  /** An issue opened by someone other than the token (`author`, default mona); returns its number. */
  addIssue(issue: IssueSeed): number;
  /** A review of a pull request by `login` (reviews list in the order added, as GitHub's do); returns its id. */
  addReview(
    pullNumber: number,
    review: { readonly login: string; readonly state: ReviewState; readonly body?: string },
  ): number;
  /**
   * Comments on an issue or pull request written by `author` (a login, see `actorFor`; default the engineer, mona),
   * not through the token; returns their ids.
   */
  addComments(issueNumber: number, bodies: readonly string[], author?: string): number[];
  /**
   * `login` adds the label `name` (created in the repository when it lacks one) to an issue or pull request, as
   * GitHub's web UI or `POST …/labels` would: the label is on it, and its events gain a `labeled` event by `login`.
   */
  addLabel(issueNumber: number, name: string, login: string): void;
  /** `login` removes the label `name`: an `unlabeled` event. */
  removeLabel(issueNumber: number, name: string, login: string): void;
  /**
   * `login`'s role on the repository (`admin`, `maintain`, `write`, `triage`, `read`, or a custom role's name with
   * the base role it extends), for `GET /collaborators/{username}/permission`; logins never given are not
   * collaborators (404).
   */
  setRole(
    login: string,
    role: RepositoryRoleName | { readonly custom: string; readonly base: RepositoryRoleName },
  ): void;
  issue(issueNumber: number): Readonly<StoredIssue> | undefined;
  /** Every issue and pull request, by number. */
  issues(): readonly Readonly<StoredIssue>[];
  /** The comments on one issue or pull request, oldest first. */
  comments(issueNumber: number): readonly Readonly<StoredComment>[];
  /**
   * A file of the repository as `ref` (a commit, branch or tag, named exactly as requests name it) holds it, for the
   * contents API; `undefined` removes it. Folders exist through the files below them.
   */
  setFile(ref: string, path: string, content: string | Buffer | undefined): void;
}

export interface GitHubStandIn {
  /** The REST API root to give octokit as `baseUrl`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly state: StandInState;
  /** Every request answered, in order. */
  readonly requests: readonly RecordedRequest[];
  readonly violations: readonly Violation[];
  /**
   * Fails the next `times` requests for `operationId` the way GitHub does: `rate-limit` (403, no requests remaining,
   * a reset already past so that the client may retry at once), `rate-limit-429`, or `server-error` (502).
   */
  failNext(operationId: string, failure: Failure, times?: number): void;
  /** Replaces the next response body of `operationId` before it is checked (to prove the checking works). */
  tamperNext(operationId: string, mutate: (body: unknown) => unknown): void;
  /** Closes the server; rejects, listing them, when there were violations. */
  stop(): Promise<void>;
}

export type Failure = 'rate-limit' | 'rate-limit-429' | 'server-error';

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly operationId: string;
  /** A route outside `/repos/{owner}/{repo}` (`GET /user`): no repository to check. */
  readonly global?: true;
  readonly handle: (request: Parsed) => Answer;
}

interface Parsed {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly path: string;
  readonly body: unknown;
  readonly operationId: string;
}

/** GitHub's limit on an issue or comment body, in characters. */
const bodyLimit = 65_536;
const rateLimit = 5000;
const defaultPerPage = 30;
const maxPerPage = 100;
const restDocs = 'https://docs.github.com/rest';

/**
 * A GitHub account by login, with a stable id derived from it: `name[bot]` is a GitHub App's bot account (an
 * installation token writes as it), `github-actions[bot]` the job token's, anything else a user.
 */
export function actorFor(login: string): Actor {
  if (login.toLowerCase() === actionsBot.login) return actionsBot;
  if (login.toLowerCase() === engineer.login) return engineer;
  const bot = login.endsWith('[bot]');
  const id = (bot ? 150_000_000 : 10_000_000) + (hash(login.toLowerCase()) % 90_000_000);
  return { login, id, nodeId: nodeId(bot ? 'BOT' : 'U', id), type: bot ? 'Bot' : 'User' };
}

export async function startGitHubStandIn(options: StartOptions): Promise<GitHubStandIn> {
  const now = options.now ?? (() => new Date());
  const actor = options.actor ?? actionsBot;
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const tampering = new Map<string, (body: unknown) => unknown>();
  const failures = new Map<string, Failure[]>();
  const issues = new Map<number, StoredIssue>();
  const comments = new Map<number, StoredComment>();
  const labels = new Map<string, StoredLabel>();
  const reviews: StoredReview[] = [];
  const events: StoredEvent[] = [];
  const roles = new Map<string, { readonly name: string; readonly base: RepositoryRoleName }>();
  /** Repository files by ref, then path. */
  const files = new Map<string, Map<string, Buffer>>();
  const repositoryId = 700_000_000 + (hash(`${options.owner}/${options.repo}`) % 90_000_000);
  let nextCommentId = 2_400_000_001;
  let nextIssueId = 2_600_000_001;
  let nextLabelId = 7_100_000_001;
  let nextReviewId = 1_800_000_001;
  let nextEventId = 15_000_000_001;
  let remaining = rateLimit;
  let url = '';
  const createdAt = timestamp(new Date(now().getTime() - 86_400_000 * 30));

  function timestamp(date: Date = now()): string {
    return `${date.toISOString().slice(0, 19)}Z`;
  }

  function context(): JsonContext {
    let open = 0;
    for (const issue of issues.values()) if (issue.state === 'open') open++;
    return {
      api: url,
      owner: options.owner,
      repo: options.repo,
      repositoryId,
      createdAt,
      openIssues: open,
      commentCount: (issueNumber) => commentsOf(issueNumber).length,
    };
  }

  function commentsOf(issueNumber: number): StoredComment[] {
    return [...comments.values()].filter((comment) => comment.issueNumber === issueNumber);
  }

  function nextNumber(): number {
    return Math.max(0, ...issues.keys()) + 1;
  }

  function label(name: string): StoredLabel {
    const key = name.toLowerCase();
    let found = labels.get(key);
    if (found === undefined) {
      // GitHub creates a label the writer names but the repository lacks (for writers with push access).
      found = { id: nextLabelId++, name, color: 'ededed' };
      labels.set(key, found);
    }
    return found;
  }

  function storeIssue(seed: IssueSeed, user: Actor): StoredIssue {
    const at = timestamp();
    const closed = seed.state === 'closed';
    const issue: StoredIssue = {
      number: nextNumber(),
      id: nextIssueId++,
      title: seed.title,
      body: seed.body ?? null,
      state: closed ? 'closed' : 'open',
      stateReason: closed ? 'completed' : null,
      labels: (seed.labels ?? []).map(label),
      user,
      createdAt: at,
      updatedAt: at,
      closedAt: closed ? at : null,
      closedBy: closed ? user : null,
    };
    issues.set(issue.number, issue);
    return issue;
  }

  function storeComment(issue: StoredIssue, body: string, user: Actor): StoredComment {
    const at = timestamp();
    const comment: StoredComment = {
      id: nextCommentId++,
      issueNumber: issue.number,
      body,
      user,
      createdAt: at,
      updatedAt: at,
    };
    comments.set(comment.id, comment);
    issue.updatedAt = at;
    return comment;
  }

  const state: StandInState = {
    addPullRequest(seed) {
      if (issues.has(seed.number)) throw new Error(`#${seed.number} is already an issue or pull request`);
      const at = timestamp();
      const mergedAt = seed.merged ? at : null;
      issues.set(seed.number, {
        number: seed.number,
        id: nextIssueId++,
        title: seed.title ?? `Change entitlements (#${seed.number})`,
        body: seed.body ?? 'Entitlement change proposed from the access repository.',
        state: seed.merged ? 'closed' : 'open',
        stateReason: null,
        labels: [],
        user: engineer,
        createdAt: at,
        updatedAt: at,
        closedAt: mergedAt,
        closedBy: seed.merged ? engineer : null,
        pull: {
          headSha: seed.headSha,
          headRef: seed.headRef ?? `access/change-${seed.number}`,
          baseSha: seed.headSha.split('').reverse().join(''),
          mergeCommitSha: seed.mergeCommitSha ?? null,
          mergedAt,
        },
      });
    },
    addIssue(seed) {
      return storeIssue(seed, actorFor(seed.author ?? engineer.login)).number;
    },
    addReview(pullNumber, review) {
      const pull = issues.get(pullNumber)?.pull;
      if (pull === undefined) throw new Error(`no pull request #${pullNumber}`);
      const stored: StoredReview = {
        id: nextReviewId++,
        pullNumber,
        user: actorFor(review.login),
        state: review.state,
        body: review.body ?? '',
        commitId: pull.headSha,
        submittedAt: timestamp(),
      };
      reviews.push(stored);
      return stored.id;
    },
    addComments(issueNumber, bodies, author = engineer.login) {
      const issue = issues.get(issueNumber);
      if (issue === undefined) throw new Error(`no issue or pull request #${issueNumber}`);
      const user = actorFor(author);
      return bodies.map((body) => storeComment(issue, body, user).id);
    },
    addLabel(issueNumber, name, login) {
      const issue = issues.get(issueNumber);
      if (issue === undefined) throw new Error(`no issue or pull request #${issueNumber}`);
      const added = label(name);
      // GitHub matches label names without regard to case: adding one already there records nothing.
      if (issue.labels.some((held) => held.id === added.id)) return;
      issue.labels.push(added);
      issue.updatedAt = timestamp();
      events.push({
        id: nextEventId++,
        issueNumber,
        actor: actorFor(login),
        event: 'labeled',
        label: added,
        createdAt: issue.updatedAt,
      });
    },
    removeLabel(issueNumber, name, login) {
      const issue = issues.get(issueNumber);
      if (issue === undefined) throw new Error(`no issue or pull request #${issueNumber}`);
      const held = issue.labels.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
      if (held === undefined) return;
      issue.labels = issue.labels.filter((candidate) => candidate !== held);
      issue.updatedAt = timestamp();
      events.push({
        id: nextEventId++,
        issueNumber,
        actor: actorFor(login),
        event: 'unlabeled',
        label: held,
        createdAt: issue.updatedAt,
      });
    },
    setRole(login, role) {
      roles.set(
        login.toLowerCase(),
        typeof role === 'string' ? { name: role, base: role } : { name: role.custom, base: role.base },
      );
    },
    issue: (issueNumber) => issues.get(issueNumber),
    issues: () => [...issues.values()].sort((a, b) => a.number - b.number),
    comments: (issueNumber) => commentsOf(issueNumber),
    setFile(ref, path, content) {
      const tree = files.get(ref) ?? new Map<string, Buffer>();
      if (content === undefined) tree.delete(path);
      else tree.set(path, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
      files.set(ref, tree);
    },
  };

  // --- errors, as GitHub words them ---------------------------------------------------------------------------

  function notFound(documentationUrl: string): Answer {
    return {
      status: 404,
      body: { message: 'Not Found', documentation_url: documentationUrl, status: '404' },
    };
  }

  function invalid(operationId: string, resource: string, field: string, message: string): Answer {
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource, code: 'custom', field, message }],
        documentation_url: findOperation(operationId).documentationUrl,
        status: '422',
      },
    };
  }

  function tooLong(operationId: string, resource: string, body: unknown): Answer | undefined {
    if (typeof body !== 'string' || [...body].length <= bodyLimit) return undefined;
    return invalid(operationId, resource, 'body', `body is too long (maximum is ${bodyLimit} characters)`);
  }

  function issueOr404(parsed: Parsed): StoredIssue | Answer {
    const issue = issues.get(Number(parsed.params[2]));
    return issue ?? notFound(findOperation(parsed.operationId).documentationUrl);
  }

  // --- paging, as GitHub pages: per_page ≤ 100 (default 30), page from 1, Link with next/last/first/prev ---------

  function page<T>(items: readonly T[], parsed: Parsed): { items: T[]; headers: Record<string, string> } {
    const perPage = Math.min(maxPerPage, positive(parsed.query.get('per_page')) ?? defaultPerPage);
    const current = positive(parsed.query.get('page')) ?? 1;
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((current - 1) * perPage, current * perPage);
    const link = (to: number): string => {
      const query = new URLSearchParams(parsed.query);
      query.set('per_page', String(perPage));
      query.set('page', String(to));
      return `<${url}${parsed.path}?${query.toString()}>`;
    };
    const relations: string[] = [];
    if (current > 1) relations.push(`${link(Math.min(current - 1, last))}; rel="prev"`);
    if (current < last) relations.push(`${link(current + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (current > 1) relations.push(`${link(1)}; rel="first"`);
    return { items: slice, headers: relations.length === 0 ? {} : { link: relations.join(', ') } };
  }

  // --- pull requests, as `POST /pulls` opens them ----------------------------------------------------------------

  function branchHead(name: string): string | undefined {
    if (options.branches !== undefined) return options.branches(name);
    return hash(name).toString(16).padStart(8, '0').repeat(5);
  }

  function createPull(parsed: Parsed): Answer {
    const operationId = parsed.operationId;
    const title = field(parsed.body, 'title');
    if (typeof title !== 'string' || title.trim() === '') {
      return invalid(operationId, 'PullRequest', 'title', "title can't be blank");
    }
    const body = field(parsed.body, 'body');
    const refused = tooLong(operationId, 'PullRequest', body);
    if (refused !== undefined) return refused;
    // `head` may name the owner (`acme:branch`); the stand-in holds one repository, so only its owner.
    const headName = String(field(parsed.body, 'head')).replace(new RegExp(`^${options.owner}:`, 'i'), '');
    const baseName = String(field(parsed.body, 'base'));
    const headSha = branchHead(headName);
    if (headSha === undefined) return invalid(operationId, 'PullRequest', 'head', 'head invalid');
    const baseSha = branchHead(baseName);
    if (baseSha === undefined) return invalid(operationId, 'PullRequest', 'base', 'base invalid');
    if (headSha === baseSha) {
      return invalid(operationId, 'PullRequest', 'head', `No commits between ${baseName} and ${headName}`);
    }
    const open = state.issues().some((issue) => issue.state === 'open' && issue.pull?.headRef === headName);
    if (open) {
      return invalid(
        operationId,
        'PullRequest',
        'head',
        `A pull request already exists for ${options.owner}:${headName}.`,
      );
    }
    const at = timestamp();
    const pull = {
      headSha,
      headRef: headName,
      baseSha,
      baseRef: baseName,
      mergeCommitSha: null,
      mergedAt: null,
    };
    const issue: StoredIssue = {
      number: nextNumber(),
      id: nextIssueId++,
      title,
      body: typeof body === 'string' ? body : null,
      state: 'open',
      stateReason: null,
      labels: [],
      user: actor,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      closedBy: null,
      pull,
    };
    issues.set(issue.number, issue);
    return {
      status: 201,
      body: pullRequestFullJson(context(), issue, pull),
      headers: { location: `${url}/repos/${options.owner}/${options.repo}/pulls/${issue.number}` },
    };
  }

  // --- repository contents, as `GET /contents/{path}` returns them ------------------------------------------------

  /** GitHub returns a file's content inline (base64, in lines of 60 characters) up to 1 MB; above, encoding `none`. */
  const inlineContentLimit = 1024 * 1024;

  function contentEntry(ref: string, path: string, type: 'file' | 'dir', bytes?: Buffer): JsonObject {
    const sha = createHash('sha1')
      .update(type === 'file' ? `blob ${bytes?.length ?? 0}\0` : `tree ${path}`)
      .update(bytes ?? Buffer.alloc(0))
      .digest('hex');
    const api = `${url}/repos/${options.owner}/${options.repo}`;
    const self = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
    const gitUrl = `${api}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
    const htmlUrl = `https://github.com/${options.owner}/${options.repo}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${path}`;
    return {
      type,
      size: type === 'file' ? (bytes?.length ?? 0) : 0,
      name: path.slice(path.lastIndexOf('/') + 1),
      path,
      sha,
      url: self,
      git_url: gitUrl,
      html_url: htmlUrl,
      download_url:
        type === 'file'
          ? `https://raw.githubusercontent.com/${options.owner}/${options.repo}/${ref}/${path}`
          : null,
      _links: { self, git: gitUrl, html: htmlUrl },
    };
  }

  function getContent(parsed: Parsed): Answer {
    const path = (parsed.params[2] ?? '').replace(/^\/+|\/+$/g, '');
    const ref = parsed.query.get('ref') ?? 'main';
    const tree = files.get(ref);
    const bytes = tree?.get(path);
    if (bytes !== undefined) {
      const inline = bytes.length <= inlineContentLimit;
      const base64 = inline ? (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') : '';
      return {
        status: 200,
        body: {
          ...contentEntry(ref, path, 'file', bytes),
          encoding: inline ? 'base64' : 'none',
          content: inline && base64 !== '' ? `${base64}\n` : '',
        },
      };
    }
    const below = [...(tree?.keys() ?? [])].filter((file) => path === '' || file.startsWith(`${path}/`));
    if (below.length === 0) return notFound(findOperation(parsed.operationId).documentationUrl);
    const entries = new Map<string, JsonObject>();
    for (const file of below) {
      const rest = path === '' ? file : file.slice(path.length + 1);
      const [first = '', ...deeper] = rest.split('/');
      const child = path === '' ? first : `${path}/${first}`;
      if (entries.has(child)) continue;
      entries.set(child, contentEntry(ref, child, deeper.length === 0 ? 'file' : 'dir', tree?.get(child)));
    }
    return { status: 200, body: [...entries.values()] };
  }

  // --- the routes ---------------------------------------------------------------------------------------------

  const repoPath = '/repos/([^/]+)/([^/]+)';
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: new RegExp(`^${repoPath}/issues/(\\d+)/comments$`),
      operationId: 'issues/list-comments',
      handle(parsed) {
        const issue = issueOr404(parsed);
        if (!isIssue(issue)) return issue;
        const { items, headers } = page(commentsOf(issue.number), parsed);
        return { status: 200, body: items.map((comment) => commentJson(context(), comment)), headers };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${repoPath}/issues/(\\d+)/comments$`),
      operationId: 'issues/create-comment',
      handle(parsed) {
        const issue = issueOr404(parsed);
        if (!isIssue(issue)) return issue;
        const body = field(parsed.body, 'body');
        const refused = tooLong(parsed.operationId, 'IssueComment', body);
        if (refused !== undefined) return refused;
        const comment = storeComment(issue, String(body), actor);
        return {
          status: 201,
          body: commentJson(context(), comment),
          headers: {
            location: `${url}/repos/${options.owner}/${options.repo}/issues/comments/${comment.id}`,
          },
        };
      },
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^${repoPath}/issues/comments/(\\d+)$`),
      operationId: 'issues/update-comment',
      handle(parsed) {
        const comment = comments.get(Number(parsed.params[2]));
        if (comment === undefined) return notFound(findOperation(parsed.operationId).documentationUrl);
        const body = field(parsed.body, 'body');
        const refused = tooLong(parsed.operationId, 'IssueComment', body);
        if (refused !== undefined) return refused;
        comment.body = String(body);
        comment.updatedAt = timestamp();
        return { status: 200, body: commentJson(context(), comment) };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${repoPath}/commits/([^/]+)/pulls$`),
      operationId: 'repos/list-pull-requests-associated-with-commit',
      handle(parsed) {
        const sha = parsed.params[2] ?? '';
        // The pull requests whose head is the commit, and the merged ones whose merge made it.
        const associated = state.issues().flatMap(({ pull, ...issue }) => {
          if (pull === undefined) return [];
          const merged = pull.mergedAt !== null && pull.mergeCommitSha === sha;
          return pull.headSha === sha || merged ? [{ issue, pull }] : [];
        });
        const { items, headers } = page(associated, parsed);
        const body = items.map(({ issue, pull }) => pullRequestJson(context(), issue, pull));
        return { status: 200, body, headers };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${repoPath}/issues$`),
      operationId: 'issues/list-for-repo',
      handle(parsed) {
        const wanted = parsed.query.get('state') ?? 'open';
        if (!['open', 'closed', 'all'].includes(wanted)) {
          return invalid(parsed.operationId, 'Issue', 'state', `state must be one of open, closed, all`);
        }
        const ascending = parsed.query.get('direction') === 'asc';
        const listed = state
          .issues()
          .filter((issue) => wanted === 'all' || issue.state === wanted)
          .sort((a, b) => (ascending ? a.number - b.number : b.number - a.number));
        const { items, headers } = page(listed, parsed);
        return { status: 200, body: items.map((issue) => issueJson(context(), issue, false)), headers };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${repoPath}/issues$`),
      operationId: 'issues/create',
      handle(parsed) {
        const body = field(parsed.body, 'body');
        const refused = tooLong(parsed.operationId, 'Issue', body);
        if (refused !== undefined) return refused;
        const title = String(field(parsed.body, 'title'));
        if (title.trim() === '') return invalid(parsed.operationId, 'Issue', 'title', "title can't be blank");
        const names = field(parsed.body, 'labels');
        const issue = storeIssue(
          {
            title,
            ...(typeof body === 'string' ? { body } : {}),
            labels: Array.isArray(names) ? names.map(labelName) : [],
          },
          actor,
        );
        return {
          status: 201,
          body: issueJson(context(), issue, true),
          headers: { location: `${url}/repos/${options.owner}/${options.repo}/issues/${issue.number}` },
        };
      },
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^${repoPath}/issues/(\\d+)$`),
      operationId: 'issues/update',
      handle(parsed) {
        const issue = issueOr404(parsed);
        if (!isIssue(issue)) return issue;
        const changes = (parsed.body ?? {}) as JsonObject;
        const refused = tooLong(parsed.operationId, 'Issue', changes.body);
        if (refused !== undefined) return refused;
        const at = timestamp();
        if (typeof changes.title === 'string' || typeof changes.title === 'number') {
          issue.title = String(changes.title);
        }
        if (changes.body !== undefined) issue.body = changes.body === null ? null : String(changes.body);
        if (Array.isArray(changes.labels)) issue.labels = changes.labels.map(labelName).map(label);
        if (changes.state === 'closed' && issue.state === 'open') {
          issue.state = 'closed';
          issue.closedAt = at;
          issue.closedBy = actor;
          // GitHub: `state_reason` applies only with a change of state; `completed` when none is given.
          issue.stateReason = stateReason(changes.state_reason) ?? 'completed';
        } else if (changes.state === 'open' && issue.state === 'closed') {
          issue.state = 'open';
          issue.closedAt = null;
          issue.closedBy = null;
          issue.stateReason = 'reopened';
        }
        issue.updatedAt = at;
        return { status: 200, body: issueJson(context(), issue, true) };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${repoPath}/pulls/(\\d+)/reviews$`),
      operationId: 'pulls/list-reviews',
      handle(parsed) {
        const pullNumber = Number(parsed.params[2]);
        if (issues.get(pullNumber)?.pull === undefined) {
          return notFound(findOperation(parsed.operationId).documentationUrl);
        }
        const listed = reviews.filter((review) => review.pullNumber === pullNumber);
        const { items, headers } = page(listed, parsed);
        return { status: 200, body: items.map((review) => reviewJson(context(), review)), headers };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${repoPath}/contents/(.*)$`),
      operationId: 'repos/get-content',
      handle: getContent,
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${repoPath}/pulls$`),
      operationId: 'pulls/create',
      handle(parsed) {
        return createPull(parsed);
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${repoPath}/issues/(\\d+)/events$`),
      operationId: 'issues/list-events',
      handle(parsed) {
        const issue = issueOr404(parsed);
        if (!isIssue(issue)) return issue;
        // Oldest first, as GitHub lists an issue's events.
        const { items, headers } = page(
          events.filter((event) => event.issueNumber === issue.number),
          parsed,
        );
        return { status: 200, body: items.map((event) => issueEventJson(context(), event)), headers };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${repoPath}/collaborators/([^/]+)/permission$`),
      operationId: 'repos/get-collaborator-permission-level',
      handle(parsed) {
        const login = parsed.params[2] ?? '';
        const role = roles.get(login.toLowerCase());
        if (role === undefined) return notFound(findOperation(parsed.operationId).documentationUrl);
        return { status: 200, body: collaboratorPermissionJson(context(), actorFor(login), role) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/user$/,
      operationId: 'users/get-authenticated',
      global: true,
      handle(parsed) {
        if (actor.type === 'User') return { status: 200, body: authenticatedUserJson(context(), actor) };
        // An installation token (the job token, a GitHub App's) has no user to show.
        return {
          status: 403,
          body: {
            message: 'Resource not accessible by integration',
            documentation_url: findOperation(parsed.operationId).documentationUrl,
            status: '403',
          },
        };
      },
    },
  ];

  // --- the server ---------------------------------------------------------------------------------------------

  function authorized(request: IncomingMessage): Answer | undefined {
    const header = request.headers.authorization ?? '';
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header);
    if (match === null) {
      return {
        status: 401,
        body: { message: 'Requires authentication', documentation_url: restDocs, status: '401' },
      };
    }
    if (options.token !== undefined && match[1] !== options.token) {
      return {
        status: 401,
        body: { message: 'Bad credentials', documentation_url: restDocs, status: '401' },
      };
    }
    return undefined;
  }

  function answer(
    request: IncomingMessage,
    path: string,
    query: URLSearchParams,
    text: string,
  ): {
    answer: Answer;
    operationId: string | undefined;
  } {
    const method = request.method ?? 'GET';
    const matches = routes
      .map((route) => ({ route, match: route.pattern.exec(path) }))
      .filter((candidate) => candidate.match !== null);
    const found = matches.find((candidate) => candidate.route.method === method);
    if (found === undefined) {
      const problem =
        matches.length === 0
          ? `the stand-in serves no ${method} ${path}`
          : `the stand-in serves ${path} for ${matches.map(({ route }) => route.method).join(', ')} only, not ${method}`;
      violations.push({
        kind: 'unserved',
        method,
        path,
        operationId: undefined,
        status: 404,
        problems: [problem],
      });
      return { answer: notFound(restDocs), operationId: undefined };
    }
    const { route } = found;
    const operationId = route.operationId;
    const params = (found.match ?? []).slice(1).map(decodeURIComponent);
    const denied = authorized(request);
    if (denied !== undefined) return { answer: denied, operationId };
    if (
      route.global !== true &&
      (!sameName(params[0], options.owner) || !sameName(params[1], options.repo))
    ) {
      return { answer: notFound(findOperation(operationId).documentationUrl), operationId };
    }
    let body: unknown;
    if (method === 'POST' || method === 'PATCH') {
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        return {
          answer: {
            status: 400,
            body: {
              message: 'Problems parsing JSON',
              documentation_url: findOperation(operationId).documentationUrl,
              status: '400',
            },
          },
          operationId,
        };
      }
      const problems = requestProblems(operationId, body ?? {});
      if (problems.length > 0) {
        violations.push({ kind: 'request', method, path, operationId, status: 422, problems });
        return {
          answer: {
            status: 422,
            body: {
              message: `Invalid request.\n\n${problems.join('\n')}`,
              documentation_url: findOperation(operationId).documentationUrl,
              status: '422',
            },
          },
          operationId,
        };
      }
    }
    const failure = failures.get(operationId)?.shift();
    if (failure !== undefined) return { answer: failed(failure), operationId };
    return { answer: route.handle({ params, query, path, body, operationId }), operationId };
  }

  function failed(failure: Failure): Answer {
    if (failure === 'server-error') {
      return { status: 502, body: { message: 'Server Error', documentation_url: restDocs, status: '502' } };
    }
    const status = failure === 'rate-limit' ? 403 : 429;
    return {
      status,
      body: {
        message: 'API rate limit exceeded for installation ID 4242.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        status: String(status),
      },
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': String(rateLimit),
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) - 5),
      },
    };
  }

  function send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string>,
  ): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    remaining = Math.max(0, remaining - 1);
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': `5D5E:2F2B:${(requests.length + 1).toString(16).toUpperCase()}:6A0B1C2D`,
      'x-ratelimit-limit': String(rateLimit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(Math.floor(now().getTime() / 1000) + 3600),
      'x-ratelimit-used': String(rateLimit - remaining),
      'x-ratelimit-resource': 'core',
      ...headers,
    });
    response.end(text);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = new URL(request.url ?? '/', 'http://stand-in.invalid');
    const method = request.method ?? 'GET';
    // What the tool sends to GitHub (comments, issue and pull-request bodies, check runs) is scanned for secrets.
    const authorization = request.headers.authorization?.split(/\s+/)[1];
    registerSecret('the GitHub token', authorization);
    if (chunks.length > 0)
      captureText(
        `body of ${method} ${target.pathname} sent to GitHub`,
        Buffer.concat(chunks).toString('utf8'),
      );
    let status = 500;
    let operationId: string | undefined;
    try {
      const result = answer(
        request,
        target.pathname,
        target.searchParams,
        Buffer.concat(chunks).toString('utf8'),
      );
      operationId = result.operationId;
      let body = result.answer.body;
      const mutate = operationId === undefined ? undefined : tampering.get(operationId);
      if (mutate !== undefined && operationId !== undefined) {
        tampering.delete(operationId);
        body = mutate(structuredClone(body));
      }
      const problems = responseProblems(operationId, result.answer.status, body);
      if (problems.length > 0) {
        violations.push({
          kind: 'response',
          method,
          path: target.pathname,
          operationId,
          status: result.answer.status,
          problems,
        });
        send(
          response,
          500,
          { message: `stand-in: the ${result.answer.status} body breaks GitHub's schema` },
          {},
        );
        return;
      }
      status = result.answer.status;
      send(response, status, body, { ...result.answer.headers });
    } catch (error) {
      const problem = error instanceof Error ? (error.stack ?? error.message) : String(error);
      violations.push({
        kind: 'crash',
        method,
        path: target.pathname,
        operationId,
        status: 500,
        problems: [problem],
      });
      send(response, 500, { message: 'stand-in crashed' }, {});
    } finally {
      requests.push({ method, path: target.pathname, query: target.search.slice(1), status, operationId });
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    state,
    requests,
    violations,
    failNext(operationId, failure, times = 1) {
      findOperation(operationId);
      failures.set(operationId, [
        ...(failures.get(operationId) ?? []),
        ...Array<Failure>(times).fill(failure),
      ]);
    },
    tamperNext(operationId, mutate) {
      findOperation(operationId);
      tampering.set(operationId, mutate);
    },
    async stop() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
      if (violations.length === 0) return;
      throw new Error(
        `the GitHub stand-in recorded ${violations.length} violation(s):\n${violations
          .map(
            (violation) =>
              `- ${violation.kind}: ${violation.method} ${violation.path} (${violation.operationId ?? 'no operation'}, ${violation.status})\n    ${violation.problems.join('\n    ')}`,
          )
          .join('\n')}`,
      );
    },
  };
}

function isIssue(value: StoredIssue | Answer): value is StoredIssue {
  return 'number' in value;
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as JsonObject)[name] : undefined;
}

function labelName(item: unknown): string {
  return typeof item === 'string' ? item : String(field(item, 'name'));
}

function stateReason(value: unknown): StoredIssue['stateReason'] | undefined {
  return value === 'completed' || value === 'not_planned' || value === 'duplicate' || value === 'reopened'
    ? value
    : undefined;
}

function positive(value: string | null): number | undefined {
  if (value === null) return undefined;
  const number = Number.parseInt(value, 10);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}

/** FNV-1a, for stable ids derived from names. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (const char of text) value = Math.imul(value ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return value;
}

function sameName(actual: string | undefined, expected: string): boolean {
  return actual !== undefined && actual.toLowerCase() === expected.toLowerCase();
}
