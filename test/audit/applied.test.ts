import { describe, expect, it } from 'vitest';
import { appliedFor, parseApplyNote } from '../../src/audit/applied.js';
import type { HistoryCommit } from '../../src/audit/port.js';
import type { RowChange } from '../../src/audit/replay.js';

/** Commits c0…cN of a first-parent line; `notes` maps a commit index to its apply record. */
function line(count: number, notes: Readonly<Record<number, Record<string, unknown> | string>> = {}) {
  return Array.from({ length: count }, (_, index): HistoryCommit => {
    const note = notes[index];
    return {
      sha: `c${index}`.padEnd(40, '0'),
      parents: index === 0 ? [] : [`c${index - 1}`.padEnd(40, '0')],
      author: { name: 'Ada', email: 'ada@example.com' },
      authoredAt: `2024-01-0${index + 1}T00:00:00Z`,
      committedAt: `2024-01-0${index + 1}T00:00:00Z`,
      subject: `commit ${index}`,
      trailers: [],
      note: note === undefined ? null : typeof note === 'string' ? note : JSON.stringify(note),
      changes: [],
    };
  });
}

function change(commit: number, action: RowChange['action'], entitlement = 'Admin'): RowChange {
  return {
    action,
    app: 'Payroll',
    entitlement,
    email: 'ada@example.com',
    key: 'ada@example.com',
    file: 'apps/payroll.csv',
    line: 2,
    commit,
  };
}

const record = (appliedAt: string, ok = true) => ({
  planHash: `sha256:${appliedAt}`,
  counts: { applied: 1, unchanged: 0, skipped: 0, failed: ok ? 0 : 1 },
  ok,
  runUrl: null,
  appliedAt,
  org: 'https://acme.okta.com',
});

const sha = (index: number) => `c${index}`.padEnd(40, '0');

describe('appliedFor: what the apply records tell', () => {
  it('says unknown, never "not applied", when no record is at or after a change', () => {
    const warnings: string[] = [];
    // A record on c0 says nothing about the later changes; c3 changes the row of c2 again, still without a record.
    const commits = line(4, { 0: record('2024-01-01T12:00:00Z') });
    const applied = appliedFor(
      commits,
      [change(1, 'grant', 'Viewer'), change(2, 'grant'), change(3, 'removal')],
      warnings,
    );
    expect(applied).toEqual([
      { status: 'unknown', reason: 'no apply record', changedAgainBy: null },
      { status: 'unknown', reason: 'no apply record', changedAgainBy: sha(3) },
      { status: 'unknown', reason: 'no apply record', changedAgainBy: null },
    ]);
    expect(warnings).toEqual([]);
  });

  it('is the same without any record at all: a CLI-applied history', () => {
    const applied = appliedFor(line(2), [change(0, 'grant'), change(1, 'removal')], []);
    expect(applied.map((entry) => entry.status)).toEqual(['unknown', 'unknown']);
  });

  it('takes the first record at or after the change, failures included', () => {
    const commits = line(4, { 1: record('2024-01-02T12:00:00Z'), 3: record('2024-01-04T12:00:00Z', false) });
    const applied = appliedFor(commits, [change(1, 'grant'), change(2, 'grant', 'Viewer')], []);
    expect(applied).toEqual([
      {
        status: 'applied',
        commit: sha(1),
        appliedAt: '2024-01-02T12:00:00Z',
        runUrl: null,
        planHash: 'sha256:2024-01-02T12:00:00Z',
        ok: true,
      },
      {
        status: 'applied',
        commit: sha(3),
        appliedAt: '2024-01-04T12:00:00Z',
        runUrl: null,
        planHash: 'sha256:2024-01-04T12:00:00Z',
        ok: false,
      },
    ]);
  });

  it('says "never by a recorded apply" only when a later record did not carry the change', () => {
    // Granted on c0, removed on c1, recorded on c2: the record holds the removal; the grant no record ever carried.
    const commits = line(3, { 2: record('2024-01-03T12:00:00Z') });
    const applied = appliedFor(commits, [change(0, 'grant'), change(1, 'removal')], []);
    expect(applied[0]).toEqual({ status: 'superseded', by: sha(1), nextApply: sha(2) });
    expect(applied[1]).toMatchObject({ status: 'applied', commit: sha(2) });
    // Changed again on the recorded commit itself: that apply carried the later change.
    const same = appliedFor(
      line(2, { 1: record('2024-01-02T12:00:00Z') }),
      [change(0, 'grant'), change(1, 'removal')],
      [],
    );
    expect(same[0]).toEqual({ status: 'superseded', by: sha(1), nextApply: sha(1) });
  });

  it('ignores a note that is not an apply record, with a warning, and reads its fields defensively', () => {
    const warnings: string[] = [];
    const commits = line(2, { 1: 'not json' });
    expect(appliedFor(commits, [change(0, 'grant')], warnings)[0]?.status).toBe('unknown');
    expect(warnings).toEqual([
      `${sha(1).slice(0, 12)}: its okta-access note is not an apply record; it is ignored`,
    ]);
    expect(parseApplyNote(JSON.stringify({ planHash: 'h', appliedAt: 't', runUrl: 7 }))).toEqual({
      planHash: 'h',
      appliedAt: 't',
      runUrl: null,
      ok: true,
    });
    expect(parseApplyNote(JSON.stringify({ planHash: 'h' }))).toBeUndefined();
  });
});
