import { isUtf8 } from 'node:buffer';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { FileEdit } from '../git/branch.js';
import { displayPath, isInside } from '../load/paths.js';
import { UserError } from '../model/errors.js';
import type { App } from '../model/state.js';
import type { Remediation } from './match.js';
import { type RowToRemove, removeRows } from './remove-rows.js';

/** The CSV files to change, by the path the loader shows them with (relative to the working directory). */
export interface CsvFiles {
  /** Display path → path from the repository root (forward slashes). */
  readonly repoPaths: ReadonlyMap<string, string>;
}

/** Where each app's CSV files are in the repository: display path (as the loader's SourceRefs name them) → repo path. */
export async function csvFilesOf(apps: ReadonlyMap<string, App>, repoRoot: string): Promise<CsvFiles> {
  const repoPaths = new Map<string, string>();
  for (const app of apps.values()) {
    for (const absolute of app.csvFiles) {
      const real = await realpath(absolute);
      if (!isInside(repoRoot, real)) {
        throw new UserError(
          'REMEDIATE_OUTSIDE_REPO',
          `${displayPath(absolute)} is outside the Git repository ${repoRoot}`,
        );
      }
      repoPaths.set(displayPath(absolute), path.relative(repoRoot, real).split(path.sep).join('/'));
    }
  }
  return { repoPaths };
}

/**
 * One edit per CSV file with rows to remove: each drops exactly the records the REVOKE decisions name (a row named by
 * two decisions goes once), checking that each still grants what it did when loaded.
 */
export function rowEdits(remediations: readonly Remediation[], files: CsvFiles): FileEdit[] {
  const byFile = new Map<string, Map<number, RowToRemove>>();
  for (const item of remediations) {
    if (item.kind !== 'remove') continue;
    const repoPath = files.repoPaths.get(item.source.file);
    if (repoPath === undefined) throw new Error(`no CSV file ${item.source.file} among the apps' files`);
    const rows = byFile.get(repoPath) ?? new Map<number, RowToRemove>();
    rows.set(item.source.line, {
      line: item.source.line,
      email: item.email,
      app: item.app,
      entitlement: item.entitlement,
    });
    byFile.set(repoPath, rows);
  }
  return [...byFile].map(([repoPath, rows]) => ({
    path: repoPath,
    edit(content: Buffer): Buffer {
      if (!isUtf8(content)) {
        throw new UserError('REMEDIATE_FILE_CHANGED', `${repoPath} is not valid UTF-8 on the base branch`);
      }
      return Buffer.from(removeRows(content.toString('utf8'), repoPath, [...rows.values()]).text, 'utf8');
    },
  }));
}
