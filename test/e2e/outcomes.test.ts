import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { ApplyReport } from '../../src/model/apply.js';
import type { Plan } from '../../src/model/plan.js';
import { accessRepo, captureIo, envOf, isWrite, oktaApi, people, storeView } from './apply-helpers.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function org(count = 20): Promise<RunningEmulator> {
  const emulator = await startEmulator({ seed: { users: people(count) }, randomSeed: 1 });
  running.push(emulator);
  return emulator;
}

const scratch = () => mkdtempSync(path.join(tmpdir(), 'okta-access-outcomes-'));
const emails = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, index) => `user${from + index}@example.com`);

/** The real CLI, in-process, against the emulator. */
async function cli(emulator: RunningEmulator, args: string[], env: Record<string, string> = {}) {
  const { io, output } = captureIo({ ...envOf(emulator), ...env });
  const code = await run(args, io);
  return { code, ...output };
}

/** Payroll-Admin with these members, applied: the org holds exactly the repository. */
async function applied(emulator: RunningEmulator, members: readonly string[], config = 'version: 1\n') {
  const file = accessRepo([{ label: 'Payroll', entitlements: { Admin: members } }], config);
  const result = await cli(emulator, ['apply', '--config', file, '--auto-approve']);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return file;
}

/** Rewrites the CSV of the repository to these Payroll-Admin members. */
function setMembers(config: string, members: readonly string[]): string {
  const csv = path.join(path.dirname(config), 'apps', 'payroll.csv');
  const rows = members.map((email) => `${email.split('@')[0]},Example,${email},,Payroll,Admin`);
  writeFileSync(csv, `${['firstName,lastName,email,managerEmail,appName,groupName', ...rows].join('\n')}\n`);
  return csv;
}

describe('exit 3: a plan that cannot be applied without an override', () => {
  it('exits 3 and says why, with and without --detailed-exitcode; apply refuses with 3 too', async () => {
    const emulator = await org();
    const config = await applied(emulator, emails(0, 10), 'version: 1\nsafety:\n  maxDeletes: 2\n');
    setMembers(config, emails(0, 7));

    const text = await cli(emulator, ['plan', '--config', config]);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('This plan cannot be applied');
    expect(text.stdout).toContain(
      '3 destructive changes exceed the limits of okta-access.yaml: the limit is 2 (safety.maxDeletes); apply with --allow-deletes if they are intended',
    );

    const json = await cli(emulator, ['plan', '--config', config, '--format', 'json', '--detailed-exitcode']);
    expect(json.code).toBe(3);
    expect((JSON.parse(json.stdout) as Plan).applicable).toBe(false);
    expect(json.stderr).toContain(
      'the plan cannot be applied as it is: 3 destructive changes exceed the limits',
    );

    const refused = await cli(emulator, ['apply', '--config', config, '--auto-approve']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain('apply refused: 3 destructive changes exceed the limits');
    expect(storeView(emulator).members.get('payroll-admin')?.size).toBe(10);
  });

  it('drift keeps 2 for drift whose repair would need --allow-deletes, and says so', async () => {
    const emulator = await org();
    const config = await applied(emulator, emails(0, 3), 'version: 1\nsafety:\n  maxDeletes: 0\n');
    const groups = (await oktaApi(emulator, 'GET', '/api/v1/groups?q=Payroll-Admin')) as { id: string }[];
    const users = (await oktaApi(emulator, 'GET', '/api/v1/users?q=user9@example.com')) as { id: string }[];
    await oktaApi(emulator, 'PUT', `/api/v1/groups/${groups[0]?.id}/users/${users[0]?.id}`);
    const drift = await cli(emulator, ['drift', '--config', config]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('remove');
    expect(drift.stdout).toContain('1 destructive change exceeds the limits of okta-access.yaml');
  });

  it('documents 0, 1, 2, 3 and 70 in --help', async () => {
    const emulator = await org(0);
    const help = await cli(emulator, ['--help']);
    expect(help.code).toBe(0);
    for (const code of [
      '0 success',
      '1 invalid input',
      '2 changes pending',
      '3 the plan cannot be applied',
      '70 internal',
    ])
      expect(help.stdout.replace(/\s+/g, ' ')).toContain(code);
  });
});

describe('the percentage limit and small repositories', () => {
  it('removes 2 of 14 memberships with the default limits: below the floor only maxDeletes applies', async () => {
    const emulator = await org();
    const config = await applied(emulator, emails(0, 14));
    setMembers(config, emails(0, 12));
    const planned = await cli(emulator, ['plan', '--config', config, '--detailed-exitcode']);
    expect(planned.code, planned.stdout).toBe(2);
    expect(planned.stdout).not.toContain('cannot be applied');
    const done = await cli(emulator, ['apply', '--config', config, '--auto-approve']);
    expect(done.code, done.stdout).toBe(0);
    expect(storeView(emulator).members.get('payroll-admin')?.size).toBe(12);
  });

  it('applies the percentage from safety.percentFloor, stating share and limit apart', async () => {
    const emulator = await org();
    const config = await applied(emulator, emails(0, 14), 'version: 1\nsafety:\n  percentFloor: 10\n');
    setMembers(config, emails(0, 12));
    const planned = await cli(emulator, ['plan', '--config', config]);
    expect(planned.code).toBe(3);
    expect(planned.stdout).toContain(
      '2 destructive changes = 14.3 % of 14 managed memberships; the limit is 10 % (safety.maxDeletePercent, applies from 10 managed)',
    );
  });
});

describe('a saved plan refused at apply says what changed', () => {
  async function saved(emulator: RunningEmulator, config: string) {
    const file = path.join(scratch(), 'plan.json');
    const result = await cli(emulator, ['plan', '--config', config, '--out', file]);
    expect(result.code, result.stdout).toBe(0);
    return file;
  }

  it('names the file and the change when the files changed', async () => {
    const emulator = await org();
    const config = await applied(emulator, emails(0, 3));
    setMembers(config, emails(0, 4));
    const plan = await saved(emulator, config);
    setMembers(config, emails(0, 5));
    const before = emulator.log().filter(isWrite).length;
    const refused = await cli(emulator, ['apply', plan]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /apply refused: the files changed since this plan was made: 1 change would now be needed that the plan does not hold \(add user4@example\.com to Payroll-Admin \(\S*apps\/payroll\.csv:6\)\); make a new plan/,
    );
    expect(emulator.log().filter(isWrite).length).toBe(before);
  });

  it('names the org and the change when the org changed', async () => {
    const emulator = await org();
    const config = await applied(emulator, emails(0, 3));
    setMembers(config, emails(0, 4));
    const plan = await saved(emulator, config);
    const groups = (await oktaApi(emulator, 'GET', '/api/v1/groups?q=Payroll-Admin')) as { id: string }[];
    const users = (await oktaApi(emulator, 'GET', '/api/v1/users?q=user1@example.com')) as { id: string }[];
    await oktaApi(emulator, 'DELETE', `/api/v1/groups/${groups[0]?.id}/users/${users[0]?.id}`);
    const refused = await cli(emulator, ['apply', plan]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /apply refused: the org changed since this plan was made: 1 change would now be needed that the plan does not hold \(add user1@example\.com to Payroll-Admin \(\S*apps\/payroll\.csv:3\)\); make a new plan/,
    );
  });

  it('reports a planned change the files dropped as dropped, and does not make it', async () => {
    const emulator = await org();
    const config = await applied(emulator, emails(0, 3));
    setMembers(config, emails(0, 5));
    const plan = await saved(emulator, config);
    setMembers(config, emails(0, 4));
    const report = path.join(scratch(), 'report.json');
    const result = await cli(emulator, ['apply', plan, '--report', report]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('dropped: no longer in the files');
    expect(result.stdout).not.toContain('Okta already held it');
    expect(result.stderr).toContain('1 planned change is no longer in the files and is dropped');
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as ApplyReport;
    expect(
      parsed.results.find((r) => r.key === 'membership.add:payroll-admin:user4@example.com'),
    ).toMatchObject({
      outcome: 'skipped',
      dropped: true,
      detail: 'no longer in the files',
    });
    expect(storeView(emulator).members.get('payroll-admin')?.has('user4@example.com')).toBe(false);
    expect(storeView(emulator).members.get('payroll-admin')?.has('user3@example.com')).toBe(true);
  });
});

describe("Terraform's single-dash spellings", () => {
  it('plan -out FILE -detailed-exitcode, and -out=FILE', async () => {
    const emulator = await org();
    const config = accessRepo([{ label: 'Payroll', entitlements: { Admin: emails(0, 2) } }]);
    const first = path.join(scratch(), 'p.json');
    const spaced = await cli(emulator, ['plan', '-out', first, '-detailed-exitcode', '--config', config]);
    expect(spaced.code, spaced.stderr).toBe(2);
    expect((JSON.parse(readFileSync(first, 'utf8')) as Plan).changes.length).toBeGreaterThan(0);
    const second = path.join(scratch(), 'p.json');
    const joined = await cli(emulator, ['plan', `-out=${second}`, '--config', config]);
    expect(joined.code, joined.stderr).toBe(0);
    expect(existsSync(second)).toBe(true);
  });

  it('apply -auto-approve', async () => {
    const emulator = await org();
    const config = accessRepo([{ label: 'Payroll', entitlements: { Admin: emails(0, 2) } }]);
    const result = await cli(emulator, ['apply', '-auto-approve', '--config', config]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(storeView(emulator).members.get('payroll-admin')?.size).toBe(2);
  });

  it('-no-color and --no-color turn colours off on every command that prints them, even with FORCE_COLOR', async () => {
    const emulator = await org();
    const config = accessRepo([{ label: 'Payroll', entitlements: { Admin: emails(0, 2) } }]);
    const colour = { FORCE_COLOR: '1' };
    const csi = '\u001b[';
    const coloured = await cli(emulator, ['plan', '--config', config], colour);
    expect(coloured.stdout).toContain(csi);
    const commands = [
      ['validate', '--config', config],
      ['plan', '--config', config],
      ['drift', '--config', config],
      ['apply', '--config', config, '-auto-approve'],
    ];
    for (const args of commands) {
      for (const flag of ['-no-color', '--no-color']) {
        const result = await cli(emulator, [...args, flag], colour);
        expect(result.stdout + result.stderr, `${args[0]} ${flag}`).not.toContain(csi);
      }
    }
    const before = await cli(emulator, ['-no-color', 'drift', '--config', config], colour);
    expect(before.stdout).not.toContain(csi);
  });

  it('leaves a file literally named -out after --, and the value of another option, alone', async () => {
    const emulator = await org(0);
    const afterDashes = await cli(emulator, ['apply', '--', '-out']);
    expect(afterDashes.code).toBe(1);
    expect(afterDashes.stderr).toContain('cannot read the plan -out');
    const asValue = await cli(emulator, ['plan', '--config', '-out']);
    expect(asValue.code).toBe(1);
    expect(asValue.stdout + asValue.stderr).toContain('-out');
    expect(asValue.stdout + asValue.stderr).not.toContain('--out');
  });
});
