import type { Applied } from './model.js';
import type { HistoryCommit } from './port.js';
import type { RowChange } from './replay.js';

/** What the audit reads of an apply note (src/git/notes.ts writes them). */
export interface ApplyNote {
  readonly planHash: string;
  readonly appliedAt: string;
  readonly runUrl: string | null;
  readonly ok: boolean;
}

export function parseApplyNote(text: string): ApplyNote | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.appliedAt !== 'string' || typeof record.planHash !== 'string') return undefined;
  return {
    planHash: record.planHash,
    appliedAt: record.appliedAt,
    runUrl: typeof record.runUrl === 'string' ? record.runUrl : null,
    ok: record.ok !== false,
  };
}

/**
 * When each change was applied, from the apply records alone. A record on commit N says that an apply made Okta match
 * the repository at N (ok false: with failures). So a change is `applied` by the first record at or after its commit,
 * unless the same row changed again before that record (superseded: that record, and every later one, carried the
 * later change instead). Without a record at or after the change, its state is `unknown`: the CLI applies without a
 * record unless given `--record`, and a missing record is not evidence that nothing was applied. Records before the
 * change say nothing about it.
 */
export function appliedFor(
  commits: readonly HistoryCommit[],
  changes: readonly RowChange[],
  warnings: string[],
): Applied[] {
  const notes: (ApplyNote | undefined)[] = commits.map((commit) => {
    if (commit.note === null) return undefined;
    const note = parseApplyNote(commit.note);
    if (note === undefined) {
      warnings.push(`${commit.sha.slice(0, 12)}: its okta-access note is not an apply record; it is ignored`);
    }
    return note;
  });
  const nextNoted = new Array<number>(commits.length + 1).fill(-1);
  for (let index = commits.length - 1; index >= 0; index--) {
    nextNoted[index] = notes[index] === undefined ? (nextNoted[index + 1] ?? -1) : index;
  }
  // The next change of the same row, for each change (changes come oldest first).
  const following = new Array<number | undefined>(changes.length);
  const lastOf = new Map<string, number>();
  for (let index = changes.length - 1; index >= 0; index--) {
    const change = changes[index] as RowChange;
    const row = `${change.app}\0${change.key}\0${change.entitlement}`;
    following[index] = lastOf.get(row);
    lastOf.set(row, index);
  }
  return changes.map((change, index): Applied => {
    const noted = nextNoted[change.commit] ?? -1;
    const next = following[index];
    const nextCommit = next === undefined ? undefined : changes[next]?.commit;
    const changedAgainBy = nextCommit === undefined ? null : (commits[nextCommit]?.sha ?? null);
    if (noted === -1) return { status: 'unknown', reason: 'no apply record', changedAgainBy };
    if (nextCommit !== undefined && nextCommit <= noted) {
      return { status: 'superseded', by: changedAgainBy ?? '', nextApply: commits[noted]?.sha ?? '' };
    }
    const note = notes[noted] as ApplyNote;
    return {
      status: 'applied',
      commit: commits[noted]?.sha ?? '',
      appliedAt: note.appliedAt,
      runUrl: note.runUrl,
      planHash: note.planHash,
      ok: note.ok,
    };
  });
}
