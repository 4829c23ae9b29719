import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { captureIo, envOf } from '../e2e/apply-helpers.js';
import { people, writeRepo } from '../e2e/repo.js';

const header = 'firstName,lastName,email,managerEmail,appName,groupName';
const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

interface Reported {
  severity: string;
  code: string;
  file: string;
  line: number;
  col: number;
  message: string;
}

/** U+2010 HYPHEN, which reads as "-". */
const hyphen = '\u2010';
/** U+0430 CYRILLIC SMALL LETTER A, which reads as "a". */
const cyrillicA = '\u0430';

function repo(): string {
  return writeRepo({
    'okta-access.yaml': 'version: 1\nsafety:\n  protectedGroups: [Break-Glass-Admins]\n',
    'apps/payroll.yaml': [
      'label: Payroll',
      'csv: payroll.csv',
      'entitlements:',
      '  - {name: Admin}',
      `  - {name: Emergency, group: "Break${hyphen}Glass${hyphen}Admins"}`,
      '',
    ].join('\n'),
    'apps/payroll.csv': `${header}\nAda,Example,ada@example.com,,Payroll,Admin\nAda,Example,ada@example.com,,Payroll,Emergency\n`,
    'apps/p-ayroll.yaml': `label: P${cyrillicA}yroll\ncsv: p-ayroll.csv\nentitlements:\n  - {name: Admin}\n`,
    'apps/p-ayroll.csv': `${header}\nAlan,Example,alan@example.com,,P${cyrillicA}yroll,Admin\n`,
  });
}

describe('group names with look-alike characters', () => {
  it('are warnings at the entitlement when they look like a protected group or another group of the repository', async () => {
    const { io, output } = captureIo({ NO_COLOR: '1' });
    const code = await run(['validate', '--config', repo(), '--format', 'json'], io);
    const { diagnostics } = JSON.parse(output.stdout) as { diagnostics: Reported[] };
    expect(code).toBe(0);
    const confusable = diagnostics.filter((d) => d.code === 'GROUP_NAME_CONFUSABLE');
    expect(confusable).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 4,
        col: 12,
        message: `the group name "P${cyrillicA}yroll-Admin" looks like "Payroll-Admin" of Payroll Admin (${confusable[1]?.file}:4)`,
      }),
      expect.objectContaining({
        severity: 'warning',
        line: 5,
        col: 12,
        message: `the group name "Break${hyphen}Glass${hyphen}Admins" looks like the protected group "Break-Glass-Admins"`,
      }),
    ]);
    expect(confusable[0]?.file).toMatch(/apps\/p-ayroll\.yaml$/);
    expect(confusable[1]?.file).toMatch(/apps\/payroll\.yaml$/);
  });

  it('at plan time, a new group that looks like a group the org already has is a warning at its entitlement', async () => {
    const emulator = await startEmulator({
      seed: {
        users: people,
        groups: [
          { name: 'Finance-Auditors', description: 'read-only auditors, owned by Finance', members: [] },
        ],
        apps: [{ label: 'Finance' }],
      },
    });
    running.push(emulator);
    const configPath = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/finance.yaml': `label: Finance\ncsv: finance.csv\nentitlements:\n  - {name: ${'\u0410'}uditors}\n`,
      'apps/finance.csv': `${header}\nAda,Example,ada@example.com,,Finance,\u0410uditors\n`,
    });
    const { io, output } = captureIo(envOf(emulator));
    const code = await run(['plan', '--config', configPath, '--format', 'json'], io);
    expect(code).toBe(0);
    const plan = JSON.parse(output.stdout) as { diagnostics: Reported[] };
    expect(plan.diagnostics.filter((d) => d.code === 'GROUP_NAME_CONFUSABLE')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 4,
        col: 12,
        message:
          'the new group "Finance-\u0410uditors" looks like the existing Okta group "finance-auditors"',
      }),
    ]);
  });

  it('names that only differ in case, or that merely resemble, are not flagged', async () => {
    const configPath = writeRepo({
      'okta-access.yaml': 'version: 1\nsafety:\n  protectedGroups: [Break-Glass-Admins]\n',
      'apps/payroll.yaml':
        'label: Payroll\ncsv: payroll.csv\nentitlements:\n  - {name: Admins}\n  - {name: Admin}\n',
      'apps/payroll.csv': `${header}\nAda,Example,ada@example.com,,Payroll,Admins\nAda,Example,ada@example.com,,Payroll,Admin\n`,
    });
    const { io, output } = captureIo({ NO_COLOR: '1' });
    await run(['validate', '--config', configPath, '--format', 'json'], io);
    const { diagnostics } = JSON.parse(output.stdout) as { diagnostics: Reported[] };
    expect(diagnostics.filter((d) => d.code === 'GROUP_NAME_CONFUSABLE')).toEqual([]);
  });
});
