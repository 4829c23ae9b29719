import { UserError } from '../model/errors.js';

/** GitHub's limit on the body of an issue, pull request or comment, in characters. */
export const githubBodyLimit = 65_536;

/** What GitHub said (or that it said nothing) about one failed request. Never carries the token. */
export interface GitHubRequestErrorDetails {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** `METHOD /route/{template}`, e.g. `PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}`. */
  readonly endpoint: string;
  /** GitHub's `message` (`Bad credentials`, `Not Found`, …) or the network error's. */
  readonly summary: string;
  /** GitHub's `documentation_url`, when the body had one. */
  readonly documentationUrl?: string;
  /** GitHub's `X-GitHub-Request-Id`, for support cases. */
  readonly requestId?: string;
}

/**
 * A request GitHub refused or never answered, after the client's retries: a missing or bad token, a workflow without
 * the permission, an issue that is gone, an outage. User-fixable (exit 1); callers branch on `status`, never the text.
 */
export class GitHubRequestError extends UserError {
  readonly status: number;
  readonly endpoint: string;
  readonly summary: string;
  readonly documentationUrl?: string;
  readonly requestId?: string;

  constructor(details: GitHubRequestErrorDetails, cause?: unknown) {
    const hint = hintFor(details.status);
    super('GITHUB_REQUEST_FAILED', describe(details), {
      ...(hint === undefined ? {} : { hint }),
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = 'GitHubRequestError';
    this.status = details.status;
    this.endpoint = details.endpoint;
    this.summary = details.summary;
    if (details.documentationUrl !== undefined) this.documentationUrl = details.documentationUrl;
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }
}

/**
 * A body longer than GitHub accepts reached the port. Callers cap their Markdown below `githubBodyLimit`, so this is a
 * bug in the caller, raised before any request is sent.
 */
export class GitHubBodyTooLongError extends Error {
  readonly code = 'GITHUB_BODY_TOO_LONG';
  readonly characters: number;
  readonly limit = githubBodyLimit;

  constructor(what: string, characters: number) {
    super(
      `the ${what} is ${characters} characters long; GitHub accepts at most ${githubBodyLimit}: ` +
        'the caller must cap its Markdown (nothing was sent)',
    );
    this.name = 'GitHubBodyTooLongError';
    this.characters = characters;
  }
}

/**
 * The login configured for the token (the Action's `github-login`) is not the one GitHub says the token belongs to.
 * Comments would be written as one account and looked for as another: refused before anything is read or written.
 */
export class GitHubLoginMismatchError extends UserError {
  constructor(configured: string, actual: string) {
    super('GITHUB_LOGIN_MISMATCH', `the GitHub token belongs to ${actual}, not ${configured} as configured`, {
      hint:
        'leave github-login out when GitHub can say who the token is (a user token); set it only for a GitHub ' +
        "App's installation token, to the app's bot login (<app-slug>[bot])",
    });
    this.name = 'GitHubLoginMismatchError';
  }
}

export function isGitHubNotFound(error: unknown): boolean {
  return error instanceof GitHubRequestError && error.status === 404;
}

function describe(details: GitHubRequestErrorDetails): string {
  if (details.status === 0) {
    return `GitHub did not answer ${details.endpoint}: ${details.summary}`;
  }
  return `GitHub answered ${details.status} to ${details.endpoint}: ${details.summary}`;
}

function hintFor(status: number): string | undefined {
  switch (status) {
    case 401:
      return 'the GitHub token is missing, expired or wrong: give the action the workflow token (`github.token`)';
    case 403:
      return 'the workflow token lacks a permission: grant `pull-requests: write` (comments) and `issues: write` (drift issue)';
    case 404:
      return 'the repository, pull request, issue or comment does not exist, or the token cannot see it';
    default:
      return undefined;
  }
}
