import { UserError } from '../model/errors.js';
import { type AtSpec, isoSeconds } from './dates.js';
import type { CommitRef } from './model.js';
import type { AuditGit } from './port.js';

/** The commit a branch, tag or sha names; a UserError when it names none. */
export async function resolveRef(git: AuditGit, ref: string): Promise<string> {
  const sha = ref.startsWith('-') ? undefined : await git.resolveCommit(ref);
  if (sha === undefined) {
    throw new UserError('AUDIT_UNKNOWN_REVISION', `"${ref}" names no commit in ${git.dir}`, {
      hint: 'give a branch, tag or commit of this clone (git fetch it first if it lives on the remote)',
    });
  }
  return sha;
}

/** The commit `--at` names: for a date, the newest commit of the first-parent line of `tip` made by then. */
export async function resolveAt(git: AuditGit, tip: string, ref: string, at: AtSpec): Promise<string> {
  if (at.kind === 'revision') return resolveRef(git, at.revision);
  const sha = await git.lastCommitAtOrBefore(tip, at.date);
  if (sha === undefined) {
    const shallow = git.shallow ? ' (this clone is shallow: its history is cut short)' : '';
    throw new UserError(
      'AUDIT_BEFORE_HISTORY',
      `no commit of ${ref} was made at or before ${isoSeconds(at.date)}${shallow}`,
      {
        hint: git.shallow
          ? 'fetch the whole history (git fetch --unshallow; in Actions, checkout with fetch-depth: 0)'
          : 'the history starts later: give a later date',
      },
    );
  }
  return sha;
}

export async function commitRef(git: AuditGit, sha: string): Promise<CommitRef> {
  const summary = (await git.commitSummaries([sha])).get(sha);
  return { sha, subject: summary?.subject ?? '', committedAt: summary?.committedAt ?? '' };
}
