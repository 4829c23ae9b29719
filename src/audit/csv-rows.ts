import { type CsvRecord, parseCsvText } from '../load/csv-text.js';

/** One grant of a CSV version: a person, an app (by label) and an entitlement, at a line. */
export interface CsvRow {
  readonly app: string;
  readonly entitlement: string;
  /** As written in the file. */
  readonly email: string;
  /** The email lower-cased: emails compare without case. */
  readonly key: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly managerEmail: string;
  readonly line: number;
}

export type CsvRows =
  | { readonly ok: true; readonly rows: CsvRow[] }
  | { readonly ok: false; readonly reason: string };

interface Columns {
  readonly email: number;
  readonly appName: number;
  readonly groupName: number;
  readonly firstName: number | undefined;
  readonly lastName: number | undefined;
  readonly managerEmail: number | undefined;
}

/**
 * The rows of one CSV version. Rows the loader would reject for a missing email, app or entitlement are left out;
 * a file whose header lacks those columns, or that does not parse, is not ok. With `only` (a lower-cased email),
 * only that person's rows are returned, and only the lines that mention the email are parsed.
 */
export function csvRows(text: string, only?: string): CsvRows {
  if (only !== undefined && !hasMultilineQuotes(text)) return personRows(text, only);
  return parseRows(text, only, (line) => line);
}

function parseRows(text: string, only: string | undefined, lineOf: (recordLine: number) => number): CsvRows {
  let columns: Columns | undefined;
  let problem: string | undefined;
  const rows: CsvRow[] = [];
  const diagnostics = parseCsvText(text, 'csv', {
    header(record) {
      const found = headerColumns(record);
      if (typeof found === 'string') {
        problem = found;
        return false;
      }
      columns = found;
      return true;
    },
    row(record) {
      if (columns === undefined) return;
      const row = toRow(record, columns, lineOf(record.line));
      if (row !== undefined && (only === undefined || row.key === only)) rows.push(row);
    },
  });
  const first = diagnostics[0];
  if (first !== undefined) return { ok: false, reason: `${first.message} (line ${lineOf(first.line)})` };
  if (problem !== undefined) return { ok: false, reason: problem };
  return { ok: true, rows };
}

function headerColumns(record: CsvRecord): Columns | string {
  const names = record.cells.map((cell) => cell.trim());
  const index = (name: string): number | undefined => {
    const at = names.indexOf(name);
    return at === -1 ? undefined : at;
  };
  const email = index('email');
  const appName = index('appName');
  const groupName = index('groupName');
  if (email === undefined || appName === undefined || groupName === undefined) {
    const missing = [
      ['email', email],
      ['appName', appName],
      ['groupName', groupName],
    ]
      .filter(([, at]) => at === undefined)
      .map(([name]) => `"${name}"`);
    return `the header lacks ${missing.join(', ')}`;
  }
  return {
    email,
    appName,
    groupName,
    firstName: index('firstName'),
    lastName: index('lastName'),
    managerEmail: index('managerEmail'),
  };
}

function toRow(record: CsvRecord, columns: Columns, line: number): CsvRow | undefined {
  const cell = (at: number | undefined): string => (at === undefined ? '' : (record.cells[at] ?? '').trim());
  const email = cell(columns.email);
  const app = cell(columns.appName);
  const entitlement = cell(columns.groupName);
  if (email === '' || app === '' || entitlement === '') return undefined;
  return {
    app,
    entitlement,
    email,
    key: email.toLowerCase(),
    firstName: cell(columns.firstName),
    lastName: cell(columns.lastName),
    managerEmail: cell(columns.managerEmail),
    line,
  };
}

/**
 * One person's rows without parsing the whole file: the header and the lines that mention the email (without case)
 * are parsed, keeping their line numbers. Only valid when no quoted cell spans lines (then each line is one record).
 */
function personRows(text: string, only: string): CsvRows {
  const lines = candidateLines(text, only);
  if (lines.header === undefined) return { ok: false, reason: 'the CSV file is empty' };
  const reduced = [lines.header.text, ...lines.matches.map((match) => match.text)].join('\n');
  const numbers = [lines.header.line, ...lines.matches.map((match) => match.line)];
  // Records of the reduced text are its lines, in order: record k (1-based) is numbers[k - 1].
  return parseRows(reduced, only, (recordLine) => numbers[recordLine - 1] ?? recordLine);
}

interface Line {
  readonly text: string;
  readonly line: number;
}

function candidateLines(text: string, only: string): { header: Line | undefined; matches: Line[] } {
  let header: Line | undefined;
  let position = 0;
  let line = 1;
  while (position <= text.length) {
    const end = lineEnd(text, position);
    const content = text.slice(position, end).replace(/\r$/, '');
    if (content !== '') {
      header = { text: content, line };
      break;
    }
    position = end + 1;
    line++;
  }
  if (header === undefined) return { header, matches: [] };
  const matches: Line[] = [];
  const pattern = new RegExp(only.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  let counted = position;
  let countedLine = line;
  let lastStart = -1;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = text.lastIndexOf('\n', match.index) + 1;
    if (start === lastStart || start === position) continue;
    for (let at = text.indexOf('\n', counted); at !== -1 && at < start; at = text.indexOf('\n', at + 1)) {
      countedLine++;
      counted = at + 1;
    }
    const end = lineEnd(text, start);
    matches.push({ text: text.slice(start, end).replace(/\r$/, ''), line: countedLine });
    lastStart = start;
    pattern.lastIndex = end;
  }
  return { header, matches };
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/** Whether a quoted cell spans lines (or a quote is never closed): then lines are not records. */
function hasMultilineQuotes(text: string): boolean {
  for (let open = text.indexOf('"'); open !== -1; ) {
    const close = text.indexOf('"', open + 1);
    if (close === -1) return true;
    const newline = text.indexOf('\n', open + 1);
    if (newline !== -1 && newline < close) return true;
    open = text.indexOf('"', close + 1);
  }
  return false;
}
