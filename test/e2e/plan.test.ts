import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { schemaErrors } from '../../src/load/schema.js';
import type { Plan } from '../../src/model/plan.js';
import { marker, payrollRepo, people } from './repo.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function org(seed: SeedDocument): Promise<RunningEmulator> {
  const emulator = await startEmulator({ seed: { users: people, ...seed } });
  running.push(emulator);
  return emulator;
}

/** Runs the real CLI in-process against the emulator and returns the JSON plan, the exit code and the output. */
async function plan(emulator: RunningEmulator, config: string, extra: string[] = []) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token, NO_COLOR: '1' },
    interactive: false,
  };
  const code = await run(
    ['plan', '--config', config, '--format', 'json', '--detailed-exitcode', ...extra],
    io,
  );
  const parsed = stdout.trim().startsWith('{') ? (JSON.parse(stdout) as Plan) : undefined;
  // Every plan the CLI prints is a valid plan document.
  if (parsed !== undefined) expect(schemaErrors('plan', parsed)).toEqual([]);
  return { code, plan: parsed, stdout, stderr };
}

const summary = (result: { plan: Plan | undefined }) => result.plan?.summary.byKind;

describe('okta-access plan against the emulator', () => {
  it('plans every creation for an empty org seeded with the users', async () => {
    const emulator = await org({});
    const result = await plan(
      emulator,
      payrollRepo([
        ['ada@example.com', 'Admin'],
        ['alan@example.com', 'Viewer'],
        ['Grace@Example.com', 'Viewer'],
      ]),
    );
    expect(result.code).toBe(2);
    expect(summary(result)).toMatchObject({
      'app.create': 1,
      'group.create': 2,
      'assignment.add': 2,
      'membership.add': 3,
      'membership.remove': 0,
      'group.delete': 0,
    });
    expect(result.plan?.applicable).toBe(true);
    expect(
      result.plan?.changes.find((c) => c.kind === 'membership.add' && c.email === 'grace@example.com'),
    ).toMatchObject({
      group: 'Payroll-Viewer',
      source: { file: expect.stringMatching(/apps\/payroll\.csv$/), line: 4 },
    });
  });

  it('plans exactly the additions and removals of a partly matching org', async () => {
    const emulator = await org({
      groups: [
        {
          name: 'Payroll-Admin',
          description: `Runs payroll ${marker}`,
          members: ['ada@example.com', 'ken@example.com'],
        },
        { name: 'Payroll-Viewer', description: marker, members: ['alan@example.com'] },
      ],
      apps: [
        {
          label: 'Payroll',
          url: 'https://payroll.example.com/',
          groups: ['Payroll-Admin', 'Payroll-Viewer'],
        },
      ],
    });
    const result = await plan(
      emulator,
      payrollRepo([
        ['ada@example.com', 'Admin'],
        ['alan@example.com', 'Viewer'],
        ['grace@example.com', 'Viewer'],
      ]),
    );
    expect(result.code).toBe(2);
    expect(
      result.plan?.changes.map((c) => [c.kind, 'email' in c ? c.email : 'app' in c ? c.app : '']),
    ).toEqual([
      ['membership.add', 'grace@example.com'],
      ['membership.remove', 'ken@example.com'],
    ]);
    expect(result.plan?.reads.requests).toBeLessThanOrEqual(6);
  });

  it('leaves an unmanaged group with the same name alone', async () => {
    const emulator = await org({
      groups: [{ name: 'Payroll-Admin', description: 'made by hand', members: ['ken@example.com'] }],
      apps: [{ label: 'Payroll', groups: ['Payroll-Admin'] }],
    });
    const result = await plan(
      emulator,
      payrollRepo([
        ['ada@example.com', 'Admin'],
        ['alan@example.com', 'Viewer'],
      ]),
    );
    expect(result.plan?.unmanaged).toEqual([
      {
        group: 'Payroll-Admin',
        app: 'Payroll',
        reason: 'the group exists without the ownership marker in its description',
      },
    ]);
    expect(result.plan?.changes.some((c) => 'group' in c && c.group === 'Payroll-Admin')).toBe(false);
    expect(result.plan?.changes.some((c) => c.kind === 'group.create' && c.group === 'Payroll-Viewer')).toBe(
      true,
    );
  });

  it('makes a plan whose deletions exceed the limits not applicable', async () => {
    const emulator = await org({
      groups: [
        {
          name: 'Payroll-Admin',
          description: `Runs payroll ${marker}`,
          members: ['ada@example.com', 'alan@example.com', 'grace@example.com', 'edsger@example.com'],
        },
        { name: 'Payroll-Viewer', description: marker, members: ['barbara@example.com'] },
      ],
      apps: [{ label: 'Payroll', groups: ['Payroll-Admin', 'Payroll-Viewer'] }],
    });
    const result = await plan(
      emulator,
      payrollRepo(
        [
          ['ada@example.com', 'Admin'],
          ['barbara@example.com', 'Viewer'],
        ],
        'version: 1\nsafety:\n  maxDeletes: 2\n',
      ),
    );
    expect(result.plan?.summary.destructive).toBe(3);
    expect(result.plan?.applicable).toBe(false);
    expect(result.plan?.deleteLimit).toMatchObject({ exceeded: true, maxDeletes: 2 });
    expect(result.plan?.blockers[0]).toMatch(/3 destructive changes exceed the limits .*--allow-deletes/);
  });

  it('fails on an email Okta does not know, pointing at the CSV line', async () => {
    const emulator = await org({});
    const result = await plan(
      emulator,
      payrollRepo([
        ['ada@example.com', 'Admin'],
        ['nobody@example.com', 'Viewer'],
      ]),
    );
    expect(result.code).toBe(1);
    expect(result.plan?.applicable).toBe(false);
    expect(result.plan?.diagnostics).toMatchObject([
      {
        code: 'USER_NOT_FOUND',
        severity: 'error',
        line: 3,
        file: expect.stringMatching(/apps\/payroll\.csv$/),
      },
    ]);
  });

  it('exits 0 with nothing to do when Okta already matches', async () => {
    const emulator = await org({
      groups: [
        { name: 'Payroll-Admin', description: `Runs payroll ${marker}`, members: ['ada@example.com'] },
        { name: 'Payroll-Viewer', description: marker, members: ['alan@example.com'] },
      ],
      apps: [{ label: 'Payroll', groups: ['Payroll-Admin', 'Payroll-Viewer'] }],
    });
    const result = await plan(
      emulator,
      payrollRepo([
        ['ada@example.com', 'Admin'],
        ['alan@example.com', 'Viewer'],
      ]),
    );
    expect(result.code).toBe(0);
    expect(result.plan?.changes).toEqual([]);
  });

  it('stops before contacting Okta when a file is invalid', async () => {
    const emulator = await org({});
    const result = await plan(emulator, payrollRepo([['not-an-email', 'Admin']]));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/CSV_INVALID_EMAIL .*\n.*Okta was not contacted/s);
    expect(emulator.counts().total).toBe(0);
  });
});
