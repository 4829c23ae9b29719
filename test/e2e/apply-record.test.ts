import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryReport } from '../../src/audit/model.js';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { ApplyReport } from '../../src/model/apply.js';
import type { Plan } from '../../src/model/plan.js';
import { captureIo, envOf, isWrite } from './apply-helpers.js';
import { payrollRepo, people } from './repo.js';

/**
 * A team that applies from the command line: `apply --record` leaves the apply record the Action leaves (a Git note
 * on the commit applied), and `audit history` reads it; without it, audit says it does not know.
 */
describe('apply --record and audit history, with the real CLI, Git and the emulator', () => {
  let emulator: RunningEmulator;
  let work: string;
  let config: string;
  const scratch = mkdtempSync(path.join(tmpdir(), 'okta-access-record-'));

  const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Ada Admin', '-c', 'user.email=admin@example.com', ...args], {
      cwd: work,
      encoding: 'utf8',
      env: gitEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  const commit = (message: string) => {
    git('add', '-A', '--', 'okta-access.yaml', 'apps');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  const addRow = (email: string, entitlement: string) =>
    appendFileSync(
      path.join(work, 'apps', 'payroll.csv'),
      `${email.split('@')[0]},Example,${email},,Payroll,${entitlement}\n`,
    );
  const note = (sha: string): string | undefined => {
    try {
      return git('notes', '--ref', 'okta-access', 'show', sha);
    } catch {
      return undefined;
    }
  };
  const writes = () => emulator.log().filter(isWrite).length;

  async function cli(args: string[]) {
    const { io, output } = captureIo(envOf(emulator));
    const code = await run(args, io);
    return { code, ...output };
  }
  async function apply(...args: string[]) {
    const report = path.join(scratch, `report-${Math.random().toString(36).slice(2)}.json`);
    const result = await cli(['apply', '--config', config, '--report', report, ...args]);
    let parsed: ApplyReport | undefined;
    try {
      parsed = JSON.parse(readFileSync(report, 'utf8')) as ApplyReport;
    } catch {
      parsed = undefined;
    }
    return { ...result, report: parsed };
  }
  async function history(user: string, format: 'text' | 'json' | 'csv') {
    const result = await cli(['audit', 'history', '--config', config, '--user', user, '--format', format]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  }

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: {
        users: people,
        apps: [{ label: 'Payroll', url: 'https://payroll.example.com/', groups: [] }],
      },
      randomSeed: 3,
    });
    config = payrollRepo([['ada@example.com', 'Admin']], 'version: 1\nsafety:\n  maxDeletes: 0\n');
    work = path.dirname(config);
    git('init', '-q', '-b', 'main');
    commit('Grant Ada payroll admin');
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('without --record, audit says the applied state is unknown, in text, JSON and CSV', async () => {
    const applied = await apply('--auto-approve');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.report?.counts.applied).toBeGreaterThan(0);
    expect(note(git('rev-parse', 'HEAD'))).toBeUndefined();

    expect(await history('ada@example.com', 'text')).toContain('  applied   unknown (no apply record)\n');
    const json = JSON.parse(await history('ada@example.com', 'json')) as HistoryReport;
    expect(json.entries.map((entry) => entry.applied)).toEqual([
      { status: 'unknown', reason: 'no apply record', changedAgainBy: null },
    ]);
    const csv = (await history('ada@example.com', 'csv')).split('\n');
    expect(csv[0]).toContain(',applied,appliedAt,appliedCommit,runUrl,');
    expect(csv[1]).toContain(',unknown (no apply record),,,,');
  });

  it('with a saved plan, --record notes HEAD and audit shows the apply, for this change and the earlier one', async () => {
    addRow('alan@example.com', 'Viewer');
    const head = commit('Grant Alan payroll viewer');
    // The saved plan and the journal lie in the repository's folder, uncommitted: they are not files apply reads.
    const planFile = path.join(work, 'plan.json');
    const planned = await cli(['plan', '--config', config, '--out', planFile]);
    expect(planned.code, planned.stderr).toBe(0);
    writeFileSync(path.join(work, 'NOTES.txt'), 'scratch\n');

    const applied = await apply(planFile, '--record');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(
      `Recorded the apply on ${head.slice(0, 12)} (refs/notes/okta-access). Share it: git push origin refs/notes/okta-access`,
    );
    const report = applied.report as ApplyReport;
    expect(JSON.parse(note(head) ?? '')).toEqual({
      planHash: report.planHash,
      counts: report.counts,
      ok: true,
      runUrl: null,
      appliedAt: report.finishedAt,
      org: report.org,
    });

    const alan = JSON.parse(await history('alan@example.com', 'json')) as HistoryReport;
    expect(alan.entries.map((entry) => entry.applied)).toEqual([
      {
        status: 'applied',
        commit: head,
        appliedAt: report.finishedAt,
        runUrl: null,
        planHash: report.planHash,
        ok: true,
      },
    ]);
    // The record says Okta matched the whole repository at HEAD: Ada's earlier grant is in it too.
    expect(await history('ada@example.com', 'text')).toContain(
      `  applied   ${report.finishedAt} by the apply noted on ${head.slice(0, 12)}\n`,
    );
  });

  it('without a saved plan too; and a record that did not carry a change says "never by a recorded apply"', async () => {
    addRow('grace@example.com', 'Viewer');
    const granted = commit('Grant Grace payroll viewer');
    // Grace's row goes again before anything is applied: the next record holds the removal, not the grant.
    const csvFile = path.join(work, 'apps', 'payroll.csv');
    writeFileSync(csvFile, readFileSync(csvFile, 'utf8').replace(/^grace,.*\n/m, ''));
    addRow('edsger@example.com', 'Admin');
    const head = commit('Replace Grace with Edsger');
    const applied = await apply('--auto-approve', '--record');
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(note(head) ?? '')).toMatchObject({ ok: true, runUrl: null });

    const grace = JSON.parse(await history('grace@example.com', 'json')) as HistoryReport;
    expect(grace.entries.map((entry) => [entry.commit.sha, entry.action, entry.applied])).toEqual([
      [granted, 'grant', { status: 'superseded', by: head, nextApply: head }],
      [head, 'removal', expect.objectContaining({ status: 'applied', commit: head })],
    ]);
    expect(await history('grace@example.com', 'text')).toContain(
      `  applied   never by a recorded apply: changed again in ${head.slice(0, 12)}, at or before the next one (noted on ${head.slice(0, 12)})\n`,
    );
  });

  it('refuses --record, writing nothing to Okta, when a file apply reads differs from HEAD', async () => {
    const head = git('rev-parse', 'HEAD');
    const before = writes();
    addRow('barbara@example.com', 'Admin');
    writeFileSync(
      path.join(work, 'apps', 'wiki.yaml'),
      'label: Wiki\ncreate: {kind: bookmark, url: "https://wiki.example.com/"}\ncsv: wiki.csv\nentitlements:\n  - {name: Editor}\n',
    );
    writeFileSync(
      path.join(work, 'apps', 'wiki.csv'),
      'firstName,lastName,email,managerEmail,appName,groupName\nken,Example,ken@example.com,,Wiki,Editor\n',
    );
    const refused = await apply('--auto-approve', '--record');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error RECORD_UNCOMMITTED: --record would say the files of');
    expect(refused.stderr).toContain('apps/payroll.csv (modified)');
    expect(refused.stderr).toContain('apps/wiki.yaml (untracked)');
    expect(refused.stderr).toContain('apps/wiki.csv (untracked)');
    expect(refused.stderr).not.toContain('NOTES.txt');
    expect(refused.stderr).not.toContain('plan.json');
    expect(refused.report).toBeUndefined();
    expect(writes()).toBe(before);
    expect(git('rev-parse', 'HEAD')).toBe(head);

    // A staged change and a deleted file are refused too.
    rmSync(path.join(work, 'apps', 'wiki.yaml'));
    rmSync(path.join(work, 'apps', 'wiki.csv'));
    git('add', 'apps/payroll.csv');
    expect((await apply('--auto-approve', '--record')).stderr).toContain('apps/payroll.csv (modified)');
    git('reset', '-q', '--hard', 'HEAD');
    git('rm', '-q', '--cached', 'apps/payroll.yaml');
    const deleted = await apply('--auto-approve', '--record');
    expect(deleted.stderr).toContain('apps/payroll.yaml (deleted)');
    git('reset', '-q', 'HEAD');
    expect(writes()).toBe(before);
  });

  it('records a run whose changes failed with ok: false, and a refused run not at all', async () => {
    // Refused by the deletion limit (maxDeletes: 0): nothing is written, so there is nothing to record.
    const csvFile = path.join(work, 'apps', 'payroll.csv');
    writeFileSync(csvFile, readFileSync(csvFile, 'utf8').replace(/^edsger,.*\n/m, ''));
    const removal = commit('Remove Edsger');
    const refused = await apply('--auto-approve', '--record');
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain('apply refused');
    expect(note(removal)).toBeUndefined();

    // A new entitlement whose group create fails: Okta answers 500 to the POST, which is not retried.
    git('reset', '-q', '--hard', 'HEAD~1');
    writeFileSync(
      path.join(work, 'apps', 'payroll.yaml'),
      `${readFileSync(path.join(work, 'apps', 'payroll.yaml'), 'utf8')}  - {name: Auditor}\n`,
    );
    addRow('ken@example.com', 'Auditor');
    const head = commit('Add the Auditor entitlement for Ken');
    const planned = await cli(['plan', '--config', config, '--format', 'json']);
    const reads = (JSON.parse(planned.stdout) as Plan).reads.requests;
    const last = emulator.log().at(-1)?.n ?? 0;
    const first = last + reads + 1;
    await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec: `500@${first}-${first}~/api/v1/groups` }),
    });
    const failed = await apply('--auto-approve', '--record');
    await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec: '' }),
    });
    expect(failed.code).toBe(1);
    expect(failed.report?.ok).toBe(false);
    expect(failed.report?.counts.failed).toBeGreaterThan(0);
    expect(failed.stderr).toContain(
      `Recorded the apply on ${head.slice(0, 12)} (refs/notes/okta-access), with its failures.`,
    );
    expect(JSON.parse(note(head) ?? '')).toMatchObject({ ok: false, counts: failed.report?.counts });
    expect(await history('ken@example.com', 'text')).toContain(
      `by the apply noted on ${head.slice(0, 12)} (that apply reported failures)\n`,
    );
  });

  it('keeps a hostile commit message and branch name out of the record and shows them inert in audit', async () => {
    const hostile =
      '\u001b[2J\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 **bold** <img src=x> \u202e\u009b31m';
    const branch = 'evil/__bold__<img>!#1';
    git('checkout', '-q', '-b', branch);
    addRow('ken@example.com', 'Viewer');
    git('add', '-A', '--', 'apps');
    git('commit', '-q', '-m', `Grant Ken ${hostile}`);
    git('checkout', '-q', 'main');
    git('merge', '-q', '--no-ff', '-m', `Merge pull request #9 from ${branch}\u001b[31m ${hostile}`, branch);
    const head = git('rev-parse', 'HEAD');
    const applied = await apply('--auto-approve', '--record');
    expect(applied.code, applied.stderr).toBe(0);

    const record = note(head) ?? '';
    expect(Object.keys(JSON.parse(record)).sort()).toEqual([
      'appliedAt',
      'counts',
      'ok',
      'org',
      'planHash',
      'runUrl',
    ]);
    expect(record).not.toMatch(/evil|bold|img|(?!\n)[\p{Cc}\u202e]/u);

    const controls = /(?!\n)[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;
    for (const format of ['text', 'json', 'csv'] as const) {
      const output = await history('ken@example.com', format);
      expect(output, format).toContain('\\u001b[2J');
      expect(output, format).not.toMatch(controls);
    }
    const json = JSON.parse(await history('ken@example.com', 'json')) as HistoryReport;
    const merged = json.entries.find((entry) => entry.commit.sha === head);
    expect(merged?.commit.subject).toContain(hostile);
    expect(merged?.pullRequest).toEqual({ number: 9, branch: `${branch}\u001b[31m`, source: 'commit' });
    expect(merged?.applied).toMatchObject({ status: 'applied', commit: head, runUrl: null });
    expect(await history('ken@example.com', 'text')).toContain(`  pull      #9 from ${branch}\\u001b[31m\n`);
  });

  it('refuses --record outside a Git work tree, before writing anything', async () => {
    const loose = payrollRepo([['ada@example.com', 'Admin']]);
    const before = writes();
    const result = await cli(['apply', '--config', loose, '--auto-approve', '--record']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error RECORD_NOT_A_REPOSITORY');
    expect(writes()).toBe(before);
  });
});
