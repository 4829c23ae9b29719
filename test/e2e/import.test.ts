import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { Plan } from '../../src/model/plan.js';
import { marker, writeRepo } from './repo.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

/**
 * An org that was set up by hand: Payroll with groups named by the convention (Payroll-Admin, Payroll-Viewer), one
 * named otherwise (PAY_Approver), one the tool already owns (Payroll-Auditor), and groups assigned to the app that
 * are no entitlement (Contractors, an APP_GROUP). Managers: one is no member of anything (looked up by id).
 */
async function seededOrg(): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    seed: {
      users: [
        { email: 'olivia.brennan@example.com', firstName: 'Olivia', lastName: 'Brennan' },
        {
          email: 'sofia.marchetti@example.com',
          firstName: 'Sofia',
          lastName: 'Marchetti',
          manager: 'olivia.brennan@example.com',
        },
        {
          email: 'kwame.mensah@example.com',
          firstName: 'Kwame',
          lastName: 'Mensah',
          manager: 'sofia.marchetti@example.com',
        },
        {
          email: 'Aiko.Nakamura@example.com',
          firstName: 'Aiko',
          lastName: 'Nakamura',
          manager: 'olivia.brennan@example.com',
        },
        { email: 'lena.morris@example.com', firstName: 'Lena', lastName: 'Morris, Jr.' },
        {
          email: 'raj.kapoor@example.com',
          firstName: 'Raj',
          lastName: 'Kapoor',
          manager: 'lena.morris@example.com',
        },
      ],
      groups: [
        {
          name: 'Payroll-Admin',
          description: 'Runs payroll',
          members: ['kwame.mensah@example.com', 'aiko.nakamura@example.com'],
        },
        {
          name: 'Payroll-Viewer',
          members: ['raj.kapoor@example.com', 'sofia.marchetti@example.com', 'lena.morris@example.com'],
        },
        { name: 'PAY_Approver', description: 'Signs off pay runs', members: ['sofia.marchetti@example.com'] },
        { name: 'Payroll-Auditor', description: `Audits ${marker}`, members: ['raj.kapoor@example.com'] },
        { name: 'Contractors', members: ['raj.kapoor@example.com'] },
        { name: 'Payroll-Imported', type: 'APP_GROUP' },
        { name: 'Expenses-Admin', members: ['kwame.mensah@example.com'] },
      ],
      apps: [
        {
          label: 'Payroll',
          groups: [
            'Payroll-Admin',
            'Payroll-Viewer',
            'PAY_Approver',
            'Payroll-Auditor',
            'Contractors',
            'Payroll-Imported',
          ],
        },
        { label: 'Expenses', groups: ['Expenses-Admin'] },
      ],
    },
  });
  running.push(emulator);
  return emulator;
}

async function cli(emulator: RunningEmulator, args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token, NO_COLOR: '1' },
    interactive: false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

function outDir(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'okta-access-import-')), 'repo');
}

async function plan(emulator: RunningEmulator, config: string): Promise<Plan> {
  const result = await cli(emulator, ['plan', '--config', config, '--format', 'json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Plan;
}

describe('okta-access import', () => {
  it('writes files that validate, plan only adoptions, apply them, then plan nothing', async () => {
    const emulator = await seededOrg();
    const out = outDir();
    const imported = await cli(emulator, [
      'import',
      '--app',
      'Payroll',
      '--group-prefix',
      'PAY_',
      '--out',
      out,
    ]);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toContain('wrote apps/payroll.yaml (4 entitlements, 3 to adopt)');
    expect(imported.stdout).toContain('wrote apps/payroll.csv (7 rows)');
    expect(imported.stdout).toContain('Approver ← PAY_Approver (by prefix)');
    expect(imported.stdout).toMatch(/Contractors: its name fits neither the naming rule/);
    expect(imported.stdout).toMatch(/Payroll-Imported: a APP_GROUP/);
    expect(imported.stdout).toContain('next: okta-access validate --config');

    expect(readFileSync(path.join(out, 'apps', 'payroll.csv'), 'utf8')).toBe(
      [
        'firstName,lastName,email,managerEmail,appName,groupName',
        'Aiko,Nakamura,Aiko.Nakamura@example.com,olivia.brennan@example.com,Payroll,Admin',
        'Kwame,Mensah,kwame.mensah@example.com,sofia.marchetti@example.com,Payroll,Admin',
        'Sofia,Marchetti,sofia.marchetti@example.com,olivia.brennan@example.com,Payroll,Approver',
        'Raj,Kapoor,raj.kapoor@example.com,lena.morris@example.com,Payroll,Auditor',
        'Lena,"Morris, Jr.",lena.morris@example.com,,Payroll,Viewer',
        'Raj,Kapoor,raj.kapoor@example.com,lena.morris@example.com,Payroll,Viewer',
        'Sofia,Marchetti,sofia.marchetti@example.com,olivia.brennan@example.com,Payroll,Viewer',
        '',
      ].join('\n'),
    );
    const appFile = readFileSync(path.join(out, 'apps', 'payroll.yaml'), 'utf8');
    expect(appFile).toContain(
      [
        'label: Payroll',
        'csv: payroll.csv',
        'entitlements:',
        '  - name: Admin',
        '    description: Runs payroll',
        '    adopt: true',
        '  - name: Approver',
        '    description: Signs off pay runs',
        '    group: PAY_Approver',
        '    adopt: true',
        '  - name: Auditor',
        '    description: Audits',
        '  - name: Viewer',
        '    adopt: true',
      ].join('\n'),
    );

    const config = path.join(out, 'okta-access.yaml');
    const validated = await cli(emulator, ['validate', '--config', config]);
    expect(validated.code, validated.stdout).toBe(0);

    const first = await plan(emulator, config);
    const access = first.changes.filter((change) => change.kind !== 'group.adopt');
    expect(access).toEqual([]);
    expect(first.changes.map((change) => change.kind === 'group.adopt' && change.group)).toEqual([
      'PAY_Approver',
      'Payroll-Admin',
      'Payroll-Viewer',
    ]);
    expect(first.summary.byKind['group.adopt']).toBe(3);
    expect(first.unmanaged).toEqual([]);
    const text = await cli(emulator, ['plan', '--config', config]);
    expect(text.stdout).toContain('0 to create, 3 to adopt, 0 to add, 0 to remove, 0 to delete');

    const applied = await cli(emulator, [
      'apply',
      '--config',
      config,
      '--auto-approve',
      '--journal',
      `${out}.journal`,
    ]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const admin = [...emulator.store.state.groups.values()].find(
      (group) => group.profile.name === 'Payroll-Admin',
    );
    expect(admin?.profile.description).toBe(`Runs payroll ${marker}`);

    const second = await plan(emulator, config);
    expect(second.changes).toEqual([]);
    // Memberships were never touched.
    expect(emulator.store.state.members.get(admin?.id ?? '')?.size).toBe(2);
  });

  it('--campaigns writes the campaigns that review the app as files the plan finds equal to Okta’s', async () => {
    const emulator = await seededOrg();
    // A campaign made by the tool from a file (so it carries the marker), reviewing two of the four entitlements.
    const maker = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml':
        'label: Payroll\ncsv: payroll.csv\nentitlements:\n  - {name: Admin}\n  - {name: Viewer}\n' +
        '  - {name: Auditor, description: Audits}\n',
      'apps/payroll.csv':
        'firstName,lastName,email,managerEmail,appName,groupName\nKwame,Mensah,kwame.mensah@example.com,,Payroll,Admin\n' +
        'Raj,Kapoor,raj.kapoor@example.com,lena.morris@example.com,Payroll,Auditor\n',
      'campaigns/review.yaml': [
        'name: Payroll access review',
        'description: Managers confirm who can run payroll.',
        'resources:',
        '  - app: Payroll',
        '    entitlements: [Admin, Viewer]',
        'schedule:',
        '  type: RECURRING',
        '  startDate: 2031-03-01T16:00:00Z',
        '  durationInDays: 14',
        '  timeZone: America/Denver',
        '  recurrence: {interval: P3M}',
        'principals:',
        '  excludedUsers: [raj.kapoor@example.com]',
        'reviewers:',
        '  type: REVIEWER_EXPRESSION',
        '  expression: user.profile.managerId',
        '  fallbackReviewer: olivia.brennan@example.com',
        '  justificationRequired: true',
        'remediation:',
        '  accessRevoked: DENY',
        'notifications:',
        '  notifyReviewerAtCampaignEnd: true',
        '',
      ].join('\n'),
    });
    const made = await cli(emulator, [
      'apply',
      '--config',
      maker,
      '--auto-approve',
      '--journal',
      `${maker}.journal`,
    ]);
    expect(made.code, made.stdout + made.stderr).toBe(0);
    expect(emulator.store.state.campaigns.size).toBe(1);

    const out = outDir();
    const imported = await cli(emulator, [
      'import',
      '--app',
      'Payroll',
      '--group-prefix',
      'PAY_',
      '--campaigns',
      '--out',
      out,
    ]);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toContain('wrote campaigns/payroll-access-review.yaml (Payroll access review)');
    const file = readFileSync(path.join(out, 'campaigns', 'payroll-access-review.yaml'), 'utf8');
    expect(file).toContain('fallbackReviewer: olivia.brennan@example.com');
    expect(file).toContain('excludedUsers:\n    - raj.kapoor@example.com');
    expect(file).toContain('entitlements:\n      - Admin\n      - Viewer');

    const config = path.join(out, 'okta-access.yaml');
    const validated = await cli(emulator, ['validate', '--config', config]);
    expect(validated.code, validated.stdout).toBe(0);
    const first = await plan(emulator, config);
    // No campaign change: the file rebuilds the body Okta holds.
    expect(first.changes.filter((change) => change.kind !== 'group.adopt')).toEqual([]);
    expect(first.campaigns).toEqual([{ campaign: 'Payroll access review', status: 'SCHEDULED' }]);
  });

  it('without --group-prefix, skips groups named otherwise and says how to take them', async () => {
    const emulator = await seededOrg();
    const out = outDir();
    const imported = await cli(emulator, ['import', '--app', 'Payroll', '--out', out]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      'PAY_Approver: its name does not fit the naming rule {app}-{entitlement}; name the prefix with --group-prefix',
    );
    const first = await plan(emulator, path.join(out, 'okta-access.yaml'));
    expect(first.changes.filter((change) => change.kind !== 'group.adopt')).toEqual([]);
  });

  it('refuses a non-empty --out unless --force, and keeps an existing okta-access.yaml then', async () => {
    const emulator = await seededOrg();
    const out = outDir();
    expect((await cli(emulator, ['import', '--app', 'Payroll', '--out', out])).code).toBe(0);
    writeFileSync(
      path.join(out, 'okta-access.yaml'),
      'version: 1\n# mine\nnaming:\n  group: "{app}-{entitlement}"\napps: apps/*.yaml\n',
    );
    const refused = await cli(emulator, ['import', '--app', 'Expenses', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error IMPORT_OUT_EXISTS');
    expect(existsSync(path.join(out, 'apps', 'expenses.yaml'))).toBe(false);

    const forced = await cli(emulator, ['import', '--app', 'Expenses', '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('kept okta-access.yaml');
    expect(readFileSync(path.join(out, 'okta-access.yaml'), 'utf8')).toContain('# mine');
    const both = await plan(emulator, path.join(out, 'okta-access.yaml'));
    // Payroll-Admin, Payroll-Viewer and Expenses-Admin (Payroll-Auditor is already managed; no prefix this time).
    expect(both.changes.map((change) => change.kind === 'group.adopt' && change.group)).toEqual([
      'Expenses-Admin',
      'Payroll-Admin',
      'Payroll-Viewer',
    ]);
  });

  it('names an unknown app clearly and writes nothing', async () => {
    const emulator = await seededOrg();
    const out = outDir();
    const result = await cli(emulator, ['import', '--app', 'Payrol', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error IMPORT_APP_NOT_FOUND: Okta has no app labelled "Payrol"');
    expect(existsSync(out)).toBe(false);
  });
});
