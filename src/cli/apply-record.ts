import path from 'node:path';
import { addApplyNote, notesRef } from '../git/notes.js';
import { checkedOutCommit, type UncommittedFile, uncommittedFiles } from '../git/work-tree.js';
import { loadDesired } from '../load/index.js';
import type { ApplyReport } from '../model/apply.js';
import { countBySeverity } from '../model/diagnostic.js';
import { UserError } from '../model/errors.js';
import type { DesiredState } from '../model/state.js';
import { printable } from '../render/escape.js';
import type { CliIo } from './io.js';

/** `apply --record`: the apply record the Action writes, as a Git note on the commit whose files were applied. */
export interface ApplyRecorder {
  /** The commit the record will be written on (HEAD when apply started). */
  readonly commit: string;
  /** Writes the record for a finished apply (failed changes included: `ok` false), and says where it went. */
  write(report: ApplyReport, io: CliIo): Promise<void>;
}

/**
 * Checked before apply writes anything: the record will say "Okta was made to match the repository at HEAD", so the
 * files apply reads — the root config, the app files, their CSVs and the campaign files — must be those of HEAD:
 * none modified, staged, untracked or ignored, and no tracked file deleted or renamed below the config's folder.
 * Anything else (the journal, a saved plan, a README) does not matter. Refuses with nothing written otherwise.
 */
export async function prepareApplyRecord(
  configPath: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ApplyRecorder> {
  const directory = path.dirname(path.resolve(configPath));
  const checkedOut = await checkedOutCommit(directory);
  if (!checkedOut.ok) {
    throw checkedOut.reason === 'not-a-repository'
      ? new UserError(
          'RECORD_NOT_A_REPOSITORY',
          `--record writes the apply record as a Git note, but ${directory} is not in a Git work tree; nothing was written to Okta`,
          { hint: 'apply from a clone of the access repository, or without --record' },
        )
      : new UserError(
          'RECORD_NO_COMMIT',
          `--record writes the apply record on the commit whose files are applied, and ${directory} has no commit yet; nothing was written to Okta`,
          { hint: 'commit the access repository first' },
        );
  }
  const { root, head } = checkedOut;
  const loaded = await loadDesired({ configPath, env });
  const managed = loaded.state === undefined ? [] : managedFiles(loaded.state);
  const directoryOfConfig = loaded.state?.config.root ?? directory;
  // Invalid files: apply refuses them itself and shows why, before writing anything (and so before any record).
  const valid = loaded.state !== undefined && countBySeverity(loaded.diagnostics).errors === 0;
  const before = valid ? await uncommittedFiles(root, directoryOfConfig, managed) : [];
  if (before.length > 0) throw uncommitted(head, before);

  return {
    commit: head,
    async write(report, io) {
      // The files or HEAD may have changed while apply ran: then the record would name the wrong commit.
      const now = await checkedOutCommit(directory);
      const after = await uncommittedFiles(root, directoryOfConfig, managed);
      if (!now.ok || now.head !== head || after.length > 0) {
        throw new UserError(
          'RECORD_NOT_WRITTEN',
          `Okta was changed, but no apply record was written: ${
            now.ok && now.head !== head
              ? `HEAD moved from ${head.slice(0, 12)} to ${now.head.slice(0, 12)}`
              : `${list(after)} changed`
          } while apply ran`,
          { hint: 'the apply report is above; run apply --record again from a clean checkout to record it' },
        );
      }
      try {
        await addApplyNote(
          root,
          head,
          {
            planHash: report.planHash,
            counts: report.counts,
            ok: report.ok,
            runUrl: null,
            appliedAt: report.finishedAt,
            org: report.org,
          },
          false,
        );
      } catch (error) {
        throw new UserError('GIT_NOTE_FAILED', error instanceof Error ? error.message : String(error), {
          hint: 'Git could not write to this clone (permissions, a lock?); the apply report above says what was applied',
          cause: error,
        });
      }
      io.stderr.write(
        `Recorded the apply on ${head.slice(0, 12)} (refs/notes/${notesRef})` +
          `${report.ok ? '' : ', with its failures'}. Share it: git push origin refs/notes/${notesRef}\n`,
      );
    },
  };
}

/** The files apply reads, absolute. */
function managedFiles(state: DesiredState): string[] {
  const files = [state.config.path];
  for (const app of state.apps.values()) files.push(path.resolve(app.source.file), ...app.csvFiles);
  for (const campaign of state.campaigns.values()) files.push(path.resolve(campaign.source.file));
  return [...new Set(files)];
}

function uncommitted(head: string, files: readonly UncommittedFile[]): UserError {
  return new UserError(
    'RECORD_UNCOMMITTED',
    `--record would say the files of ${head.slice(0, 12)} (HEAD) were applied, but ${list(files)} ` +
      `${files.length === 1 ? 'differs' : 'differ'} from it; nothing was written to Okta`,
    { hint: 'commit (or stash) them and apply again, or apply without --record' },
  );
}

function list(files: readonly UncommittedFile[]): string {
  const shown = files.slice(0, 5).map((file) => `${printable(file.path)} (${file.state})`);
  return `${shown.join(', ')}${files.length > 5 ? `, and ${files.length - 5} more` : ''}`;
}
