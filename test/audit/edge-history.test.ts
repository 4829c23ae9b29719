import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryReport } from '../../src/audit/model.js';
import { runAudit } from './run-audit.js';
import { csv, type ScriptedRepo, scriptedRepo } from './scripted-repo.js';

const alan = 'Alan Turing <alan@example.com>';
const row = (email: string, entitlement = 'Admin') => `P,Q,${email},,Payroll,${entitlement}`;
const filler = Array.from({ length: 20_000 }, (_, i) =>
  row(`filler.person.${i}@example.com`, `Role${i % 7}`),
);
let repo: ScriptedRepo;
const shas: string[] = [];

/**
 * A history with an invalid commit on the default branch (a CSV with an unclosed quote), an app file that is
 * removed, and a config that only appears in the second commit.
 */
beforeAll(() => {
  repo = scriptedRepo();
  repo.write({ 'README.md': 'before the access repository\n' });
  shas.push(repo.commit('Initial commit', { date: '2023-06-01T00:00:00Z', author: alan }));
  repo.write({
    'okta-access.yaml': 'version: 1\n',
    'apps/payroll.yaml': 'label: Payroll\ncsv: payroll.csv\n',
    // Big enough (about 1 MB) to arrive from git cat-file in many chunks.
    'apps/payroll.csv': csv([row('ada@example.com'), row('bob@example.com'), ...filler]),
  });
  shas.push(repo.commit('Payroll', { date: '2023-06-02T00:00:00Z', author: alan }));
  repo.write({
    'apps/payroll.csv': csv([row('bob@example.com'), '"Broken,Q,carl@example.com,,Payroll,Admin']),
  });
  shas.push(repo.commit('Broken CSV', { date: '2023-06-03T00:00:00Z', author: alan }));
  repo.write({ 'apps/payroll.csv': csv([row('bob@example.com'), row('carl@example.com')]) });
  shas.push(repo.commit('Fixed CSV', { date: '2023-06-04T00:00:00Z', author: alan }));
  repo.git(['rm', '-q', 'apps/payroll.yaml']);
  shas.push(repo.commit('Stop managing Payroll', { date: '2023-06-05T00:00:00Z', author: alan }));
});
afterAll(() => repo.remove());

async function history(user: string): Promise<HistoryReport> {
  const config = path.join(repo.dir, 'okta-access.yaml');
  const result = await runAudit(['history', '--config', config, '--user', user, '--format', 'json']);
  return JSON.parse(result.stdout) as HistoryReport;
}

describe('history across invalid commits', () => {
  it('leaves an app as it was while its CSV cannot be read, and says so', async () => {
    const ada = await history('ada@example.com');
    // Ada's row is gone in the broken commit, but the removal only counts once the CSV parses again.
    expect(ada.entries.map((e) => `${e.action} ${e.commit.subject}`)).toEqual([
      'grant Payroll',
      'removal Fixed CSV',
    ]);
    expect(ada.warnings).toEqual([
      `${shas[2]?.slice(0, 12)} (2023-06-03T00:00:00Z): apps/payroll.csv: CSV syntax: Quote Not Closed: the parsing is finished with an opening quote (line 3); Payroll is left as it was`,
    ]);
  });

  it('reports the removal of an app file as removals', async () => {
    const bob = await history('bob@example.com');
    expect(bob.entries.map((e) => `${e.action} ${e.commit.subject}`)).toEqual([
      'grant Payroll',
      'removal Stop managing Payroll',
    ]);
  });

  it('reads a large CSV version whole', async () => {
    const config = path.join(repo.dir, 'okta-access.yaml');
    const result = await runAudit([
      'who-has',
      '--config',
      config,
      '--app',
      'Payroll',
      '--at',
      '2023-06-02',
      '-f',
      'json',
    ]);
    const report = JSON.parse(result.stdout) as {
      people: number;
      members: { email: string; line: number }[];
    };
    expect(report.people).toBe(20_002);
    expect(report.members.find((m) => m.email === 'filler.person.19999@example.com')?.line).toBe(20_003);
  });

  it('explains who-has before the config existed', async () => {
    const config = path.join(repo.dir, 'okta-access.yaml');
    await expect(
      runAudit(['who-has', '--config', config, '--app', 'Payroll', '--at', '2023-06-01']),
    ).rejects.toMatchObject({ code: 'AUDIT_NO_CONFIG' });
    await expect(
      runAudit(['who-has', '--config', config, '--app', 'Payroll', '--at', '2023-06-03']),
    ).rejects.toMatchObject({ code: 'AUDIT_UNREADABLE' });
  });

  it('refuses a shallow clone for history, and a folder outside Git', async () => {
    const clones = mkdtempSync(path.join(tmpdir(), 'okta-access-shallow-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, 'clone'], { cwd: clones });
      const config = path.join(clones, 'clone', 'okta-access.yaml');
      await expect(
        runAudit(['history', '--config', config, '--user', 'bob@example.com']),
      ).rejects.toMatchObject({ code: 'AUDIT_SHALLOW_CLONE' });
      await expect(
        runAudit(['history', '--config', path.join(clones, 'okta-access.yaml'), '--user', 'bob@example.com']),
      ).rejects.toMatchObject({ code: 'AUDIT_NOT_A_REPOSITORY' });
    } finally {
      rmSync(clones, { recursive: true, force: true });
    }
  });
});
