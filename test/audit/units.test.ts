import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRows } from '../../src/audit/csv-rows.js';
import { parseAt } from '../../src/audit/dates.js';
import { globToRegExp } from '../../src/audit/glob.js';
import type { HistoryCommit, PullRequestDirectory } from '../../src/audit/port.js';
import { parseIdentity, reviewFromCommit, reviewsFor } from '../../src/audit/pull-requests.js';
import { parseRawChanges } from '../../src/git/log-format.js';

describe('csvRows for one person', () => {
  const emails = ['ada@example.com', 'ADA@Example.com', 'lada@example.com', 'bob@example.com'];
  const cell = fc.oneof(
    fc.constantFrom('Ada', 'Lovelace', 'x', ''),
    fc.constantFrom('"quoted, with comma"', '"two\nlines"', '"say ""hi"""', '"ada@example.com"'),
  );
  const row = fc
    .tuple(
      cell,
      cell,
      fc.constantFrom(...emails),
      fc.constantFrom('', ...emails),
      fc.constantFrom('Payroll'),
      fc.constantFrom('Admin', 'Viewer'),
    )
    .map((cells) => cells.join(','));
  const file = fc
    .tuple(fc.array(row, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(
      ([rows, eol, blankLead]) =>
        `${blankLead ? eol : ''}firstName,lastName,email,managerEmail,appName,groupName${eol}${rows.join(eol)}${eol}`,
    );

  it('gives the rows a full parse gives, with the same lines', () => {
    fc.assert(
      fc.property(file, fc.constantFrom('ada@example.com', 'bob@example.com'), (text, only) => {
        const full = csvRows(text);
        const person = csvRows(text, only);
        expect(person).toEqual(full.ok ? { ok: true, rows: full.rows.filter((r) => r.key === only) } : full);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a header without the email, app or entitlement', () => {
    expect(csvRows('firstName,lastName,mail,appName\nA,B,a@x.io,P\n', 'a@x.io')).toEqual({
      ok: false,
      reason: 'the header lacks "email", "groupName"',
    });
  });
});

describe('globToRegExp', () => {
  it('matches like the loader’s globs', () => {
    const cases: [string, string, boolean][] = [
      ['apps/*.yaml', 'apps/payroll.yaml', true],
      ['apps/*.yaml', 'apps/sub/payroll.yaml', false],
      ['apps/*.yaml', 'apps/.hidden.yaml', false],
      ['apps/**/*.yaml', 'apps/payroll.yaml', true],
      ['apps/**/*.yaml', 'apps/a/b/payroll.yaml', true],
      ['apps/*.{yaml,yml}', 'apps/payroll.yml', true],
      ['./apps/p?yroll.yaml', 'apps/payroll.yaml', true],
      ['apps/[a-p]*.yaml', 'apps/wiki.yaml', false],
      ['apps/payroll.yaml', 'apps/payrollXyaml', false],
    ];
    for (const [pattern, file, expected] of cases)
      expect(globToRegExp(pattern).test(file), `${pattern} ${file}`).toBe(expected);
  });
});

describe('parseAt', () => {
  it('reads a day as its end, UTC; a time without zone as UTC; anything else as a revision', () => {
    expect(parseAt('2027-03-31')).toEqual({
      kind: 'date',
      date: new Date('2027-03-31T23:59:59.999Z'),
      text: '2027-03-31',
    });
    expect(parseAt('2027-03-31T08:00')).toMatchObject({ date: new Date('2027-03-31T08:00:00Z') });
    expect(parseAt('2027-03-31T08:00:00+02:00')).toMatchObject({ date: new Date('2027-03-31T06:00:00Z') });
    expect(parseAt('main~2')).toEqual({ kind: 'revision', revision: 'main~2' });
    expect(() => parseAt('2027-02-29')).toThrow(/is not a date/);
    expect(() => parseAt('--all')).toThrow(/neither a date nor a revision/);
  });
});

describe('pull requests and approvals', () => {
  const commit = (sha: string, subject: string, trailers: [string, string][] = []): HistoryCommit => ({
    sha,
    parents: [],
    author: { name: 'A', email: 'a@example.com' },
    authoredAt: '',
    committedAt: '',
    subject,
    trailers: trailers.map(([key, value]) => ({ key, value })),
    note: null,
    changes: [],
  });

  it('reads merge and squash subjects and approval trailers', () => {
    expect(
      reviewFromCommit(
        commit('1', 'Merge pull request #12 from acme/grant-ada', [
          ['Approved-by', 'Grace <grace@example.com>'],
          ['reviewed-by', 'grace@example.com'],
          ['Signed-off-by', 'Ada <ada@example.com>'],
          ['Reviewed-By', 'Edsger Dijkstra <edsger@example.com>'],
        ]),
      ),
    ).toEqual({
      pullRequest: { number: 12, branch: 'acme/grant-ada', source: 'commit' },
      approvers: [
        { name: 'Grace', email: 'grace@example.com' },
        { name: 'Edsger Dijkstra', email: 'edsger@example.com' },
      ],
      approvalSource: 'commit',
    });
    expect(reviewFromCommit(commit('2', 'Grant Ada payroll admin (#31)')).pullRequest).toEqual({
      number: 31,
      branch: null,
      source: 'commit',
    });
    expect(parseIdentity('Ada Lovelace')).toEqual({ name: 'Ada Lovelace', email: '' });
  });

  it('prefers GitHub when it answers, and falls back on the commits when it fails', async () => {
    const asked: string[] = [];
    const github: PullRequestDirectory = {
      async pullRequestForCommit(sha) {
        asked.push(sha);
        if (sha === 'a') return { number: 12, approvers: [{ name: 'Grace', email: 'grace@example.com' }] };
        if (sha === 'b') return { number: 13 };
        return undefined;
      },
    };
    const commits = [
      commit('a', 'Merge pull request #12 from acme/grant-ada'),
      commit('b', 'Merge pull request #13 from acme/x', [['Approved-by', 'Ken <ken@example.com>']]),
      commit('c', 'Direct push'),
      commit('a', 'Merge pull request #12 from acme/grant-ada'),
    ];
    const warnings: string[] = [];
    const reviews = await reviewsFor(commits, github, warnings);
    expect(asked).toEqual(['a', 'b', 'c']);
    expect(reviews.get('a')).toEqual({
      pullRequest: { number: 12, branch: 'acme/grant-ada', source: 'github' },
      approvers: [{ name: 'Grace', email: 'grace@example.com' }],
      approvalSource: 'github',
    });
    expect(reviews.get('b')).toEqual({
      pullRequest: { number: 13, branch: 'acme/x', source: 'github' },
      approvers: [{ name: 'Ken', email: 'ken@example.com' }],
      approvalSource: 'commit',
    });
    expect(reviews.get('c')?.pullRequest).toBeNull();

    const failing: PullRequestDirectory = {
      pullRequestForCommit: async () => {
        throw new Error('Bad credentials');
      },
    };
    const fallback = await reviewsFor(commits.slice(0, 2), failing, warnings);
    expect(fallback.get('b')?.approvalSource).toBe('commit');
    expect(warnings).toEqual([
      'GitHub could not be asked about pull requests (Bad credentials); pull requests and approvals come from the merge commits',
    ]);
  });
});

describe('parseRawChanges', () => {
  it('reads added, modified, deleted and renamed files', () => {
    const zero = '0'.repeat(40);
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const raw = `\n:000000 100644 ${zero} ${a} A\0new.csv\0:100644 100644 ${a} ${b} M\0mod.csv\0:100644 000000 ${a} ${zero} D\0gone.csv\0:100644 100644 ${a} ${b} R087\0old name.csv\0new name.csv\0`;
    expect(parseRawChanges(raw)).toEqual([
      { status: 'A', path: 'new.csv', oid: a },
      { status: 'M', path: 'mod.csv', oid: b },
      { status: 'D', path: 'gone.csv', oid: null },
      { status: 'R', path: 'new name.csv', oid: b, from: 'old name.csv' },
    ]);
  });
});
