import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from './run-audit.js';
import { buildStory, type Story } from './story.js';

let story: Story;
beforeAll(() => {
  story = buildStory();
});
afterAll(() => story.repo.remove());

interface Member {
  entitlement: string;
  email: string;
  file: string;
  line: number;
}

async function population(...args: string[]): Promise<{ commit: string; members: string[] }> {
  const result = await runAudit([
    'who-has',
    '--config',
    story.config,
    '--format',
    'json',
    '--app',
    'Payroll',
    ...args,
  ]);
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as { commit: { sha: string }; members: Member[] };
  return {
    commit: report.commit.sha,
    members: report.members.map((m) => `${m.entitlement} ${m.email} ${m.file}:${m.line}`),
  };
}

describe('audit who-has', () => {
  it('reads the population at the end of a day (UTC) from the first-parent line', async () => {
    expect(await population('--at', '2024-01-01')).toEqual({
      commit: story.shas.c1,
      members: [
        'Admin ada@example.com access/apps/payroll.csv:2',
        'Admin grace@example.com access/apps/payroll.csv:3',
        'Viewer alan@example.com access/apps/payroll.csv:4',
      ],
    });
    expect(await population('--at', '2024-01-05')).toEqual({
      commit: story.shas.c2,
      members: [
        'Admin grace@example.com access/apps/payroll.csv:2',
        'Viewer alan@example.com access/apps/payroll.csv:3',
      ],
    });
  });

  it('ignores commits of a branch until its merge reaches the first-parent line', async () => {
    // p1 (2024-01-08) is on the pull request's branch: on the 9th the default branch is still at c2.
    expect((await population('--at', '2024-01-09')).commit).toBe(story.shas.c2);
    expect(await population('--at', '2024-01-10')).toEqual({
      commit: story.shas.m1,
      members: [
        'Admin ADA@example.com access/apps/payroll.csv:4',
        'Admin grace@example.com access/apps/payroll.csv:2',
        'Viewer alan@example.com access/apps/payroll.csv:3',
        'Viewer ken@example.com access/apps/payroll.csv:5',
      ],
    });
  });

  it('takes a date and time, a tag or a commit', async () => {
    expect((await population('--at', '2024-01-10T10:59:59Z')).commit).toBe(story.shas.c2);
    expect((await population('--at', '2024-01-10T11:00:00Z')).commit).toBe(story.shas.m1);
    expect((await population('--at', 'v1')).commit).toBe(story.shas.m1);
    expect((await population('--at', story.shas.p1.slice(0, 10))).members).toContain(
      'Viewer ken@example.com access/apps/payroll.csv:5',
    );
  });

  it('follows the app file to the renamed CSV', async () => {
    expect(await population('--at', story.shas.c3)).toEqual({
      commit: story.shas.c3,
      members: [
        'Admin ADA@example.com access/apps/payroll-people.csv:3',
        'Admin grace@example.com access/apps/payroll-people.csv:2',
        'Viewer edsger@example.com access/apps/payroll-people.csv:5',
        'Viewer ken@example.com access/apps/payroll-people.csv:4',
      ],
    });
  });

  it('filters one entitlement, and defaults to the tip of the branch', async () => {
    expect(await population('--entitlement', 'Viewer', '--at', '2024-01-20')).toEqual({
      commit: story.shas.c4,
      members: [
        'Viewer ada@example.com access/apps/payroll-people.csv:5',
        'Viewer edsger@example.com access/apps/payroll-people.csv:4',
        'Viewer ken@example.com access/apps/payroll-people.csv:3',
      ],
    });
    expect((await population('--entitlement', 'Admin')).members).toEqual([
      'Admin grace@example.com access/apps/payroll-people.csv:2',
    ]);
    expect((await population('--entitlement', 'Admin')).commit).toBe(story.shas.c8);
  });

  it('explains a date before the history, an unknown app, entitlement or revision', async () => {
    const base = ['who-has', '--config', story.config, '--app', 'Payroll'];
    await expect(runAudit([...base, '--at', '2023-12-31'])).rejects.toMatchObject({
      code: 'AUDIT_BEFORE_HISTORY',
      message: 'no commit of HEAD was made at or before 2023-12-31T23:59:59Z',
    });
    await expect(runAudit([...base.slice(0, 3), '--app', 'Payrol'])).rejects.toMatchObject({
      code: 'AUDIT_UNKNOWN_APP',
      hint: 'did you mean "Payroll"?',
    });
    await expect(runAudit([...base, '--entitlement', 'Admn'])).rejects.toMatchObject({
      code: 'AUDIT_UNKNOWN_ENTITLEMENT',
      hint: 'did you mean "Admin"?',
    });
    await expect(runAudit([...base, '--at', 'no-such-branch'])).rejects.toMatchObject({
      code: 'AUDIT_UNKNOWN_REVISION',
    });
    await expect(runAudit([...base, '--at', '2024-02-30'])).rejects.toMatchObject({ code: 'AUDIT_BAD_DATE' });
  });
});
