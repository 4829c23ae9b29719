import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedPeople } from '../../src/cli/commands/demo.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { loadDesired } from '../../src/load/index.js';
import { type GitHubStandIn, type StartOptions, startGitHubStandIn } from '../github/stand-in.js';
import { captureText, registerSecret } from '../support/secrets.js';

/**
 * The bundled action (dist/index.cjs) as a runner runs it, against the Okta emulator and the GitHub stand-in, for the
 * attacks on the GitOps loop: the workspace is a Git clone of the quickstart example (so an apply that goes through can
 * push its note), and every write to Okta shows in the emulator's request counts.
 */

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const quickstart = fileURLToPath(new URL('../../examples/quickstart/', import.meta.url));
export const owner = 'acme';
export const repo = 'access';
export const planMarker = '<!-- okta-access plan: okta-access.yaml -->';
export const driftMarker = '<!-- okta-access drift: okta-access.yaml -->';
const oktaToken = '00okta-rig-secret-Hq7Ld2PzX9vKc4Wm8sYt';
const githubToken = 'ghs_rig-secret-Vb3Nq8Tz5Kx1Lp7Rw2Md';

export interface ActionRun {
  readonly code: number | null;
  readonly log: string;
  readonly outputs: Readonly<Record<string, string>>;
}

export interface ActionRig {
  readonly workspace: string;
  readonly emulator: RunningEmulator;
  readonly github: GitHubStandIn;
  /** The workspace's commit: what `main` holds after the merge. */
  readonly mainSha: string;
  /** OKTA_ORG_URL and OKTA_API_TOKEN of the emulator, for the command line. */
  readonly oktaEnv: Readonly<Record<string, string>>;
  /**
   * Runs the bundle with `inputs` (command, …) for a `pull_request` of `number` at `headSha`; with `event.base`, the
   * payload names the base commit, and `event.sha` is GITHUB_SHA (the merge commit the checkout holds).
   */
  plan(
    number: number,
    headSha: string,
    inputs?: Readonly<Record<string, string>>,
    event?: { readonly base?: { readonly ref: string; readonly sha: string }; readonly sha?: string },
  ): Promise<ActionRun>;
  /** Runs the bundle's apply for a push of `sha` (default `mainSha`) to `main`. */
  apply(inputs?: Readonly<Record<string, string>>, sha?: string): Promise<ActionRun>;
  /** Commits the workspace as it is now on main and pushes it to `origin`; returns the new commit. */
  commit(message: string): string;
  /** Runs the bundle's scheduled drift check. */
  drift(inputs?: Readonly<Record<string, string>>): Promise<ActionRun>;
  /** Requests that change Okta (anything but GET), from the emulator's own counts (`/__emulator/requests`). */
  oktaWrites(): Promise<number>;
  stop(): Promise<void>;
}

/** The quickstart example as a clone of a bare `origin`, at one commit on main. */
function gitIn(workspace: string) {
  return (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: workspace,
      encoding: 'utf8',
    }).trim();
}

function cloneWorkspace(): { workspace: string; sha: string } {
  const workspace = mkdtempSync(path.join(tmpdir(), 'okta-access-security-'));
  cpSync(quickstart, workspace, { recursive: true });
  const origin = mkdtempSync(path.join(tmpdir(), 'okta-access-security-origin-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: workspace,
      encoding: 'utf8',
    }).trim();
  execFileSync('git', ['init', '--bare', '--quiet', origin]);
  git('init', '--quiet', '--initial-branch=main');
  git('add', '.');
  git('commit', '--quiet', '-m', 'Grant payroll access');
  git('remote', 'add', 'origin', origin);
  git('push', '--quiet', 'origin', 'main');
  return { workspace, sha: git('rev-parse', 'HEAD') };
}

let checkout: string | undefined;

/**
 * The action as `uses:` gets it: only what the bundle reads, so nothing resolves from this repository by accident.
 * One copy per test file.
 */
function actionCheckout(): string {
  if (checkout !== undefined) return checkout;
  checkout = copyAction();
  return checkout;
}

function copyAction(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'okta-access-security-action-'));
  for (const entry of ['dist/index.cjs', 'package.json', 'schemas']) {
    cpSync(path.join(packageRoot, entry), path.join(directory, entry), { recursive: true });
  }
  return path.join(directory, 'dist', 'index.cjs');
}

export async function startActionRig(
  github: Omit<StartOptions, 'owner' | 'repo' | 'token'> = {},
): Promise<ActionRig> {
  registerSecret('the Okta token of the action rig', oktaToken);
  registerSecret('the GitHub token of the action rig', githubToken);
  const bundle = actionCheckout();
  const { workspace, sha: mainSha } = cloneWorkspace();
  const loaded = await loadDesired({ configPath: path.join(workspace, 'okta-access.yaml'), env: {} });
  if (loaded.state === undefined) throw new Error('the quickstart example does not load');
  const emulator = await startEmulator({ seed: seedPeople(loaded.state), tokens: [oktaToken] });
  const standIn = await startGitHubStandIn({ owner, repo, token: githubToken, ...github });

  async function run(
    inputs: Readonly<Record<string, string>>,
    event: { readonly name: string; readonly payload: unknown },
    sha: string,
  ): Promise<ActionRun> {
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'okta-access-security-runner-'));
    const files = {
      event: path.join(runnerTemp, 'event.json'),
      output: path.join(runnerTemp, 'output'),
      summary: path.join(runnerTemp, 'step-summary.md'),
    };
    writeFileSync(files.event, JSON.stringify(event.payload));
    writeFileSync(files.output, '');
    writeFileSync(files.summary, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_REPOSITORY: `${owner}/${repo}`,
      GITHUB_SHA: sha,
      GITHUB_API_URL: standIn.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_WORKSPACE: workspace,
      'INPUT_OKTA-ORG-URL': emulator.url,
      'INPUT_OKTA-API-TOKEN': oktaToken,
      'INPUT_GITHUB-TOKEN': githubToken,
      ...Object.fromEntries(
        Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
      ),
    };
    // Asynchronous: the emulator and the stand-in answer from this process's event loop.
    const child = spawn(process.execPath, [bundle], {
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
    // The runner consumes its `::add-mask::` commands; everything else is the job log, scanned for secrets.
    const shown = log
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    captureText(`log of the bundled action (${inputs.command ?? 'no command'})`, shown);
    return { code, log: shown, outputs: parseOutputs(readFileSync(files.output, 'utf8')) };
  }

  return {
    workspace,
    emulator,
    github: standIn,
    mainSha,
    oktaEnv: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: oktaToken },
    plan: (number, headSha, inputs = {}, event = {}) =>
      run(
        { command: 'plan', ...inputs },
        {
          name: 'pull_request',
          payload: {
            action: 'synchronize',
            number,
            pull_request: {
              number,
              head: { sha: headSha },
              ...(event.base === undefined ? {} : { base: event.base }),
            },
          },
        },
        event.sha ?? headSha,
      ),
    apply: (inputs = {}, sha = mainSha) =>
      run(
        { command: 'apply', ...inputs },
        { name: 'push', payload: { ref: 'refs/heads/main', after: sha } },
        sha,
      ),
    commit(message) {
      const git = gitIn(workspace);
      git('add', '-A');
      git('commit', '--quiet', '-m', message);
      git('push', '--quiet', 'origin', 'main');
      return git('rev-parse', 'HEAD');
    },
    drift: (inputs = {}) => run({ command: 'drift', ...inputs }, { name: 'schedule', payload: {} }, mainSha),
    async oktaWrites() {
      const counts = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
        byEndpoint: Record<string, number>;
      };
      return Object.entries(counts.byEndpoint)
        .filter(([endpoint]) => !endpoint.startsWith('GET '))
        .reduce((sum, [, count]) => sum + count, 0);
    },
    async stop() {
      await emulator.stop();
      await standIn.stop(); // rejects when the action sent GitHub something its API would refuse
    },
  };
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<delimiter`, the value, `delimiter`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1] ?? ''] = match[3] ?? '';
  }
  return outputs;
}

/** A commit id for a pull request's head that is not on main (the branch's last commit). */
export function branchSha(seed: string): string {
  return seed.repeat(40).slice(0, 40);
}
