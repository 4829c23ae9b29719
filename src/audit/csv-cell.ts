import { printable } from '../render/escape.js';

/** Cells a spreadsheet would run as a formula: `=`, `+`, `-`, `@` (and tab or carriage return) at the start. */
const formulaStart = /^[=+\-@\t\r]/;

/** The line breaks and tabs a CSV cell holds as they are (quoted); every other control character is shown. */
const kept = /(\r\n|\r|\n|\t)/;

/**
 * One CSV cell (RFC 4180): a leading formula character is neutralized with `'` (CSV injection), control and
 * reordering characters other than tab and line breaks are shown as escapes (`\u001b`: a commit subject must not
 * drive the terminal the CSV is printed on), and a cell with a comma, quote or line break is quoted.
 */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  text = text
    .split(kept)
    .map((part) => (kept.test(part) ? part : printable(part)))
    .join('');
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | boolean | null)[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}
