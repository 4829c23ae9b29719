import { open, realpath } from 'node:fs/promises';
import { isInside } from './paths.js';

export type ReadResult =
  | { readonly ok: true; readonly bytes: Buffer }
  | {
      readonly ok: false;
      readonly reason: 'not-found' | 'too-large' | 'unreadable' | 'outside-repo';
      readonly detail: string;
    };

/**
 * Reads a whole file, refusing one larger than `maxBytes` before reading it and one whose real path
 * (after symbolic links) leaves `root`.
 */
export async function readInside(root: string, file: string, maxBytes: number): Promise<ReadResult> {
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    return errnoResult(error);
  }
  const realRoot = await realpath(root).catch(() => root);
  if (!isInside(realRoot, real)) {
    return { ok: false, reason: 'outside-repo', detail: `it resolves to ${real}` };
  }
  try {
    const handle = await open(real, 'r');
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return { ok: false, reason: 'unreadable', detail: 'it is not a regular file' };
      const size = stats.size;
      if (size > maxBytes) {
        return { ok: false, reason: 'too-large', detail: `${size} bytes, the limit is ${maxBytes}` };
      }
      return { ok: true, bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return errnoResult(error);
  }
}

function errnoResult(error: unknown): ReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return { ok: false, reason: 'not-found', detail: 'no such file' };
  if (code === 'EISDIR') return { ok: false, reason: 'unreadable', detail: 'it is a directory' };
  return { ok: false, reason: 'unreadable', detail: code ?? String(error) };
}
