/** Cells a spreadsheet would run as a formula: `=`, `+`, `-`, `@` (and tab or carriage return) at the start. */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): a leading formula character is neutralized with `'` (CSV injection), and a cell with a
 * comma, quote or line break is quoted.
 */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | boolean | null)[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}
