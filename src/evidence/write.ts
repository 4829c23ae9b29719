import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../model/errors.js';
import type { PackFile } from './manifest.js';

/** Refuses an output folder that holds anything, or a path that is not a folder: a pack never overwrites. */
export async function requireEmptyOut(out: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(out)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!isDirectory) {
    throw new UserError('EVIDENCE_OUT_NOT_A_FOLDER', `--out ${out} is a file, not a folder`, {
      hint: 'name a new folder (or an empty one) for the pack',
    });
  }
  const entries = await readdir(out);
  if (entries.length > 0) {
    throw new UserError(
      'EVIDENCE_OUT_NOT_EMPTY',
      `--out ${out} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}): a pack is never written over anything`,
      { hint: 'name a new folder (or an empty one) for the pack' },
    );
  }
}

/** Writes the pack's files into `out` (created when missing), failing rather than replacing any file. */
export async function writePack(out: string, files: readonly PackFile[]): Promise<void> {
  await requireEmptyOut(out);
  await mkdir(out, { recursive: true });
  for (const file of files) {
    await writeFile(path.join(out, file.name), file.bytes, { flag: 'wx' });
  }
}
