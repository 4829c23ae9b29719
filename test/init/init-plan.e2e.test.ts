import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { Plan } from '../../src/model/plan.js';
import { cli, filesUnder, removeTemporary, temporary } from './cli.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
  removeTemporary();
});

/** The people of a CSV in Okta's example format, as emulator seed users (managers by email). */
function peopleOf(csvFile: string): NonNullable<SeedDocument['users']> {
  const rows = parse(readFileSync(csvFile), { columns: true }) as Record<string, string>[];
  const users = new Map<string, NonNullable<SeedDocument['users']>[number]>();
  for (const row of rows) {
    const email = row.email ?? '';
    users.set(email, {
      email,
      firstName: row.firstName ?? '',
      lastName: row.lastName ?? '',
      ...(row.managerEmail ? { manager: row.managerEmail } : {}),
    });
  }
  return [...users.values()];
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
}

describe('okta-access init, then plan and apply against the emulator', () => {
  it('plans the whole first import of the new repository, applies it, and plans no change after', async () => {
    const root = temporary();
    expect((await cli(['init', root, '--app', 'External_App'])).code).toBe(0);
    const emulator = await startEmulator({
      seed: { users: peopleOf(path.join(root, 'apps', 'external_app.csv')) },
    });
    running.push(emulator);
    const env = { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token };
    const config = path.join(root, 'okta-access.yaml');

    const planned = await cli(['plan', '--config', config, '--format', 'json', '--detailed-exitcode'], env);
    expect(planned.stderr).not.toContain('USER_NOT_FOUND');
    expect(planned.code).toBe(2);
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan.applicable).toBe(true);
    expect(plan.summary.byKind).toMatchObject({
      'app.create': 1,
      'group.create': 2,
      'assignment.add': 2,
      'membership.add': 5,
      'campaign.create': 1,
      'membership.remove': 0,
      'group.delete': 0,
    });

    git(root, 'init', '-q');
    const applied = await cli(['apply', '--config', config, '--auto-approve'], env);
    expect(applied.code).toBe(0);
    // The journal lands where .gitignore expects it, and Git ignores it.
    expect(filesUnder(root)).toContain('.okta-access/apply-journal.jsonl');
    expect(git(root, 'check-ignore', '.okta-access/apply-journal.jsonl').trim()).toBe(
      '.okta-access/apply-journal.jsonl',
    );
    expect(git(root, 'status', '--porcelain', '--untracked-files=all')).not.toContain('.okta-access');

    const again = await cli(['plan', '--config', config, '--detailed-exitcode'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');
  });
});
