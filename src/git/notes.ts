import { simpleGit } from 'simple-git';
import { UserError } from '../model/errors.js';

/** The notes ref apply records go to: one note per merge commit that was applied. */
export const notesRef = 'okta-access';

export interface ApplyRecord {
  readonly planHash: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly ok: boolean;
  readonly runUrl: string | null;
  readonly appliedAt: string;
  readonly org: string;
  /**
   * The GitHub login of the maintainer whose label `okta-access:allow-deletes` on the merged pull request allowed
   * deletions past the limits of okta-access.yaml; absent when the plan was within them.
   */
  readonly allowDeletesBy?: string;
  /** True when the workflow's deprecated `allow-deletes` input allowed them instead (no maintainer's label did). */
  readonly allowDeletesInput?: boolean;
}

/**
 * Writes the apply record as a Git note on `sha` (refs/notes/okta-access), replacing an earlier one, and pushes
 * the notes ref when `push` is set. The note is written by a fixed identity so no Git config is needed on runners.
 */
export async function addApplyNote(
  repoDir: string,
  sha: string,
  record: ApplyRecord,
  push: boolean,
): Promise<void> {
  try {
    await writeNote(repoDir, sha, record, push);
  } catch (error) {
    throw new UserError(
      'GIT_NOTE_FAILED',
      `Okta was changed as planned, but the apply note on ${sha.slice(0, 12)} could not be written: ${(error as Error).message}`,
      {
        hint: 'the job needs contents: write and a checkout with history; the apply report is on the pull request',
        cause: error,
      },
    );
  }
}

async function writeNote(repoDir: string, sha: string, record: ApplyRecord, push: boolean): Promise<void> {
  const git = simpleGit({ baseDir: repoDir });
  await git.raw([
    '-c',
    'user.name=okta-access',
    '-c',
    'user.email=okta-access@users.noreply.github.com',
    'notes',
    '--ref',
    notesRef,
    'add',
    '-f',
    '-m',
    JSON.stringify(record, null, 2),
    sha,
  ]);
  if (push) await git.raw(['push', 'origin', `refs/notes/${notesRef}`]);
}

/** The apply record of a commit, if it has one. */
export async function readApplyNote(repoDir: string, sha: string): Promise<ApplyRecord | undefined> {
  const git = simpleGit({ baseDir: repoDir });
  try {
    return JSON.parse(await git.raw(['notes', '--ref', notesRef, 'show', sha])) as ApplyRecord;
  } catch {
    return undefined;
  }
}
