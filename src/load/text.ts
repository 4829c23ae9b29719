import { isUtf8 } from 'node:buffer';
import type { Diagnostic, DiagnosticCode, Position } from '../model/diagnostic.js';
import { diagnostic } from './diagnose.js';
import type { ReadResult } from './files.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes UTF-8 (a BOM is dropped); invalid bytes are reported at their line. */
export function decodeText(
  bytes: Buffer,
  file: string,
): { ok: true; text: string } | { ok: false; diagnostic: Diagnostic } {
  if (isUtf8(bytes)) return { ok: true, text: decoder.decode(bytes) };
  return {
    ok: false,
    diagnostic: diagnostic(
      'error',
      'FILE_ENCODING',
      file,
      firstInvalidLine(bytes),
      'the file is not valid UTF-8',
      'save it as UTF-8 (with or without BOM); spreadsheet programs offer "CSV UTF-8"',
    ),
  };
}

function firstInvalidLine(bytes: Buffer): Position {
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const slice = bytes.subarray(start, end);
    if (!isUtf8(slice)) {
      for (let cut = 1; cut <= slice.length; cut++) {
        if (!isUtf8(slice.subarray(0, cut)) && !isUtf8(slice.subarray(0, Math.min(cut + 3, slice.length)))) {
          return { line, col: slice.subarray(0, cut - 1).toString('utf8').length + 1 };
        }
      }
      return { line, col: 1 };
    }
    line++;
    start = end + 1;
  }
  return { line: 1, col: 1 };
}

/**
 * The diagnostic for a file that could not be read, reported where it is referenced (`where`): the root config
 * reports itself; an app file reports its missing CSV at its `csv` key.
 */
export function readFailure(
  result: Extract<ReadResult, { ok: false }>,
  where: { readonly file: string; readonly at: Position },
  what: string,
  target: string,
  hint?: string,
): Diagnostic {
  const report = (code: DiagnosticCode, message: string, help?: string) =>
    diagnostic('error', code, where.file, where.at, message, help);
  switch (result.reason) {
    case 'not-found':
      return report('FILE_NOT_FOUND', `${what} ${target} does not exist`, hint);
    case 'too-large':
      return report(
        'FILE_TOO_LARGE',
        `${what} ${target} is too large (${result.detail})`,
        hint ??
          "split it: an app file's csv takes a list of files; for CSV files the limit is limits.maxCsvBytes in okta-access.yaml, and no file is read past 512 MiB",
      );
    case 'not-regular':
      return report(
        'FILE_NOT_REGULAR',
        `${what} ${target} is not read (${result.detail})`,
        'inputs are regular files committed to the repository; a pipe or device could block or never end',
      );
    case 'outside-repo':
      return report(
        'PATH_OUTSIDE_REPO',
        `${what} ${target} is outside the repository (${result.detail})`,
        'every input must live under the directory of okta-access.yaml',
      );
    case 'unreadable':
      return report('FILE_UNREADABLE', `${what} ${target} cannot be read (${result.detail})`, hint);
  }
}
