import type { FileChange, HistoryCommit, Trailer } from '../audit/port.js';

/**
 * The `git log` arguments and the parser of their output, for the audit's one walk of the first-parent line: commit
 * fields separated by US (0x1f), each commit opened by RS (0x1e), then the `--raw -z` file list (NUL-separated).
 */
const fields = ['%H', '%P', '%an', '%ae', '%at', '%ct', '%s', '%(trailers:only,unfold)', '%N'];
export const logFormat = `%x1e${fields.join('%x1f')}%x1f`;

export function firstParentLogArguments(commit: string, notesRef: string): string[] {
  return [
    'log',
    '--first-parent',
    '--reverse',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--diff-merges=first-parent',
    '--root',
    '--no-color',
    '--encoding=UTF-8',
    '--no-notes',
    `--notes=refs/notes/${notesRef}`,
    `--format=${logFormat}`,
    commit,
    '--',
  ];
}

/** Parses the output of `firstParentLogArguments`. */
export function parseFirstParentLog(output: string): HistoryCommit[] {
  const commits: HistoryCommit[] = [];
  for (const record of output.split('\x1e')) {
    if (record === '') continue;
    const parts = record.split('\x1f');
    if (parts.length < fields.length + 1)
      throw new Error(`unexpected git log record: ${record.slice(0, 80)}`);
    const [sha, parents, name, email, authored, committed, subject, trailers, note] = parts;
    const raw = parts.slice(fields.length).join('\x1f');
    commits.push({
      sha: sha ?? '',
      parents: (parents ?? '').split(' ').filter((parent) => parent !== ''),
      author: { name: name ?? '', email: email ?? '' },
      authoredAt: isoFromSeconds(authored ?? '0'),
      committedAt: isoFromSeconds(committed ?? '0'),
      subject: subject ?? '',
      trailers: parseTrailers(trailers ?? ''),
      note: note === undefined || note.trim() === '' ? null : note,
      changes: parseRawChanges(raw),
    });
  }
  return commits;
}

/** `git log --raw -z`: `:srcmode dstmode srcoid dstoid status\0path\0` (two paths for R and C). */
export function parseRawChanges(raw: string): FileChange[] {
  const tokens = raw.split('\0');
  const changes: FileChange[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = (tokens[index] ?? '').replace(/^\n+/, '');
    if (!token.startsWith(':')) continue;
    const meta = token.slice(1).split(' ');
    const dstOid = meta[3] ?? '';
    const status = (meta[4] ?? '').slice(0, 1);
    const oid = status === 'D' || /^0+$/.test(dstOid) ? null : dstOid;
    if (status === 'R' || status === 'C') {
      const from = tokens[index + 1] ?? '';
      const to = tokens[index + 2] ?? '';
      index += 2;
      changes.push({ status, path: to, oid, from });
    } else {
      changes.push({ status, path: tokens[index + 1] ?? '', oid });
      index += 1;
    }
  }
  return changes;
}

export function parseTrailers(text: string): Trailer[] {
  const trailers: Trailer[] = [];
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) {
      trailers.push({ key: match[1], value: match[2].trim() });
    }
  }
  return trailers;
}

export function isoFromSeconds(seconds: string): string {
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}
