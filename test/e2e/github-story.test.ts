import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPort } from '../../src/cli/commands/plan.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { readApplyNote } from '../../src/git/notes.js';
import { createGitHubPort } from '../../src/github/octokit.js';
import {
  applyMerge,
  detectDrift,
  type GitHubFlowOptions,
  planPullRequest,
} from '../../src/pipeline/github.js';
import { type GitHubStandIn, startGitHubStandIn } from '../github/stand-in.js';
import { people, writeRepo } from './repo.js';

/**
 * The whole story, as GitHub Actions would play it: a pull request gets its plan as one sticky comment; the merge
 * applies exactly that plan, reports on the pull request and leaves a Git note; an Okta change between approval and
 * merge stops the apply; drift opens an issue, and its end closes it.
 */
describe('the GitHub story against the emulator and a GitHub stand-in', () => {
  let emulator: RunningEmulator;
  let github: GitHubStandIn;
  let work: string;
  let config: string;
  let options: GitHubFlowOptions;

  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
      cwd: work,
      encoding: 'utf8',
    }).trim();
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  /** GitHub merges the pull request: its merge commit is `sha` (a fast-forward of the branch). */
  const mergePullRequest = (issueNumber: number, sha: string) => {
    const issue = github.state.issue(issueNumber) as { pull?: Record<string, unknown> } | undefined;
    if (issue?.pull === undefined) throw new Error(`#${issueNumber} is not a pull request`);
    issue.pull = { ...issue.pull, headSha: sha, mergeCommitSha: sha, mergedAt: new Date().toISOString() };
  };
  const addRow = (row: string) => appendFileSync(path.join(work, 'apps', 'payroll.csv'), `${row}\n`);
  const oktaApi = (pathAndQuery: string, init: RequestInit = {}) =>
    fetch(`${emulator.url}${pathAndQuery}`, {
      ...init,
      headers: { authorization: `SSWS ${emulator.token}`, 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    emulator = await startEmulator({ seed: { users: people } });
    github = await startGitHubStandIn({ owner: 'acme', repo: 'access' });
    config = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml':
        'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
        'entitlements:\n  - {name: Admin}\n  - {name: Viewer}\n',
      'apps/payroll.csv':
        'firstName,lastName,email,managerEmail,appName,groupName\nAda,Example,ada@example.com,,Payroll,Admin\n',
      '.gitignore': '.okta-access/\n',
    });
    work = path.dirname(config);
    const remote = mkdtempSync(path.join(tmpdir(), 'okta-access-remote-'));
    execFileSync('git', ['init', '-q', '--bare', remote]);
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', remote);
    commit('Initial access repository');
    git('push', '-q', 'origin', 'main');
    options = {
      configPath: config,
      env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token },
      openPort: openPort(1, 4),
      github: createGitHubPort({
        token: 'ghs_test',
        owner: 'acme',
        repo: 'access',
        baseUrl: github.url,
        retries: false,
      }),
    };
  });
  afterAll(async () => {
    await emulator.stop();
    await github.stop();
  });

  it('comments the plan on the pull request, and updates the same comment on the next push', async () => {
    addRow('Alan,Example,alan@example.com,ada@example.com,Payroll,Viewer');
    const first = commit('Grant Alan Viewer');
    github.state.addPullRequest({ number: 7, headSha: first, merged: false });
    const planned = await planPullRequest({ ...options, pullNumber: 7, headSha: first });
    expect(planned).toMatchObject({ ok: true, hasChanges: true });
    expect(github.state.comments(7)).toHaveLength(1);
    expect(github.state.comments(7)[0]?.body).toContain(`for commit \`${first.slice(0, 12)}\``);

    addRow('Grace,Example,grace@example.com,ada@example.com,Payroll,Viewer');
    const second = commit('Grant Grace Viewer too');
    const replanned = await planPullRequest({ ...options, pullNumber: 7, headSha: second });
    expect(github.state.comments(7)).toHaveLength(1);
    expect(github.state.comments(7)[0]?.body).toContain(`for commit \`${second.slice(0, 12)}\``);
    expect(replanned.planHash).not.toBe(planned.planHash);
    // The same plan again: no write at all.
    const patches = () => github.requests.filter((request) => request.method === 'PATCH').length;
    const before = patches();
    await planPullRequest({ ...options, pullNumber: 7, headSha: second });
    expect(patches()).toBe(before);
  });

  it('applies the approved plan on merge, reports on the pull request and writes a Git note', async () => {
    const merged = git('rev-parse', 'HEAD');
    mergePullRequest(7, merged);
    const result = await applyMerge({
      ...options,
      sha: merged,
      allowDirectPush: false,
      allowDeletes: false,
      concurrency: 4,
      runUrl: 'https://github.example/acme/access/actions/runs/1',
      repoDir: work,
      pushNote: true,
      journalPath: path.join(work, '.okta-access', 'journal.jsonl'),
    });
    expect(result).toMatchObject({ ok: true, hasChanges: true });
    const comments = github.state.comments(7);
    expect(comments).toHaveLength(2);
    expect(comments[1]?.body).toMatch(/Okta access apply/);
    const note = await readApplyNote(work, merged);
    expect(note).toMatchObject({
      planHash: result.planHash,
      ok: true,
      runUrl: 'https://github.example/acme/access/actions/runs/1',
    });
    expect(git('ls-remote', 'origin', 'refs/notes/okta-access')).toContain('refs/notes/okta-access');
  });

  it('refuses to apply when Okta changed between approval and merge, and says so on the pull request', async () => {
    addRow('Edsger,Example,edsger@example.com,ada@example.com,Payroll,Admin');
    const head = commit('Grant Edsger Admin');
    github.state.addPullRequest({ number: 8, headSha: head, merged: false });
    const approved = await planPullRequest({ ...options, pullNumber: 8, headSha: head });
    expect(approved.ok).toBe(true);
    // Someone adds Barbara to the Admin group by hand: the plan now also removes her.
    const groups = (await (await oktaApi(`/api/v1/groups?q=Payroll-Admin`)).json()) as { id: string }[];
    const barbara = (await (await oktaApi('/api/v1/users/barbara@example.com')).json()) as { id: string };
    await oktaApi(`/api/v1/groups/${groups[0]?.id}/users/${barbara.id}`, { method: 'PUT' });
    mergePullRequest(8, head);
    const writesBefore = emulator.log().filter((entry) => entry.method !== 'GET').length;
    const result = await applyMerge({
      ...options,
      sha: head,
      allowDirectPush: false,
      allowDeletes: false,
      concurrency: 4,
      runUrl: null,
      pushNote: false,
    });
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/the plan changed since it was approved/);
    expect(emulator.log().filter((entry) => entry.method !== 'GET').length).toBe(writesBefore);
    expect(github.state.comments(8).at(-1)?.body).toMatch(/not applied.*plan changed since it was approved/s);
  });

  it('refuses a direct push that no pull request approved', async () => {
    const result = await applyMerge({
      ...options,
      sha: 'f'.repeat(40),
      allowDirectPush: false,
      allowDeletes: false,
      concurrency: 4,
      runUrl: null,
      pushNote: false,
    });
    expect(result).toMatchObject({ ok: false });
    expect(result.summary).toMatch(/without a pull request/);
  });

  it('opens one drift issue while Okta differs from the files, and closes it when the drift is gone', async () => {
    // After the refused merge, Okta still holds Barbara by hand and lacks Edsger: that is drift.
    const opened = await detectDrift(options);
    expect(opened).toMatchObject({ ok: true, hasChanges: true });
    const open = github.state.issues().filter((issue) => issue.pull === undefined && issue.state === 'open');
    expect(open).toHaveLength(1);
    await detectDrift(options);
    expect(github.state.issues().filter((issue) => issue.pull === undefined)).toHaveLength(1);
    // Apply the default branch as it is now (someone approved it), and the drift is gone.
    const { run } = await import('../../src/cli/main.js');
    let out = '';
    const code = await run(['apply', '--config', config, '--auto-approve', '--allow-deletes'], {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: () => true },
      env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token },
      interactive: false,
    });
    expect(code, out).toBe(0);
    const closed = await detectDrift(options);
    expect(closed).toMatchObject({ ok: true, hasChanges: false });
    const issue = github.state.issues().find((candidate) => candidate.pull === undefined);
    expect(issue?.state).toBe('closed');
  });
});
