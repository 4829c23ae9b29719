import { type CsvRecord, parseCsvText } from '../load/csv-text.js';
import { UserError } from '../model/errors.js';

/** A CSV row to take out: the line its record starts on (as the loader recorded it) and what it must grant. */
export interface RowToRemove {
  readonly line: number;
  /** Compared without case. */
  readonly email: string;
  /** The app label (`appName`). */
  readonly app: string;
  /** The entitlement (`groupName`). */
  readonly entitlement: string;
}

/** The physical lines one record spanned (1-based, inclusive): more than one when a quoted cell holds newlines. */
export interface LineSpan {
  readonly line: number;
  readonly endLine: number;
}

export interface RowRemoval {
  /** The file without the records: every other byte (BOM, line endings, quoting) as it was. */
  readonly text: string;
  /** The spans removed, by line. */
  readonly spans: readonly LineSpan[];
}

const bom = '\uFEFF';

/**
 * Removes whole records from CSV text, byte for byte: each record's line span goes with its own line ending, and
 * nothing else changes. Every row is checked first: the record starting on its line must grant its email, app and
 * entitlement, else the text is not the one the lines were taken from and nothing is removed (UserError).
 */
export function removeRows(content: string, file: string, rows: readonly RowToRemove[]): RowRemoval {
  const wanted = new Map(rows.map((row) => [row.line, row]));
  const spans: LineSpan[] = [];
  const problems: string[] = [];
  let columns: Columns | undefined;
  const text = content.startsWith(bom) ? content.slice(bom.length) : content;
  const syntax = parseCsvText(text, file, {
    header(record) {
      columns = columnsOf(record);
      return columns !== undefined;
    },
    row(record) {
      const row = wanted.get(record.line);
      if (row === undefined || columns === undefined) return;
      wanted.delete(record.line);
      const problem = mismatch(record, columns, row);
      if (problem !== undefined) problems.push(`${file}:${record.line}: ${problem}`);
      else spans.push({ line: record.line, endLine: record.locate(record.cells.length).line });
    },
  });
  if (syntax.length > 0 || columns === undefined) {
    problems.push(`${file}: the CSV can no longer be read as it was`);
  }
  for (const row of wanted.values()) problems.push(`${file}:${row.line}: no record starts on this line`);
  if (problems.length > 0) {
    throw new UserError(
      'REMEDIATE_FILE_CHANGED',
      `${file} does not hold the rows the repository was loaded with: ${problems.join('; ')}`,
      {
        hint: 'remediate edits the files as the base branch holds them: run it on an up-to-date checkout of it',
      },
    );
  }
  spans.sort((a, b) => a.line - b.line);
  return { text: dropLines(content, spans), spans };
}

interface Columns {
  readonly email: number;
  readonly app: number;
  readonly entitlement: number;
}

function columnsOf(header: CsvRecord): Columns | undefined {
  const names = header.cells.map((cell) => cell.trim());
  const email = names.indexOf('email');
  const app = names.indexOf('appName');
  const entitlement = names.indexOf('groupName');
  if (email === -1 || app === -1 || entitlement === -1) return undefined;
  return { email, app, entitlement };
}

function mismatch(record: CsvRecord, columns: Columns, row: RowToRemove): string | undefined {
  const cell = (index: number) => (record.cells[index] ?? '').trim();
  const email = cell(columns.email);
  if (email.toLowerCase() !== row.email.toLowerCase()) return `expected ${row.email}, found ${email}`;
  const granted = `${cell(columns.app)} ${cell(columns.entitlement)}`;
  if (cell(columns.app) !== row.app || cell(columns.entitlement) !== row.entitlement) {
    return `expected ${row.app} ${row.entitlement}, found ${granted}`;
  }
  return undefined;
}

/**
 * The text without the given line spans (sorted, not overlapping). Lines end with CRLF, LF or a lone CR, as the CSV
 * reader counts them; a removed line takes its own ending along, so the lines around it keep theirs.
 */
export function dropLines(content: string, spans: readonly LineSpan[]): string {
  const pieces: string[] = [];
  let keepFrom = 0;
  let next = 0;
  let line = 1;
  let lineStart = 0;
  const breaks = /\r\n|\r|\n/g;
  while (next < spans.length && lineStart <= content.length) {
    const found = breaks.exec(content);
    const lineEnd = found === null ? content.length : found.index + found[0].length;
    const span = spans[next];
    if (span !== undefined && line === span.line) pieces.push(content.slice(keepFrom, lineStart));
    if (span !== undefined && line === span.endLine) {
      keepFrom = lineEnd;
      next++;
    }
    if (found === null) break;
    lineStart = lineEnd;
    line++;
  }
  pieces.push(content.slice(keepFrom));
  return pieces.join('');
}
