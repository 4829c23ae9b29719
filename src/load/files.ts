import { constants as bufferConstants } from 'node:buffer';
import { constants as fsConstants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { isInside } from './paths.js';

export type ReadResult =
  | { readonly ok: true; readonly bytes: Buffer }
  | {
      readonly ok: false;
      readonly reason: 'not-found' | 'too-large' | 'unreadable' | 'not-regular' | 'outside-repo';
      readonly detail: string;
    };

/**
 * The largest file read into one text: the longest string Node can create, in UTF-16 units (2^29 − 24 on 64-bit
 * Node 20, just under 512 MiB). UTF-8 never needs fewer bytes than UTF-16 units, so a file of at most this many
 * bytes always decodes; a larger one would end in "Cannot create a string longer than …".
 */
export const maxDecodableBytes = bufferConstants.MAX_STRING_LENGTH;

/**
 * Reads a whole file, refusing one larger than `maxBytes` (or than `maxDecodableBytes`) before reading it, one whose
 * real path (after symbolic links) leaves `root`, and anything but a regular file. A FIFO, socket or device is
 * refused from its `stat`, before it is opened, and opened without blocking in case it was swapped in since: a FIFO
 * with no writer must not hang the run.
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
    const before = await stat(real);
    if (!before.isFile()) return notRegular(before);
    const handle = await open(real, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOFOLLOW);
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return notRegular(stats);
      const size = stats.size;
      if (size > maxBytes) {
        return { ok: false, reason: 'too-large', detail: `${size} bytes, the limit is ${maxBytes}` };
      }
      if (size > maxDecodableBytes) {
        return {
          ok: false,
          reason: 'too-large',
          detail: `${size} bytes; one file can hold at most ${maxDecodableBytes} bytes (512 MiB), whatever the limit`,
        };
      }
      return { ok: true, bytes: await handle.readFile() };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return errnoResult(error);
  }
}

function notRegular(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): ReadResult {
  if (stats.isDirectory()) return { ok: false, reason: 'unreadable', detail: 'it is a directory' };
  const kind = stats.isFIFO() ? 'a named pipe (FIFO)' : stats.isSocket() ? 'a socket' : 'a device';
  return { ok: false, reason: 'not-regular', detail: `it is ${kind}, not a regular file` };
}

function errnoResult(error: unknown): ReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return { ok: false, reason: 'not-found', detail: 'no such file' };
  if (code === 'EISDIR') return { ok: false, reason: 'unreadable', detail: 'it is a directory' };
  return { ok: false, reason: 'unreadable', detail: code ?? String(error) };
}
