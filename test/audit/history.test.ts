import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryReport } from '../../src/audit/model.js';
import { startGitHubStandIn } from '../github/stand-in.js';
import { runAudit } from './run-audit.js';
import { buildStory, type Story } from './story.js';

let story: Story;
beforeAll(() => {
  story = buildStory();
});
afterAll(() => story.repo.remove());

async function history(...args: string[]): Promise<HistoryReport> {
  const result = await runAudit(['history', '--config', story.config, '--format', 'json', ...args]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as HistoryReport;
}

/** Commits by name instead of sha, so the expectations read like the story. */
function named(sha: string | undefined): string {
  const found = Object.entries(story.shas).find(([, value]) => value === sha);
  return found?.[0] ?? String(sha);
}

function line(entry: HistoryEntry): string {
  const who = `${entry.author.name}${entry.mergedBy === null ? '' : ` merged by ${entry.mergedBy.name}`}`;
  const pull = entry.pullRequest === null ? '-' : `#${entry.pullRequest.number} ${entry.pullRequest.branch}`;
  const approvers = entry.approvers.map((p) => `${p.name} <${p.email}>`).join('; ') || '-';
  const applied =
    entry.applied.status === 'applied'
      ? `applied ${entry.applied.appliedAt} on ${named(entry.applied.commit)}${entry.applied.ok ? '' : ' (failed)'}`
      : entry.applied.status === 'superseded'
        ? `superseded by ${named(entry.applied.by)}`
        : 'pending';
  return [
    named(entry.commit.sha),
    entry.commit.committedAt,
    entry.action,
    `${entry.app}/${entry.entitlement}`,
    entry.email,
    `${entry.file}:${entry.line}`,
    who,
    pull,
    approvers,
    applied,
  ].join(' | ');
}

describe('audit history', () => {
  it('lists every grant and removal of a person, emails without case', async () => {
    const report = await history('--user', 'Ada@example.COM');
    expect(report.user).toBe('Ada@example.COM');
    expect(report.commits).toBe(9);
    expect(report.ref.sha).toBe(story.shas.c8);
    expect(report.entries.map(line)).toEqual([
      'c1 | 2024-01-01T10:00:00Z | grant | Payroll/Admin | ada@example.com | access/apps/payroll.csv:2 | Alan Turing | - | - | superseded by c2',
      'c1 | 2024-01-01T10:00:00Z | grant | Wiki/Editor | Ada@Example.com | access/apps/wiki.csv:2 | Alan Turing | - | - | applied 2024-01-10T12:00:00Z on m1',
      'c2 | 2024-01-05T09:00:00Z | removal | Payroll/Admin | ada@example.com | access/apps/payroll.csv:2 | Grace Hopper | - | Edsger Dijkstra <edsger@example.com> | superseded by m1',
      'm1 | 2024-01-10T11:00:00Z | grant | Payroll/Admin | ADA@example.com | access/apps/payroll.csv:4 | Barbara Liskov merged by Edsger Dijkstra | #12 acme/grant-ada | Grace <grace@example.com> | applied 2024-01-10T12:00:00Z on m1',
      'c4 | 2024-01-20T10:00:00Z | removal | Payroll/Admin | ADA@example.com | access/apps/payroll-people.csv:3 | Alan Turing | - | - | applied 2024-01-21T08:00:00Z on c4',
      'c4 | 2024-01-20T10:00:00Z | grant | Payroll/Viewer | ada@example.com | access/apps/payroll-people.csv:5 | Alan Turing | - | - | applied 2024-01-21T08:00:00Z on c4',
      'c5 | 2024-02-01T10:00:00Z | removal | Wiki/Editor | ada@example.com | access/apps/wiki.csv:2 | Grace Hopper | - | - | applied 2024-02-10T09:30:00Z on c8 (failed)',
      'c6 | 2024-02-02T10:00:00Z | grant | Payroll/Admin | ada@example.com | access/apps/payroll-people.csv:6 | Alan Turing | - | - | superseded by c7',
      'c7 | 2024-02-03T10:00:00Z | removal | Payroll/Admin | ada@example.com | access/apps/payroll-people.csv:6 | Alan Turing | - | - | applied 2024-02-10T09:30:00Z on c8 (failed)',
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('keeps the merge commit, its pull request and approvals and the branch author', async () => {
    const report = await history('--user', 'ada@example.com', '--app', 'Payroll', '--entitlement', 'Admin');
    const merged = report.entries.find((entry) => entry.commit.sha === story.shas.m1);
    expect(merged).toEqual({
      action: 'grant',
      app: 'Payroll',
      entitlement: 'Admin',
      email: 'ADA@example.com',
      file: 'access/apps/payroll.csv',
      line: 4,
      commit: {
        sha: story.shas.m1,
        subject: 'Merge pull request #12 from acme/grant-ada',
        committedAt: '2024-01-10T11:00:00Z',
        merge: true,
      },
      author: { name: 'Barbara Liskov', email: 'barbara@example.com', authoredAt: '2024-01-08T15:00:00Z' },
      mergedBy: { name: 'Edsger Dijkstra', email: 'edsger@example.com' },
      pullRequest: { number: 12, branch: 'acme/grant-ada', source: 'commit' },
      approvers: [{ name: 'Grace', email: 'grace@example.com' }],
      approvalSource: 'commit',
      applied: {
        status: 'applied',
        commit: story.shas.m1,
        appliedAt: '2024-01-10T12:00:00Z',
        runUrl: 'https://github.com/acme/access/actions/runs/1',
        planHash: 'sha256:plan1',
        ok: true,
      },
    });
    expect(report.entries.map((entry) => entry.app + entry.entitlement)).toEqual(
      Array(6).fill('PayrollAdmin'),
    );
  });

  it('takes the approvers of a merged pull request from its GitHub reviews when a token is set', async () => {
    const token = 'ghs_auditStandInToken0123456789abcdef';
    const standIn = await startGitHubStandIn({ owner: 'acme', repo: 'access', token });
    try {
      standIn.state.addPullRequest({
        number: 12,
        headSha: 'b1'.repeat(20),
        merged: true,
        mergeCommitSha: story.shas.m1,
      });
      standIn.state.addReview(12, { login: 'ken-t', state: 'APPROVED' });
      standIn.state.addReview(12, { login: 'grace-h', state: 'APPROVED' });
      standIn.state.addReview(12, { login: 'ken-t', state: 'CHANGES_REQUESTED' });
      standIn.state.addReview(12, { login: 'edsger-d', state: 'APPROVED' });
      const env = { GITHUB_TOKEN: token, GITHUB_REPOSITORY: 'acme/access', GITHUB_API_URL: standIn.url };
      const args = ['history', '--config', story.config, '--user', 'ada@example.com'];
      const result = await runAudit([...args, '--format', 'json'], env);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as HistoryReport;
      expect(report.warnings).toEqual([]);
      const merged = report.entries.filter((entry) => entry.commit.sha === story.shas.m1);
      expect(merged).toHaveLength(1);
      expect(merged[0]).toMatchObject({
        pullRequest: { number: 12, branch: 'acme/grant-ada', source: 'github' },
        // The Approved-by: Grace trailer of the merge commit gives way to GitHub's reviews.
        approvers: [
          { name: 'edsger-d', email: '' },
          { name: 'grace-h', email: '' },
        ],
        approvalSource: 'github',
      });
      // A commit GitHub knows no pull request for keeps its trailers.
      const c2 = report.entries.find((entry) => entry.commit.sha === story.shas.c2);
      expect(c2).toMatchObject({
        approvers: [{ name: 'Edsger Dijkstra', email: 'edsger@example.com' }],
        approvalSource: 'commit',
      });
      expect(standIn.requests.filter((request) => request.operationId === 'pulls/list-reviews')).toEqual([
        expect.objectContaining({ path: '/repos/acme/access/pulls/12/reviews', status: 200 }),
      ]);

      const text = await runAudit(args, env);
      expect(text.stdout).toContain('approved  edsger-d, grace-h (GitHub reviews)');
    } finally {
      await standIn.stop();
    }
  });

  it('follows the renamed CSV: rows changed in the rename commit are the only changes', async () => {
    const edsger = await history('--user', 'EDSGER@example.com');
    expect(edsger.entries.map(line)).toEqual([
      'c3 | 2024-01-15T10:00:00Z | grant | Payroll/Viewer | edsger@example.com | access/apps/payroll-people.csv:5 | Alan Turing | - | - | applied 2024-01-21T08:00:00Z on c4',
    ]);
    const alan = await history('--user', 'alan@example.com');
    expect(
      alan.entries.map(
        (entry) => `${named(entry.commit.sha)} ${entry.action} ${entry.app}/${entry.entitlement}`,
      ),
    ).toEqual(['c1 grant Payroll/Viewer', 'c3 removal Payroll/Viewer', 'c5 grant Wiki/Editor']);
  });

  it('says when an app was never seen, and refuses a malformed email', async () => {
    const report = await history('--user', 'ada@example.com', '--app', 'Payrol');
    expect(report.entries).toEqual([]);
    expect(report.warnings).toEqual(['no app was ever labelled "Payrol" on HEAD']);
    await expect(runAudit(['history', '--config', story.config, '--user', 'ada'])).rejects.toMatchObject({
      code: 'AUDIT_BAD_EMAIL',
    });
  });

  it('reads the history in a handful of git invocations', async () => {
    const result = await runAudit(['history', '--config', story.config, '--user', 'ada@example.com']);
    // rev-parse (repository), rev-parse (ref), log (the walk), cat-file --batch (every CSV version), log (branch tips)
    expect(result.stderr).toMatch(/^read 9 commits, \d+ CSV versions with 5 git invocations in [\d.]+ s\n$/);
  });
});
