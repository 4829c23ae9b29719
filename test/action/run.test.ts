import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedPeople } from '../../src/cli/commands/demo.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { loadDesired } from '../../src/load/index.js';
import { type GitHubStandIn, startGitHubStandIn } from '../github/stand-in.js';

/**
 * The bundled action as a runner runs it: `node dist/index.cjs` with only PATH and the GITHUB_* / INPUT_* variables a
 * runner sets, against the Okta emulator and the GitHub stand-in (both in this process, on 127.0.0.1).
 */

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const quickstart = fileURLToPath(new URL('../../examples/quickstart/', import.meta.url));
const owner = 'acme';
const repo = 'access';
// Distinctive values, so that finding one in the log means it leaked.
const oktaToken = '00okta-secret-7Qz3xV9mWk2LrTbN4pYe';
const githubToken = 'ghs_github-secret-Jd82kLmQp0XzVt5R';
const headSha = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
}

/**
 * The action as `uses: owner/okta-access-gitops@sha` gets it: the repository without node_modules. Only what the bundle
 * reads is copied (dist/index.cjs, package.json, schemas/), so a module the bundle failed to include cannot be found
 * in this repository's node_modules by accident.
 */
function actionCheckout(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'okta-access-action-checkout-'));
  for (const entry of ['dist/index.cjs', 'package.json', 'schemas']) {
    cpSync(path.join(packageRoot, entry), path.join(directory, entry), { recursive: true });
  }
  return path.join(directory, 'dist', 'index.cjs');
}

let bundle: string;
let emulator: RunningEmulator;
let github: GitHubStandIn;
let workspace: string;

beforeAll(() => {
  bundle = actionCheckout();
});

beforeEach(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'okta-access-action-'));
  cpSync(quickstart, workspace, { recursive: true });
  const loaded = await loadDesired({ configPath: path.join(workspace, 'okta-access.yaml'), env: {} });
  if (loaded.state === undefined) throw new Error('the quickstart example does not load');
  emulator = await startEmulator({ seed: seedPeople(loaded.state), tokens: [oktaToken] });
  github = await startGitHubStandIn({ owner, repo, token: githubToken });
});

afterEach(async () => {
  await emulator.stop();
  await github.stop(); // rejects when the action sent GitHub something its API would refuse
});

interface RunOptions {
  readonly inputs: Readonly<Record<string, string>>;
  readonly event: { readonly name: string; readonly payload: unknown };
  /** GITHUB_SHA: the pull request's head in these tests unless given. */
  readonly sha?: string;
}

/** Runs the bundle as the runner would, from the workspace, with nothing else in its environment. */
async function runAction({ inputs, event, sha = headSha }: RunOptions): Promise<Run> {
  const runnerTemp = mkdtempSync(path.join(tmpdir(), 'okta-access-runner-'));
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
    GITHUB_API_URL: github.url,
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
  const child = spawn(process.execPath, [bundle], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
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

/** The log with the runner's `::add-mask::` commands taken out: the runner consumes them, they are never shown. */
function shownLog(run: Run): string {
  return `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

function pullRequestEvent(number: number, sha = headSha) {
  return {
    name: 'pull_request',
    payload: { action: 'synchronize', number, pull_request: { number, head: { sha } } },
  };
}

describe('the bundled action (dist/index.cjs)', () => {
  it('plans a pull request: one sticky comment, outputs, job summary, no secret in the log', async () => {
    github.state.addPullRequest({ number: 7, headSha, merged: false });
    const run = await runAction({
      inputs: { command: 'plan', config: 'okta-access.yaml' },
      event: pullRequestEvent(7),
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const comments = github.state.comments(7);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body).toContain('<!-- okta-access plan: okta-access.yaml -->');
    expect(body).toContain(`commit \`${headSha.slice(0, 12)}\``);
    expect(run.outputs['has-changes']).toBe('true');
    const hash = run.outputs['plan-hash'] ?? '';
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body).toContain(`<!-- okta-access plan-hash: ${hash} -->`);
    expect(run.outputs.summary).toMatch(/^\d+ changes \(0 destructive\); plan sha256:/);
    expect(run.summary).toContain('### okta-access plan (`okta-access.yaml`):');

    // Both credentials were registered as secrets, and appear nowhere else.
    expect(run.stdout).toContain(`::add-mask::${oktaToken}\n`);
    expect(run.stdout).toContain(`::add-mask::${githubToken}\n`);
    expect(shownLog(run)).not.toContain(oktaToken);
    expect(shownLog(run)).not.toContain(githubToken);

    // A second run on the same commit finds the comment by its marker and leaves it as it is.
    const again = await runAction({ inputs: { command: 'plan' }, event: pullRequestEvent(7) });
    expect(again.code).toBe(0);
    expect(again.outputs['plan-hash']).toBe(hash);
    expect(github.state.comments(7)).toHaveLength(1);
    expect(github.requests.filter((request) => request.method !== 'GET')).toHaveLength(1);
  });

  it('turns invalid files into annotations on their lines, a comment and a failure, without contacting Okta', async () => {
    github.state.addPullRequest({ number: 8, headSha, merged: false });
    const csv = path.join(workspace, 'apps', 'payroll.csv');
    const lines = readFileSync(csv, 'utf8').split('\n');
    lines[2] = (lines[2] ?? '').replace('@example.com', '.example.com');
    writeFileSync(csv, lines.join('\n'));
    const before = emulator.log().length;

    const run = await runAction({ inputs: { command: 'plan' }, event: pullRequestEvent(8) });

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error title=CSV_INVALID_EMAIL,file=apps\/payroll\.csv,line=3,col=\d+::".*" is not a valid email address/m,
    );
    expect(run.stdout).toMatch(/^::error::okta-access plan: invalid: 1 error/m);
    expect(github.state.comments(8)[0]?.body).toContain('the access repository is invalid');
    expect(run.outputs['has-changes']).toBe('false');
    expect(run.outputs['plan-hash']).toBe('');
    expect(emulator.log().length).toBe(before);
  });

  it('applies the plan approved on the merged pull request and pushes the apply note', async () => {
    // The workspace as actions/checkout leaves it: a clone of `origin`, at the merge commit.
    const origin = mkdtempSync(path.join(tmpdir(), 'okta-access-origin-'));
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
    const sha = git('rev-parse', 'HEAD');

    // The stand-in's pull requests do not change state: this one is merged (fast-forward, so its head is the merge
    // commit) from the start, and the plan run plays its last pull_request event before the merge.
    github.state.addPullRequest({ number: 9, headSha: sha, mergeCommitSha: sha, merged: true });
    const planned = await runAction({ inputs: { command: 'plan' }, event: pullRequestEvent(9, sha), sha });
    expect(planned.code).toBe(0);
    const approved = planned.outputs['plan-hash'];

    const applied = await runAction({
      inputs: { command: 'apply' },
      event: { name: 'push', payload: { ref: 'refs/heads/main', after: sha } },
      sha,
    });

    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.outputs['plan-hash']).toBe(approved);
    expect(applied.outputs.summary).toMatch(/^applied \d+, unchanged 0, skipped 0, failed 0$/);
    // Progress reaches the job log as plain lines.
    expect(shownLog(applied)).toContain('the org is as it was when the plan was made');
    expect(shownLog(applied)).toMatch(/^applied (\d+) of \1 changes$/m);
    expect(github.state.comments(9)).toHaveLength(2);
    expect(github.state.comments(9)[1]?.body).toMatch(/apply/i);
    const note = JSON.parse(
      execFileSync('git', ['--git-dir', origin, 'notes', '--ref', 'okta-access', 'show', sha], {
        encoding: 'utf8',
      }),
    ) as { planHash: string; runUrl: string; ok: boolean };
    expect(note).toMatchObject({
      planHash: approved,
      ok: true,
      runUrl: `https://github.com/${owner}/${repo}/actions/runs/4242`,
    });
    expect(shownLog(applied)).not.toContain(oktaToken);
    expect(shownLog(applied)).not.toContain(githubToken);
  });

  it('validates a fork pull request with command: validate: no Okta input, no token, no request anywhere', async () => {
    const fork = {
      name: 'pull_request',
      payload: { action: 'opened', number: 12, pull_request: { number: 12, head: { sha: headSha } } },
    };
    // What a fork's run gets: no secret, no Okta variable; the read-only job token is not needed either.
    const none = { 'okta-org-url': '', 'okta-api-token': '', 'github-token': '' };
    const before = emulator.log().length;

    const valid = await runAction({
      inputs: { command: 'validate', config: 'okta-access.yaml', ...none },
      event: fork,
    });

    expect(valid.stderr).toBe('');
    expect(valid.code).toBe(0);
    expect(valid.outputs.summary).toMatch(/^valid \(.*\d+ apps?.*\)$/);
    expect(valid.outputs['has-changes']).toBe('false');
    expect(valid.outputs['plan-hash']).toBe('');
    expect(valid.summary).toContain('### okta-access validate (`okta-access.yaml`): valid');

    const csv = path.join(workspace, 'apps', 'payroll.csv');
    const lines = readFileSync(csv, 'utf8').split('\n');
    lines[2] = (lines[2] ?? '').replace('@example.com', '.example.com');
    writeFileSync(csv, lines.join('\n'));
    const invalid = await runAction({ inputs: { command: 'validate', ...none }, event: fork });

    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(
      /^::error title=CSV_INVALID_EMAIL,file=apps\/payroll\.csv,line=3,col=\d+::".*" is not a valid email address/m,
    );
    expect(invalid.stdout).toMatch(/^::error::okta-access validate: invalid: 1 error/m);
    expect(github.requests).toEqual([]);
    expect(emulator.log().length).toBe(before);
  });

  it('validate warns that Okta credentials given to it are not used, and still never contacts Okta', async () => {
    const before = emulator.log().length;
    const run = await runAction({ inputs: { command: 'validate' }, event: pullRequestEvent(13) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^::warning::command validate never contacts Okta: OKTA_API_TOKEN is not used/m,
    );
    expect(shownLog(run)).not.toContain(oktaToken);
    expect(github.requests).toEqual([]);
    expect(emulator.log().length).toBe(before);
  });

  it('fails with what to fix when a run has no Okta credentials, and never calls it a bug', async () => {
    github.state.addPullRequest({ number: 11, headSha, merged: false });
    const run = await runAction({
      inputs: { command: 'plan', 'okta-api-token': '' },
      event: pullRequestEvent(11),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error::CREDENTIALS_MISSING: no Okta credentials%0Ahint: set OKTA_API_TOKEN/m,
    );
    expect(run.stdout).not.toContain('bug');
  });
});
