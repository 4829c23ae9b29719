import { CsvError, parse } from 'csv-parse/sync';
import type { Diagnostic, Position } from '../model/diagnostic.js';
import { diagnostic, startOfFile } from './diagnose.js';

/** One CSV record with the means to point at any of its cells. */
export interface CsvRecord {
  readonly cells: readonly string[];
  /** 1-based line where the record starts. */
  readonly line: number;
  /** The position of cell `index` (or of the record's end when there is no such cell). */
  locate(index: number): Position;
}

export interface CsvVisitor {
  /** Receives the header; return false to stop reading (the header is unusable). */
  header(record: CsvRecord): boolean;
  row(record: CsvRecord): void;
}

/**
 * Parses CSV text (RFC 4180 quoting, any line ending; the BOM already removed) with csv-parse, record by record,
 * without holding the records: each goes to the visitor with its line. Ragged rows reach the visitor (it reports
 * them); malformed quoting stops the parse with a CSV_SYNTAX diagnostic.
 */
export function parseCsvText(text: string, file: string, visitor: CsvVisitor): Diagnostic[] {
  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  let seenHeader = false;
  let stopped = false;
  let lastLine = 0;
  try {
    parse(normalized, {
      raw: true,
      record_delimiter: '\n',
      relax_column_count: true,
      skip_empty_lines: true,
      // With `raw`, csv-parse hands on_record `{record, raw}`; its types only describe the plain record.
      on_record: (value: unknown, context: { lines: number }) => {
        if (stopped) return null;
        const { record, raw } = value as { record: string[]; raw: string };
        const csvRecord = makeRecord(record, raw, context.lines);
        lastLine = context.lines;
        if (!seenHeader) {
          seenHeader = true;
          stopped = !visitor.header(csvRecord);
        } else {
          visitor.row(csvRecord);
        }
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return [syntaxDiagnostic(error, normalized, file, lastLine)];
  }
  if (!seenHeader) {
    return [diagnostic('error', 'CSV_EMPTY', file, startOfFile, 'the CSV file is empty', emptyHint)];
  }
  return [];
}

/**
 * csv-parse reports an unclosed quote where the text ends; the quote opened on the first line after the last record
 * that parsed, which is where a person should look.
 */
function syntaxDiagnostic(error: CsvError, text: string, file: string, lastLine: number): Diagnostic {
  const details = error as CsvError & { lines?: number };
  let at: Position = { line: details.lines ?? 1, col: 1 };
  let hint =
    'cells follow RFC 4180: commas between cells, a cell with a quote inside is quoted and its quotes doubled';
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    at = unclosedQuote(text, lastLine);
    hint = 'this quoted cell is never closed: add the closing " (a quote inside a quoted cell is written "")';
  }
  const reason = error.message.replace(/ at line \d+.*$/s, '').replace(/, value is .*$/s, '');
  return diagnostic('error', 'CSV_SYNTAX', file, at, `CSV syntax: ${reason}`, hint);
}

function unclosedQuote(text: string, lastLine: number): Position {
  const lines = text.split('\n');
  for (let index = lastLine; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    const quote = line.indexOf('"');
    return { line: index + 1, col: quote === -1 ? 1 : quote + 1 };
  }
  return { line: lastLine + 1, col: 1 };
}

export const emptyHint =
  'an empty CSV would remove every member; to stop managing an app remove its app file, to keep it empty for now add rows first';

function makeRecord(cells: string[], raw: string, endLine: number): CsvRecord {
  let leading = 0;
  while (raw.charCodeAt(leading) === 10) leading++;
  const body = leading > 0 ? raw.slice(leading) : raw;
  let newlines = 0;
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) newlines++;
  if (body.endsWith('\n')) newlines--;
  const line = endLine - newlines;
  // Found in one walk on the first request: a header of many bad columns asks for every one of them.
  let starts: CellStarts | undefined;
  return {
    cells,
    line,
    locate: (index) => {
      starts ??= cellStarts(body, line);
      const at = Math.max(0, Math.min(index, starts.cols.length - 1));
      return { line: starts.lines[at] ?? line, col: starts.cols[at] ?? 1 };
    },
  };
}

/** Where each cell of a record starts, then where the record ends: lines and columns side by side (no object each). */
interface CellStarts {
  readonly lines: number[];
  readonly cols: number[];
}

/**
 * Walks the raw record once, following quotes and embedded newlines: the start of every cell, then the position
 * where the record ends (what `locate` answers for a cell the record does not have).
 */
function cellStarts(raw: string, startLine: number): CellStarts {
  const lines = [startLine];
  const cols = [1];
  let line = startLine;
  let col = 1;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (quoted) {
      if (char === '"') {
        if (raw[i + 1] === '"') {
          i++;
          col++;
        } else {
          quoted = false;
        }
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      lines.push(line);
      cols.push(col + 1);
    } else if (char === '\n') {
      break;
    }
    if (char === '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  lines.push(line);
  cols.push(col);
  return { lines, cols };
}
