import { readFile } from 'node:fs/promises';
import { UserError } from '../model/errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The repository the workflow runs in, from GITHUB_REPOSITORY (`owner/repo`). */
export function repositoryOf(env: Env): { readonly owner: string; readonly repo: string } {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (owner === undefined || owner === '' || repo === undefined || repo === '' || rest.length > 0) {
    throw new UserError('ACTION_CONTEXT', 'GITHUB_REPOSITORY is not set to owner/repo', {
      hint: 'the action runs in a GitHub Actions job, which sets it',
    });
  }
  return { owner, repo };
}

/**
 * The pull request a `pull_request` (or `pull_request_target`) event is about: its number, head commit, and base
 * (branch and commit: the trusted side, whose guardrails are in force).
 */
export async function pullRequestOf(env: Env): Promise<{
  readonly number: number;
  readonly headSha: string;
  readonly base?: { readonly ref: string; readonly sha: string };
}> {
  const event = await readEvent(env);
  const pull = isRecord(event.pull_request) ? event.pull_request : undefined;
  const head = pull !== undefined && isRecord(pull.head) ? pull.head : undefined;
  if (pull === undefined || typeof pull.number !== 'number' || typeof head?.sha !== 'string') {
    throw new UserError(
      'ACTION_EVENT',
      `command plan needs a pull_request event; this run was triggered by ${env.GITHUB_EVENT_NAME ?? 'an unknown event'}`,
      { hint: 'run `command: plan` in a workflow `on: pull_request`; apply runs on push, drift on schedule' },
    );
  }
  const base = isRecord(pull.base) ? pull.base : undefined;
  if (typeof base?.sha !== 'string' || !/^[0-9a-f]{40}$/.test(base.sha)) {
    return { number: pull.number, headSha: head.sha };
  }
  const ref = typeof base.ref === 'string' && base.ref !== '' ? base.ref : base.sha.slice(0, 12);
  return { number: pull.number, headSha: head.sha, base: { ref, sha: base.sha } };
}

/** The commit a push (or any run) is for: GITHUB_SHA. */
export function commitOf(env: Env): string {
  const sha = env.GITHUB_SHA ?? '';
  if (!/^[0-9a-f]{40}$/.test(sha)) {
    throw new UserError('ACTION_CONTEXT', 'GITHUB_SHA is not set to a commit', {
      hint: 'the action runs in a GitHub Actions job, which sets it',
    });
  }
  return sha;
}

/** The link to this workflow run, for the apply record; null outside Actions. */
export function runUrlOf(env: Env): string | null {
  const server = env.GITHUB_SERVER_URL;
  const repository = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  if (server === undefined || repository === undefined || runId === undefined) return null;
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
}

async function readEvent(env: Env): Promise<Record<string, unknown>> {
  const file = env.GITHUB_EVENT_PATH;
  if (file === undefined || file === '') {
    throw new UserError('ACTION_CONTEXT', 'GITHUB_EVENT_PATH is not set: no event to read', {
      hint: 'the action runs in a GitHub Actions job, which sets it',
    });
  }
  let event: unknown;
  try {
    event = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UserError('ACTION_CONTEXT', `the event payload ${file} could not be read`, { cause: error });
  }
  return isRecord(event) ? event : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
