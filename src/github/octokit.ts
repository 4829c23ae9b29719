import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import {
  GitHubBodyTooLongError,
  GitHubLoginMismatchError,
  GitHubRequestError,
  githubBodyLimit,
} from './errors.js';
import type { GitHubComment, GitHubPort, GitHubPullRequest, RepositoryFile } from './port.js';

/**
 * The GitHub port on @octokit/rest, with the retry plugin (transient 5xx) and the throttling plugin (GitHub's primary
 * and secondary rate limits, each request retried at most twice). Every failure becomes a GitHubRequestError naming the
 * route template and GitHub's message; the token never appears in a message or a log line.
 *
 * What it finds by a marker it finds only among what the token's own account wrote (`identity()`).
 */

/** The account the job token (`GITHUB_TOKEN`) writes as, on github.com and GitHub Enterprise Server alike. */
export const actionsBotLogin = 'github-actions[bot]';

export interface GitHubPortOptions {
  readonly token: string;
  readonly owner: string;
  readonly repo: string;
  /** The REST API root; default `GITHUB_API_URL` (set by Actions, GitHub Enterprise Server included), else api.github.com. */
  readonly baseUrl?: string;
  /** Retries and rate-limit throttling; on by default, off in tests (a 500 would otherwise cost seconds of backoff). */
  readonly retries?: boolean;
  /** Where rate-limit warnings go; default the console. */
  readonly log?: GitHubLog;
  /**
   * The login the token writes as when GitHub will not say: an installation token (the job token, a GitHub App's)
   * gets 403 from `GET /user`. Default `github-actions[bot]`, the job token's account; a GitHub App's token writes as
   * `<app-slug>[bot]`. When `GET /user` answers, its login is the identity and a different `login` is an error.
   */
  readonly login?: string;
}

export interface GitHubLog {
  warn(message: string, meta?: Readonly<Record<string, unknown>>): void;
}

/** Retries after a rate limit per request, on top of the first attempt. */
const rateLimitRetries = 2;
const perPage = 100;

const ClientClass = Octokit.plugin(retry, throttling);
type Client = InstanceType<typeof ClientClass>;

const routes = {
  authenticatedUser: 'GET /user',
  listComments: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
  createComment: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  updateComment: 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
  pullsForCommit: 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
  listIssues: 'GET /repos/{owner}/{repo}/issues',
  createIssue: 'POST /repos/{owner}/{repo}/issues',
  updateIssue: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  createPull: 'POST /repos/{owner}/{repo}/pulls',
  listReviews: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
  getContent: 'GET /repos/{owner}/{repo}/contents/{path}',
  listEvents: 'GET /repos/{owner}/{repo}/issues/{issue_number}/events',
  collaboratorPermission: 'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
} as const;

export function createGitHubPort(options: GitHubPortOptions): GitHubPort {
  const octokit = createClient(options);
  const { owner, repo } = options;
  const redact = redactor(options.token);

  async function call<T>(endpoint: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toGitHubRequestError(error, endpoint, redact);
    }
  }

  let identity: Promise<string> | undefined;

  /** Once per port: `GET /user`, or the configured login when GitHub refuses it to an installation token. */
  async function resolveIdentity(): Promise<string> {
    let login: string;
    try {
      ({
        data: { login },
      } = await octokit.rest.users.getAuthenticated());
    } catch (error) {
      if (isInstallationRefusal(error)) return options.login ?? actionsBotLogin;
      throw toGitHubRequestError(error, routes.authenticatedUser, redact);
    }
    if (options.login !== undefined && !sameLogin(options.login, login)) {
      throw new GitHubLoginMismatchError(options.login, login);
    }
    return login;
  }

  function ownIdentity(): Promise<string> {
    identity ??= resolveIdentity();
    return identity;
  }

  async function findComment(issueNumber: number, marker: string): Promise<GitHubComment | undefined> {
    requireMarker(marker);
    const own = await ownIdentity();
    return call(routes.listComments, async () => {
      const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: perPage,
      });
      for await (const page of pages) {
        for (const comment of page.data) {
          // Written by someone else, a marker proves nothing: it is text anyone can paste.
          if (!sameLogin(comment.user?.login, own)) continue;
          if (comment.body?.includes(marker) === true) return { id: comment.id, body: comment.body };
        }
      }
      return undefined;
    });
  }

  async function createComment(issueNumber: number, body: string): Promise<number> {
    const { data } = await call(routes.createComment, () =>
      octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body }),
    );
    return data.id;
  }

  return {
    identity: ownIdentity,
    findComment,

    async upsertComment(issueNumber, marker, body) {
      requireMarker(marker);
      checkBody('comment', body);
      if (!body.includes(marker)) {
        throw new Error(
          `the sticky comment body must contain its marker ${marker}, or the next run cannot find it`,
        );
      }
      const existing = await findComment(issueNumber, marker);
      if (existing === undefined) return { action: 'created', id: await createComment(issueNumber, body) };
      if (existing.body === body) return { action: 'unchanged', id: existing.id };
      await call(routes.updateComment, () =>
        octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body }),
      );
      return { action: 'updated', id: existing.id };
    },

    async addComment(issueNumber, body) {
      checkBody('comment', body);
      return createComment(issueNumber, body);
    },

    async pullRequestForCommit(sha) {
      const { data } = await call(routes.pullsForCommit, () =>
        octokit.rest.repos.listPullRequestsAssociatedWithCommit({
          owner,
          repo,
          commit_sha: sha,
          per_page: perPage,
        }),
      );
      const pull = data.find((candidate) => candidate.merged_at !== null) ?? data[0];
      if (pull === undefined) return undefined;
      return {
        number: pull.number,
        merged: pull.merged_at !== null,
        headSha: pull.head.sha,
        labels: pull.labels.map((label) => label.name),
      };
    },

    async labeledBy(issueNumber, label) {
      const events = await call(routes.listEvents, () =>
        octokit.paginate(octokit.rest.issues.listEvents, {
          owner,
          repo,
          issue_number: issueNumber,
          per_page: perPage,
        }),
      );
      // Oldest first: the last `labeled` event for exactly this name is the one that put the label there now.
      let login: string | undefined;
      for (const event of events) {
        if (event.event !== 'labeled' || !('label' in event) || event.label?.name !== label) continue;
        login = event.actor?.login ?? undefined;
      }
      return login;
    },

    async repositoryRole(login) {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
          owner,
          repo,
          username: login,
        });
        return { permission: data.permission, role: data.role_name };
      } catch (error) {
        const failure = toGitHubRequestError(error, routes.collaboratorPermission, redact);
        // Not a collaborator (or no such account, or a bot): no access of its own.
        if (failure instanceof GitHubRequestError && failure.status === 404) {
          return { permission: 'none', role: 'none' };
        }
        throw failure;
      }
    },

    async pullRequestApprovals(pullNumber) {
      const reviews = await call(routes.listReviews, () =>
        octokit.paginate(octokit.rest.pulls.listReviews, {
          owner,
          repo,
          pull_number: pullNumber,
          per_page: perPage,
        }),
      );
      // Chronological order: the last review that sets a state wins. A plain comment (COMMENTED) or a pending review
      // leaves an earlier approval standing, as on GitHub's own "approved" count.
      const latest = new Map<string, { login: string; name?: string; state: string }>();
      for (const review of reviews) {
        const user = review.user;
        if (user === null) continue;
        if (review.state === 'COMMENTED' || review.state === 'PENDING') continue;
        const name = typeof user.name === 'string' && user.name !== '' ? user.name : undefined;
        latest.set(user.login.toLowerCase(), {
          login: user.login,
          ...(name === undefined ? {} : { name }),
          state: review.state,
        });
      }
      return [...latest.values()]
        .filter((review) => review.state === 'APPROVED')
        .map(({ login, name }) => (name === undefined ? { login } : { login, name }))
        .sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
    },

    async findOpenIssue(marker) {
      requireMarker(marker);
      const own = await ownIdentity();
      return call(routes.listIssues, async () => {
        const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
          owner,
          repo,
          state: 'open',
          per_page: perPage,
        });
        for await (const page of pages) {
          for (const issue of page.data) {
            // The issues list holds pull requests too; the drift issue is never one.
            if (issue.pull_request !== undefined) continue;
            if (!sameLogin(issue.user?.login, own)) continue;
            if (issue.body?.includes(marker) === true) return { number: issue.number, body: issue.body };
          }
        }
        return undefined;
      });
    },

    async openIssue(title, body, labels) {
      checkBody('issue body', body);
      const { data } = await call(routes.createIssue, () =>
        octokit.rest.issues.create({ owner, repo, title, body, labels: [...labels] }),
      );
      return data.number;
    },

    async updateIssue(issueNumber, body) {
      checkBody('issue body', body);
      await call(routes.updateIssue, () =>
        octokit.rest.issues.update({ owner, repo, issue_number: issueNumber, body }),
      );
    },

    async closeIssue(issueNumber, comment) {
      checkBody('comment', comment);
      await createComment(issueNumber, comment);
      await call(routes.updateIssue, () =>
        octokit.rest.issues.update({
          owner,
          repo,
          issue_number: issueNumber,
          state: 'closed',
          state_reason: 'completed',
        }),
      );
    },

    async readFile(path, ref): Promise<RepositoryFile> {
      let data: Awaited<ReturnType<typeof octokit.rest.repos.getContent>>['data'];
      try {
        ({ data } = await octokit.rest.repos.getContent({ owner, repo, path, ref }));
      } catch (error) {
        const failure = toGitHubRequestError(error, routes.getContent, redact);
        if (failure instanceof GitHubRequestError && failure.status === 404) return { kind: 'missing' };
        throw failure;
      }
      if (Array.isArray(data)) return { kind: 'unusable', reason: 'it is a directory' };
      if (data.type !== 'file' || !('encoding' in data)) {
        return { kind: 'unusable', reason: `it is a ${data.type}, not a file` };
      }
      if (data.encoding !== 'base64') {
        return {
          kind: 'unusable',
          reason: `it is too large for GitHub's contents API to return (${data.size} bytes)`,
        };
      }
      return { kind: 'file', bytes: Buffer.from(data.content, 'base64') };
    },

    async createPullRequest(head, base, title, body): Promise<GitHubPullRequest> {
      checkBody('pull request body', body);
      const { data } = await call(routes.createPull, () =>
        octokit.rest.pulls.create({ owner, repo, head, base, title, body }),
      );
      return { number: data.number, url: data.html_url };
    },
  };
}

function createClient(options: GitHubPortOptions): Client {
  const baseUrl = (options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(
    /\/+$/,
    '',
  );
  const enabled = options.retries ?? true;
  const warn = options.log?.warn.bind(options.log) ?? defaultWarn;
  function onLimit(kind: string) {
    return (
      retryAfter: number,
      request: { method: string; url: string },
      _client: unknown,
      retryCount: number,
    ) => {
      const again = retryCount < rateLimitRetries;
      // The method, the path and the wait only: never a header, a query, a body or the token.
      warn(again ? 'GitHub rate limit reached; retrying' : 'GitHub rate limit reached; giving up', {
        kind,
        method: request.method,
        path: decodeURI(new URL(request.url, 'https://api.github.invalid').pathname),
        retryAfterSeconds: retryAfter,
        retryCount,
      });
      return again;
    };
  }
  return new ClientClass({
    auth: options.token,
    baseUrl,
    userAgent: 'okta-access-gitops',
    // `debug` would receive the request options, headers (the token) included: it must stay silent. `error` repeats
    // what the thrown GitHubRequestError says; `warn` carries deprecations.
    log: { debug: noop, info: noop, warn: (message: string) => warn(message), error: noop },
    // Rate limits (403 with no requests remaining, 429) belong to the throttling plugin alone: retries never stack.
    retry: { enabled, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: enabled
      ? { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') }
      : { enabled: false },
  });
}

function noop(): void {}

function defaultWarn(message: string, meta?: Readonly<Record<string, unknown>>): void {
  console.warn(meta === undefined ? message : `${message} ${JSON.stringify(meta)}`);
}

/** GitHub logins are case-insensitive; an absent author (a deleted account, shown as ghost) is no one. */
function sameLogin(login: string | undefined, other: string): boolean {
  return login !== undefined && login.toLowerCase() === other.toLowerCase();
}

/**
 * GitHub's answer to `GET /user` with an installation token: 403 "Resource not accessible by integration". Any other
 * failure (a bad token, a rate limit, an outage) is not evidence of who the token is.
 */
function isInstallationRefusal(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'HttpError') return false;
  const { status, response } = error as { status?: unknown; response?: { data?: unknown } };
  if (status !== 403) return false;
  const data = response?.data;
  const message =
    typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined;
  return (
    typeof message === 'string' && message.trim().toLowerCase() === 'resource not accessible by integration'
  );
}

function requireMarker(marker: string): void {
  if (marker.trim() === '') throw new Error('a GitHub marker must not be empty: it would match every body');
}

/** GitHub counts characters (code points); a string's `length` (UTF-16 units) is never fewer, so it is a fast bound. */
function checkBody(what: string, body: string): void {
  if (body.length <= githubBodyLimit) return;
  let characters = 0;
  for (const _ of body) characters++;
  if (characters > githubBodyLimit) throw new GitHubBodyTooLongError(what, characters);
}

type Redact = (text: string) => string;

function redactor(token: string): Redact {
  // A short token would redact ordinary words; real tokens (ghp_…, ghs_…, v1.…) are far longer.
  if (token.length < 8) return (text) => text;
  return (text) => text.split(token).join('[redacted]');
}

/** What octokit threw (a RequestError: `HttpError` with a status and the response) → GitHubRequestError. */
function toGitHubRequestError(error: unknown, endpoint: string, redact: Redact): Error {
  if (error instanceof GitHubRequestError) return error;
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const { status, response } = error as {
    status?: unknown;
    response?: { data?: unknown; headers?: Record<string, unknown> };
  };
  if (error.name !== 'HttpError' || typeof status !== 'number' || response === undefined) {
    // No response: octokit reports a network failure as a 500 without one.
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new GitHubRequestError(
      { status: 0, endpoint, summary: redact(`${error.message}${cause}`) },
      error,
    );
  }
  const data = response.data;
  const body = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const message = typeof body.message === 'string' ? body.message : error.message;
  const documentationUrl = typeof body.documentation_url === 'string' ? body.documentation_url : undefined;
  const requestId = response.headers?.['x-github-request-id'];
  const details = {
    status,
    endpoint,
    summary: redact(summarize(message, body.errors)),
    ...(documentationUrl === undefined ? {} : { documentationUrl }),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
  return new GitHubRequestError(details, error);
}

/** GitHub's message plus the `errors[].message` of a 422 (`body is too long …`). */
function summarize(message: string, errors: unknown): string {
  if (!Array.isArray(errors)) return message;
  const details = errors
    .map((item: unknown) =>
      typeof item === 'object' && item !== null && typeof (item as { message?: unknown }).message === 'string'
        ? (item as { message: string }).message
        : undefined,
    )
    .filter((text): text is string => text !== undefined);
  return details.length === 0 ? message : `${message}: ${details.join('; ')}`;
}
