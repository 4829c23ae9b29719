import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import type { Plan } from '../../src/model/plan.js';
import type { GitHubStandIn } from '../github/stand-in.js';

/**
 * Plays a pull request against the emulator the two ways a reviewer can meet its plan: the bundled Action on a
 * `pull_request` event (dist/index.cjs, as a runner starts it, with the GitHub stand-in holding the base branch's
 * files), and `okta-access plan --base-ref` in a real Git repository with the base on `main` and the change on a branch.
 */

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export type Files = Readonly<Record<string, string>>;

function writeFiles(root: string, files: Files): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

/** The action as `uses:` gets it: dist/index.cjs, package.json and schemas/ only. */
export function actionCheckout(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'okta-access-action-checkout-'));
  for (const entry of ['dist/index.cjs', 'package.json', 'schemas']) {
    cpSync(path.join(packageRoot, entry), path.join(directory, entry), { recursive: true });
  }
  return path.join(directory, 'dist', 'index.cjs');
}

export interface ActionRun {
  readonly code: number | null;
  readonly log: string;
  /** The sticky plan comment on the pull request after the run. */
  readonly comment: string;
}

export interface PullRequestEvent {
  readonly number: number;
  readonly headSha: string;
  readonly base: { readonly ref: string; readonly sha: string };
}

/** Runs the bundled action's plan for a pull request whose files are `files`, as a runner would. */
export async function planWithAction(options: {
  readonly bundle: string;
  readonly emulator: RunningEmulator;
  readonly github: GitHubStandIn;
  readonly githubToken: string;
  readonly files: Files;
  readonly event: PullRequestEvent;
}): Promise<ActionRun> {
  const workspace = mkdtempSync(path.join(tmpdir(), 'okta-access-pr-'));
  writeFiles(workspace, options.files);
  const runnerTemp = mkdtempSync(path.join(tmpdir(), 'okta-access-runner-'));
  const eventFile = path.join(runnerTemp, 'event.json');
  const { number, headSha, base } = options.event;
  writeFileSync(
    eventFile,
    JSON.stringify({ action: 'synchronize', number, pull_request: { number, head: { sha: headSha }, base } }),
  );
  for (const file of ['output', 'summary.md']) writeFileSync(path.join(runnerTemp, file), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: 'acme/access',
    GITHUB_SHA: headSha,
    GITHUB_API_URL: options.github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: path.join(runnerTemp, 'output'),
    GITHUB_STEP_SUMMARY: path.join(runnerTemp, 'summary.md'),
    GITHUB_WORKSPACE: workspace,
    INPUT_COMMAND: 'plan',
    INPUT_CONFIG: 'okta-access.yaml',
    'INPUT_OKTA-ORG-URL': options.emulator.url,
    'INPUT_OKTA-API-TOKEN': options.emulator.token,
    'INPUT_GITHUB-TOKEN': options.githubToken,
  };
  const child = spawn(process.execPath, [options.bundle], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const comment =
    options.github.state
      .comments(number)
      .map((entry) => entry.body)
      .find((body) => body.includes('<!-- okta-access plan: okta-access.yaml -->')) ?? '';
  return { code, log, comment };
}

/** A Git repository in a temporary folder: `main` holds the base files, the branch `change` the pull request's. */
export function gitRepository(base: Files | undefined, change: Files) {
  const root = mkdtempSync(path.join(tmpdir(), 'okta-access-git-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
  git('init', '-q', '-b', 'main');
  writeFiles(root, base ?? { 'README.md': 'The access repository.\n' });
  git('add', '-A');
  git('commit', '-q', '-m', 'Base');
  git('switch', '-q', '-c', 'change');
  writeFiles(root, change);
  git('add', '-A');
  git('commit', '-q', '-m', 'Change');
  return {
    root,
    config: path.join(root, 'okta-access.yaml'),
    /** Merges the branch into `main` (a fast-forward), which is checked out afterwards. */
    merge() {
      git('switch', '-q', 'main');
      git('merge', '-q', '--ff-only', 'change');
    },
    read: (file: string) => readFileSync(path.join(root, file), 'utf8'),
  };
}

export interface CliPlan {
  readonly code: number;
  readonly plan: Plan | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real CLI in-process: `okta-access plan --format json --base-ref REF` against the emulator. */
export async function planWithCli(
  emulator: RunningEmulator,
  config: string,
  extra: readonly string[],
): Promise<CliPlan> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token, NO_COLOR: '1' },
    interactive: false,
  };
  const code = await run(['plan', '--config', config, ...extra], io);
  const plan = stdout.trim().startsWith('{') ? (JSON.parse(stdout) as Plan) : undefined;
  return { code, plan, stdout, stderr };
}
