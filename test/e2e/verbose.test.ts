import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { captureIo, envOf } from './apply-helpers.js';
import { payrollRepo, people } from './repo.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function cli(emulator: RunningEmulator, args: string[]) {
  const { io, output } = captureIo(envOf(emulator));
  const code = await run(args, io);
  return { code, ...output };
}

/** Rows in CSV order that is not email order: ken (line 2), ada (line 3), grace (line 4). */
const rows = [
  ['ken@example.com', 'Admin'],
  ['ada@example.com', 'Admin'],
  ['grace@example.com', 'Viewer'],
] as const;

describe('plan and apply --verbose', () => {
  it('plan prints how the org was read only with --verbose (-v), and members in CSV order', async () => {
    const emulator = await startEmulator({ seed: { users: people } });
    running.push(emulator);
    const config = payrollRepo(rows);

    const quiet = await cli(emulator, ['plan', '--config', config]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('read the org in');
    const members = quiet.stdout.split('\n').filter((line) => line.includes('apps/payroll.csv:'));
    expect(members.map((line) => line.trim().split(/\s+/)[1])).toEqual([
      'ken@example.com',
      'ada@example.com',
      'grace@example.com',
    ]);

    for (const flag of ['--verbose', '-v']) {
      const verbose = await cli(emulator, ['plan', '--config', config, flag]);
      expect(verbose.code).toBe(0);
      expect(verbose.stdout).toBe(quiet.stdout);
      expect(verbose.stderr).toMatch(/^read the org in \d+ requests?; users: /m);
    }
  });

  it('apply prints counts and failures; --verbose lists every result', async () => {
    const emulator = await startEmulator({ seed: { users: people } });
    running.push(emulator);
    const config = payrollRepo(rows);

    const applied = await cli(emulator, ['apply', '--config', config, '--auto-approve']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      '✔ Applied: app created, group created ×2, assigned to app ×2, 3 members added.',
    );
    expect(applied.stdout).toContain('Apply complete: 8 applied, 0 unchanged, 0 skipped, 0 failed.');
    expect(applied.stdout).not.toContain('ken@example.com');

    const more = payrollRepo([...rows, ['alan@example.com', 'Viewer']]);
    const verbose = await cli(emulator, ['apply', '--config', more, '--auto-approve', '--verbose']);
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toMatch(/^ {4}✔ \+ alan@example\.com$/m);
    expect(verbose.stdout).toContain('Apply complete: 1 applied, 0 unchanged, 0 skipped, 0 failed.');
  });
});
