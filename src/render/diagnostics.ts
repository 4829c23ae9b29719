import { countBySeverity, type Diagnostic } from '../model/diagnostic.js';
import { printable } from './escape.js';

export interface Styles {
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly green: (text: string) => string;
}

export const plainStyles: Styles = {
  red: (text) => text,
  yellow: (text) => text,
  dim: (text) => text,
  bold: (text) => text,
  green: (text) => text,
};

/** `file:line:col severity CODE message`, with the hint indented below; control characters shown, never sent. */
export function renderDiagnosticsText(
  diagnostics: readonly Diagnostic[],
  styles: Styles = plainStyles,
): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    const severity = d.severity === 'error' ? styles.red('error') : styles.yellow('warning');
    lines.push(
      `${styles.bold(printable(`${d.file}:${d.line}:${d.col}`))} ${severity} ${styles.dim(d.code)} ${printable(d.message)}`,
    );
    if (d.hint !== undefined) lines.push(`  ${styles.dim(printable(`hint: ${d.hint}`))}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** "2 errors, 1 warning" */
export function describeCounts(diagnostics: readonly Diagnostic[]): string {
  const { errors, warnings } = countBySeverity(diagnostics);
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`. Properties and messages are
 * escaped as the runner expects (%, CR, LF; and `:` `,` in properties).
 */
export function renderDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.map((d) => {
    const properties = [
      `file=${escapeProperty(d.file)}`,
      `line=${d.line}`,
      `col=${d.col}`,
      `title=${escapeProperty(d.code)}`,
    ].join(',');
    const message = d.hint === undefined ? d.message : `${d.message}\n${d.hint}`;
    return `::${d.severity} ${properties}::${escapeData(message)}`;
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
