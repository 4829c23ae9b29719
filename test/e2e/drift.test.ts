import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { Plan } from '../../src/model/plan.js';
import { actorFor, type GitHubStandIn, startGitHubStandIn } from '../github/stand-in.js';
import { captureIo, envOf, isWrite, oktaApi } from './apply-helpers.js';
import { payrollRepo, people } from './repo.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An org where the Payroll repository has been applied: Ada admin, Alan viewer. */
async function appliedOrg(): Promise<{ emulator: RunningEmulator; config: string }> {
  const emulator = await startEmulator({ seed: { users: people }, randomSeed: 3 });
  cleanups.push(() => emulator.stop());
  const config = payrollRepo([
    ['ada@example.com', 'Admin'],
    ['alan@example.com', 'Viewer'],
  ]);
  const applied = await cli(emulator, ['apply', '--config', config, '--auto-approve']);
  expect(applied.code, applied.stderr).toBe(0);
  return { emulator, config };
}

async function cli(emulator: RunningEmulator, args: string[], env: Record<string, string> = {}) {
  const { io, output } = captureIo({ ...envOf(emulator), ...env });
  const code = await run(args, io);
  return { code, ...output };
}

/** Someone removes Alan from Payroll-Viewer in the Admin Console. */
async function removeAlan(emulator: RunningEmulator): Promise<void> {
  const group = emulator.store.groupByName('Payroll-Viewer');
  const alan = emulator.store.requireUser('alan@example.com');
  await oktaApi(emulator, 'DELETE', `/api/v1/groups/${group?.id}/users/${alan.id}`);
}

describe('okta-access drift (real CLI and SDK against the emulator)', () => {
  it('exits 0 while Okta matches, 2 with the changes that would undo a change made outside Git, writing nothing', async () => {
    const { emulator, config } = await appliedOrg();
    const clean = await cli(emulator, ['drift', '--config', config]);
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.stdout).toContain('no drift: Okta matches the access repository');

    await removeAlan(emulator);
    const before = emulator.log().filter(isWrite).length;
    const drifted = await cli(emulator, ['drift', '--config', config]);
    expect(drifted.code, drifted.stdout).toBe(2);
    expect(drifted.stdout).toContain('drift: Okta differs from the access repository');
    expect(drifted.stdout).toMatch(/\+ alan@example\.com/);
    expect(emulator.log().filter(isWrite).length).toBe(before);

    const json = await cli(emulator, ['drift', '--config', config, '--format', 'json']);
    expect(json.code).toBe(2);
    const plan = JSON.parse(json.stdout) as Plan;
    expect(plan.changes.map((change) => change.kind)).toEqual(['membership.add']);
  });

  it('keeps one GitHub issue: opened on drift, closed when the drift is gone', async () => {
    const { emulator, config } = await appliedOrg();
    const token = 'ghs_drift_token_for_tests_0001';
    const standIn: GitHubStandIn = await startGitHubStandIn({ owner: 'acme', repo: 'access', token });
    cleanups.push(() => standIn.stop());
    const github = { GITHUB_API_URL: standIn.url, GITHUB_REPOSITORY: 'acme/access' };

    await removeAlan(emulator);
    const opened = await cli(emulator, ['drift', '--config', config, '--github-token', token], github);
    expect(opened.code, opened.stderr).toBe(2);
    const issues = standIn.state.issues().filter((issue) => issue.pull === undefined);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.state).toBe('open');
    expect(issues[0]?.body).toContain('alan@example.com');
    expect(opened.stdout + opened.stderr).not.toContain(token);

    const applied = await cli(emulator, ['apply', '--config', config, '--auto-approve']);
    expect(applied.code).toBe(0);
    const closed = await cli(emulator, ['drift', '--config', config, '--github-token', token], github);
    expect(closed.code, closed.stderr).toBe(0);
    expect(standIn.state.issues().find((issue) => issue.number === issues[0]?.number)?.state).toBe('closed');
  });

  it("keeps the issue of a GitHub App's token named by --github-login, and never takes someone else's", async () => {
    const { emulator, config } = await appliedOrg();
    const token = 'ghs_drift_app_token_for_tests_0003';
    const app = 'okta-access-ci[bot]';
    const standIn = await startGitHubStandIn({ owner: 'acme', repo: 'access', token, actor: actorFor(app) });
    cleanups.push(() => standIn.stop());
    const github = { GITHUB_API_URL: standIn.url, GITHUB_REPOSITORY: 'acme/access' };
    const marker = `<!-- okta-access drift: ${config} -->`;
    const planted = standIn.state.addIssue({
      title: 'Okta access drift',
      body: `${marker}\nmine`,
      author: 'mallory',
    });
    const drift = ['drift', '--config', config, '--github-token', token, '--github-login', app];

    await removeAlan(emulator);
    expect((await cli(emulator, drift, github)).code).toBe(2);
    expect((await cli(emulator, drift, github)).code).toBe(2);
    const own = standIn.state.issues().filter((issue) => issue.user.login === app);
    expect(own).toHaveLength(1);
    expect(standIn.state.issue(planted)?.body).toBe(`${marker}\nmine`);

    expect((await cli(emulator, ['apply', '--config', config, '--auto-approve'])).code).toBe(0);
    expect((await cli(emulator, drift, github)).code).toBe(0);
    expect(standIn.state.issue(own[0]?.number ?? 0)?.state).toBe('closed');
    expect(standIn.state.issue(planted)?.state).toBe('open');
  });

  it('stops at invalid files before contacting Okta, and asks for the repository of an issue', async () => {
    const { emulator, config } = await appliedOrg();
    const requests = emulator.log().length;
    writeFileSync(
      path.join(path.dirname(config), 'apps/payroll.csv'),
      'firstName,lastName,email,managerEmail,appName,groupName\nAda,L,not-an-email,,Payroll,Admin\n',
    );
    const invalid = await cli(emulator, ['drift', '--config', config]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/payroll\.csv:2:\d+ error/);
    expect(emulator.log().length).toBe(requests);

    const noRepository = await cli(emulator, ['drift', '--config', config, '--github-token', 'ghs_x_0002']);
    expect(noRepository.code).toBe(1);
    expect(noRepository.stderr).toContain('GITHUB_REPOSITORY_MISSING');
  });
});
