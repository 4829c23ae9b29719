import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIo } from '../e2e/apply-helpers.js';
import { writeRepo } from '../e2e/repo.js';

const header = 'firstName,lastName,email,managerEmail,appName,groupName';

interface Reported {
  code: string;
  file: string;
  line: number;
  col: number;
  message: string;
}

async function validate(rows: readonly string[]) {
  const configPath = writeRepo({
    'okta-access.yaml': 'version: 1\n',
    'apps/payroll.yaml': 'label: Payroll\ncsv: payroll.csv\nallowUndeclaredEntitlements: true\n',
    'apps/payroll.csv': `${[header, ...rows].join('\n')}\n`,
  });
  const { io, output } = captureIo({ NO_COLOR: '1' });
  const code = await run(['validate', '--config', configPath, '--format', 'json'], io);
  const { diagnostics } = JSON.parse(output.stdout) as { diagnostics: Reported[] };
  return { code, diagnostics: diagnostics.filter((d) => d.file.endsWith('payroll.csv')) };
}

describe('CSV cells longer than Okta allows for their field', () => {
  it('are errors at the cell: names over 50, emails over 100, an app label over 100, a group name over 255', async () => {
    const longEmail = `${'x'.repeat(60)}@${'y'.repeat(40)}.example.com`;
    const { code, diagnostics } = await validate([
      'Ada,Example,ada@example.com,,Payroll,Admin',
      `${'A'.repeat(51)},Example,b@example.com,,Payroll,Admin`,
      `Cy,${'L'.repeat(80)},c@example.com,,Payroll,Admin`,
      `Di,Example,${longEmail},,Payroll,Admin`,
      `Ed,Example,e@example.com,${longEmail},Payroll,Admin`,
      `Fy,Example,f@example.com,,${'P'.repeat(101)},Admin`,
      `Gu,Example,g@example.com,,Payroll,${'G'.repeat(256)}`,
    ]);
    expect(code).toBe(1);
    const tooLong = diagnostics.filter((d) => d.code === 'CELL_TOO_LONG');
    expect(tooLong.map(({ line, col, message }) => ({ line, col, message }))).toEqual([
      { line: 3, col: 1, message: "firstName is 51 characters; Okta allows 50 in a user's firstName" },
      { line: 4, col: 4, message: "lastName is 80 characters; Okta allows 50 in a user's lastName" },
      { line: 5, col: 12, message: "email is 113 characters; Okta allows 100 in a user's email and login" },
      {
        line: 6,
        col: 26,
        message:
          "managerEmail is 113 characters; Okta allows 100 in a user's email (the manager is found by it)",
      },
      { line: 7, col: 27, message: 'appName is 101 characters; Okta allows 100 in an app label' },
      { line: 8, col: 35, message: 'groupName is 256 characters; Okta allows 255 in a group name' },
    ]);
    // A rejected row grants nothing: no entitlement was made of the 256-character group name.
    expect(diagnostics.filter((d) => d.code === 'GROUP_NAME_TOO_LONG')).toEqual([]);
  });

  it('counts characters as Okta does: 50 emoji are 50 characters, not 100', async () => {
    const { code, diagnostics } = await validate([
      `${'😀'.repeat(50)},Example,ada@example.com,,Payroll,Admin`,
    ]);
    expect(diagnostics).toEqual([]);
    expect(code).toBe(0);
  });

  it('a group name the naming rule makes too long is reported at the groupName cell', async () => {
    const { diagnostics } = await validate([`Ada,Example,ada@example.com,,Payroll,${'G'.repeat(250)}`]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'GROUP_NAME_TOO_LONG', line: 2, col: 38 })]);
  });

  it('a cell of megabytes is reported quickly, without a "did you mean" search over it', async () => {
    const started = performance.now();
    const { diagnostics } = await validate([`Ada,Example,ada@example.com,,${'P'.repeat(4_000_000)},Admin`]);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'CELL_TOO_LONG',
        line: 2,
        col: 30,
        message: 'appName is 4000000 characters; Okta allows 100 in an app label',
      }),
    ]);
  });
});
