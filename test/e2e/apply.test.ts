import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { ApplyReport } from '../../src/model/apply.js';
import type { Plan } from '../../src/model/plan.js';
import {
  captureIo,
  clearLog,
  envOf,
  isWrite,
  marker,
  oktaApi,
  storeView,
  successfulWrites,
} from './apply-helpers.js';
import { payrollRepo, people } from './repo.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function org(seed: SeedDocument = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ seed: { users: people, ...seed }, randomSeed: 1 });
  running.push(emulator);
  return emulator;
}

const scratch = () => mkdtempSync(path.join(tmpdir(), 'okta-access-apply-'));

/** The real CLI, in-process, against the emulator. */
async function cli(emulator: RunningEmulator, args: string[], options: { interactive?: boolean } = {}) {
  const { io, output } = captureIo(envOf(emulator), options.interactive ?? false);
  const code = await run(args, io);
  return { code, ...output };
}

/** `apply` with `--report`: the exit code, the output and the JSON report (when one was written). */
async function apply(emulator: RunningEmulator, args: string[]) {
  const report = path.join(scratch(), 'report.json');
  const result = await cli(emulator, ['apply', ...args, '--report', report]);
  const parsed = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as ApplyReport) : undefined;
  return { ...result, report: parsed };
}

async function planJson(emulator: RunningEmulator, config: string, extra: string[] = []) {
  const result = await cli(emulator, [
    'plan',
    '--config',
    config,
    '--format',
    'json',
    '--detailed-exitcode',
    ...extra,
  ]);
  return { ...result, plan: JSON.parse(result.stdout) as Plan };
}

const outcomeOf = (report: ApplyReport | undefined, key: string) =>
  report?.results.find((result) => result.key === key)?.outcome;

/** The Payroll org of plan.test.ts with both groups managed and assigned; members as given. */
const managedPayroll = (admins: string[], viewers: string[]): SeedDocument => ({
  groups: [
    { name: 'Payroll-Admin', description: `Runs payroll ${marker}`, members: admins },
    { name: 'Payroll-Viewer', description: marker, members: viewers },
  ],
  apps: [
    { label: 'Payroll', url: 'https://payroll.example.com/', groups: ['Payroll-Admin', 'Payroll-Viewer'] },
  ],
});

const groupId = (emulator: RunningEmulator, name: string) => {
  const group = emulator.store.groupByName(name);
  if (group === undefined) throw new Error(`no group ${name}`);
  return group.id;
};
const userId = (emulator: RunningEmulator, email: string) => emulator.store.requireUser(email).id;

describe('okta-access apply against the emulator', () => {
  it('creates everything in an empty org, after which plan has no changes', async () => {
    const emulator = await org();
    const config = payrollRepo([
      ['ada@example.com', 'Admin'],
      ['alan@example.com', 'Viewer'],
      ['Grace@Example.com', 'Viewer'],
    ]);
    const result = await apply(emulator, ['--config', config, '--auto-approve']);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.report?.ok).toBe(true);
    expect(result.report?.counts).toEqual({ applied: 8, unchanged: 0, skipped: 0, failed: 0 });
    expect(result.report?.verification).toEqual({ checked: true, mismatches: 0 });
    // 1 app + 2 groups + 2 assignments + 3 memberships: one processed write each.
    expect(successfulWrites(emulator.log())).toHaveLength(8);

    const view = storeView(emulator);
    expect(view.appsByLabel.get('Payroll')).toBe(1);
    expect([...(view.members.get('payroll-viewer') ?? [])].sort()).toEqual([
      'alan@example.com',
      'grace@example.com',
    ]);
    expect(emulator.store.groupByName('Payroll-Admin')?.profile.description).toBe(`Runs payroll ${marker}`);

    const after = await planJson(emulator, config);
    expect(after.code).toBe(0);
    expect(after.plan.changes).toEqual([]);
  });

  it('refuses a saved plan when the org changed in a way the plan does not hold, writing nothing', async () => {
    const emulator = await org(managedPayroll(['ada@example.com'], ['alan@example.com']));
    const config = payrollRepo([
      ['ada@example.com', 'Admin'],
      ['grace@example.com', 'Admin'],
      ['alan@example.com', 'Viewer'],
    ]);
    const saved = path.join(scratch(), 'plan.json');
    const planned = await planJson(emulator, config, ['--out', saved]);
    expect(planned.code).toBe(2);
    expect(planned.plan.changes.map((c) => [c.kind, 'email' in c ? c.email : ''])).toEqual([
      ['membership.add', 'grace@example.com'],
    ]);

    // Someone else adds Ken to a managed group: the files would now remove him, which the plan does not show.
    await oktaApi(
      emulator,
      'PUT',
      `/api/v1/groups/${groupId(emulator, 'Payroll-Admin')}/users/${userId(emulator, 'ken@example.com')}`,
    );
    await clearLog(emulator);
    const result = await apply(emulator, [saved]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/apply refused: the org changed since this plan was made/);
    expect(result.stdout).toContain('(remove ken@example.com from Payroll-Admin (');
    expect(result.report).toBeUndefined();
    // It read the org, and wrote nothing: not even the planned addition that is still valid.
    expect(emulator.log().length).toBeGreaterThan(0);
    expect(emulator.log().filter(isWrite)).toEqual([]);
    expect([...(storeView(emulator).members.get('payroll-admin') ?? [])].sort()).toEqual([
      'ada@example.com',
      'ken@example.com',
    ]);
  });

  it('applies a saved plan that the org has partly completed, reporting that part unchanged', async () => {
    const emulator = await org(managedPayroll(['ada@example.com'], ['alan@example.com']));
    const config = payrollRepo([
      ['ada@example.com', 'Admin'],
      ['grace@example.com', 'Admin'],
      ['alan@example.com', 'Viewer'],
      ['edsger@example.com', 'Viewer'],
    ]);
    const saved = path.join(scratch(), 'plan.json');
    expect((await planJson(emulator, config, ['--out', saved])).plan.changes).toHaveLength(2);

    // Someone else already made one of the planned changes.
    await oktaApi(
      emulator,
      'PUT',
      `/api/v1/groups/${groupId(emulator, 'Payroll-Admin')}/users/${userId(emulator, 'grace@example.com')}`,
    );
    await clearLog(emulator);
    const result = await apply(emulator, [saved, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.report?.staleness.fresh).toBe(false);
    expect(result.report?.staleness.message).toMatch(/every remaining change is still valid/);
    expect(outcomeOf(result.report, 'membership.add:payroll-admin:grace@example.com')).toBe('unchanged');
    expect(outcomeOf(result.report, 'membership.add:payroll-viewer:edsger@example.com')).toBe('applied');
    expect(result.report?.counts).toEqual({ applied: 1, unchanged: 1, skipped: 0, failed: 0 });
    // --format json prints the same report that --report saves.
    expect(JSON.parse(result.stdout)).toEqual(result.report);
    // Only the remaining change was written.
    expect(successfulWrites(emulator.log()).map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `PUT /api/v1/groups/${groupId(emulator, 'Payroll-Viewer')}/users/${userId(emulator, 'edsger@example.com')}`,
    ]);
    expect((await planJson(emulator, config)).plan.changes).toEqual([]);
  });

  it('applies a saved plan once: a second apply of it writes nothing and reports every change skipped', async () => {
    const emulator = await org();
    const config = payrollRepo([
      ['ada@example.com', 'Admin'],
      ['alan@example.com', 'Viewer'],
    ]);
    const saved = path.join(scratch(), 'plan.json');
    const planned = (await planJson(emulator, config, ['--out', saved])).plan;
    expect(planned.changes).toHaveLength(7);
    const first = await apply(emulator, [saved]);
    expect(first.code).toBe(0);
    expect(first.report?.counts).toEqual({ applied: 7, unchanged: 0, skipped: 0, failed: 0 });
    expect(first.report?.staleness).toMatchObject({ fresh: true });

    await clearLog(emulator);
    const again = await apply(emulator, [saved]);
    expect(again.code).toBe(0);
    expect(again.report?.counts).toEqual({ applied: 0, unchanged: 0, skipped: 7, failed: 0 });
    expect(again.report?.staleness.message).toMatch(/7 planned changes are already done/);
    expect(again.report?.results.every((result) => /earlier run/.test(result.detail ?? ''))).toBe(true);
    expect(emulator.log().filter(isWrite)).toEqual([]);
  });

  it('refuses a saved plan when the files changed since, writing nothing', async () => {
    const emulator = await org(managedPayroll(['ada@example.com'], ['alan@example.com']));
    const rows: [string, string][] = [
      ['ada@example.com', 'Admin'],
      ['alan@example.com', 'Viewer'],
      ['grace@example.com', 'Viewer'],
    ];
    const config = payrollRepo(rows);
    const saved = path.join(scratch(), 'plan.json');
    await planJson(emulator, config, ['--out', saved]);
    // A row added after the review: the same repository, one more grant.
    const csv = path.join(path.dirname(config), 'apps', 'payroll.csv');
    writeFileSync(csv, `${readFileSync(csv, 'utf8')}ken,Example,ken@example.com,,Payroll,Admin\n`);
    await clearLog(emulator);
    const result = await apply(emulator, [saved]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /apply refused: the files changed since this plan was made: .*\(add ken@example\.com to Payroll-Admin \(\S*apps\/payroll\.csv:\d+\)\)/,
    );
    expect(emulator.log().filter(isWrite)).toEqual([]);
  });

  it('refuses a saved plan made for another org, writing nothing', async () => {
    const other = await org();
    const emulator = await org();
    const config = payrollRepo([['ada@example.com', 'Admin']]);
    const saved = path.join(scratch(), 'plan.json');
    await planJson(other, config, ['--out', saved]);
    const result = await apply(emulator, [saved]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`apply refused: the plan was made for ${other.url}, not ${emulator.url}`);
    expect(emulator.log().filter(isWrite)).toEqual([]);
    expect(other.log().filter(isWrite)).toEqual([]);
  });

  it('refuses deletions over safety.maxDeletes without --allow-deletes, and applies them with it', async () => {
    const emulator = await org(
      managedPayroll(
        ['ada@example.com', 'alan@example.com', 'grace@example.com', 'edsger@example.com'],
        ['barbara@example.com'],
      ),
    );
    const config = payrollRepo(
      [
        ['ada@example.com', 'Admin'],
        ['barbara@example.com', 'Viewer'],
      ],
      'version: 1\nsafety:\n  maxDeletes: 2\n  maxDeletePercent: 100\n',
    );
    await clearLog(emulator);
    const refused = await apply(emulator, ['--config', config, '--auto-approve']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toMatch(/apply refused: 3 destructive changes exceed the limits.*--allow-deletes/);
    expect(emulator.log().filter(isWrite)).toEqual([]);
    expect(storeView(emulator).members.get('payroll-admin')?.size).toBe(4);

    const allowed = await apply(emulator, ['--config', config, '--auto-approve', '--allow-deletes']);
    expect(allowed.code).toBe(0);
    expect(allowed.report?.counts).toEqual({ applied: 3, unchanged: 0, skipped: 0, failed: 0 });
    expect(successfulWrites(emulator.log()).map((entry) => entry.endpoint)).toEqual(
      Array(3).fill('DELETE /api/v1/groups/:groupId/users/:userId'),
    );
    expect([...(storeView(emulator).members.get('payroll-admin') ?? [])]).toEqual(['ada@example.com']);
    expect((await planJson(emulator, config)).plan.changes).toEqual([]);
  });

  it('stops on invalid files before contacting Okta', async () => {
    const emulator = await org();
    const config = payrollRepo([
      ['ada@example.com', 'Admin'],
      ['not-an-email', 'Viewer'],
    ]);
    const result = await apply(emulator, ['--config', config, '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/CSV_INVALID_EMAIL/);
    expect(result.stdout).toMatch(/invalid; nothing was written to Okta/);
    expect(emulator.counts().total).toBe(0);
  });

  it('asks for --auto-approve or a saved plan outside a terminal, before contacting Okta', async () => {
    const emulator = await org();
    const config = payrollRepo([['ada@example.com', 'Admin']]);
    const result = await apply(emulator, ['--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error APPROVAL_NEEDED: .*not a terminal/);
    expect(result.stderr).toMatch(/hint: pass --auto-approve, or apply a reviewed plan/);
    expect(emulator.counts().total).toBe(0);
  });

  it('writes the JSON report with --report', async () => {
    const emulator = await org(managedPayroll(['ada@example.com'], []));
    const config = payrollRepo([
      ['ada@example.com', 'Admin'],
      ['ken@example.com', 'Viewer'],
    ]);
    const result = await apply(emulator, ['--config', config, '--auto-approve']);
    expect(result.code).toBe(0);
    expect(result.report).toMatchObject({
      formatVersion: 1,
      org: emulator.url,
      planHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      staleness: { fresh: true },
      counts: { applied: 1, unchanged: 0, skipped: 0, failed: 0 },
      verification: { checked: true, mismatches: 0 },
      ok: true,
      results: [
        {
          key: 'membership.add:payroll-viewer:ken@example.com',
          outcome: 'applied',
          change: { kind: 'membership.add', group: 'Payroll-Viewer', email: 'ken@example.com' },
        },
      ],
    });
    expect(result.report?.requests.total).toBeGreaterThan(1);
    expect(Date.parse(result.report?.finishedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(result.report?.startedAt ?? ''),
    );
    // The text report went to stdout: counts (apply --verbose lists each result).
    expect(result.stdout).toMatch(/^Apply complete: 1 applied, 0 unchanged, 0 skipped, 0 failed\.$/m);
  });

  it('completes a run that created the groups but not the app (the app is created, then assigned)', async () => {
    // The state a first run leaves when the app create fails (a POST is not retried after a 5xx) and the group creates
    // succeed: managed groups, unassigned, and no app yet.
    const emulator = await org({
      groups: [
        { name: 'Payroll-Admin', description: `Runs payroll ${marker}`, members: ['ada@example.com'] },
        { name: 'Payroll-Viewer', description: marker, members: ['alan@example.com'] },
      ],
    });
    const config = payrollRepo([
      ['ada@example.com', 'Admin'],
      ['alan@example.com', 'Viewer'],
    ]);
    const result = await apply(emulator, ['--config', config, '--auto-approve']);
    expect(result.code).toBe(0);
    const after = await planJson(emulator, config);
    expect(after.plan.changes.map((change) => change.kind)).toEqual([]);
    const app = [...emulator.store.state.apps.values()].find((candidate) => candidate.label === 'Payroll');
    expect(app).toBeDefined();
    expect(emulator.store.assignmentsOf(app?.id ?? '').size).toBe(2);
  });
});

describe('okta-access apply --help', () => {
  it('documents the options', async () => {
    const { io, output } = captureIo({ NO_COLOR: '1' });
    expect(await run(['apply', '--help'], io)).toBe(0);
    for (const option of [
      '--auto-approve',
      '--allow-deletes',
      '--max-capacity',
      '--concurrency',
      '--journal',
      '--report',
    ])
      expect(output.stdout).toContain(option);
  });
});
