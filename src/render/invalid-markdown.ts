import { countBySeverity, type Diagnostic, sortDiagnostics } from '../model/diagnostic.js';
import { formatSource } from '../model/source.js';
import { plural } from './diagnostics.js';
import { codeSpan, escapeMarkdown } from './escape.js';

export interface InvalidMarkdownOptions {
  /** The commit the files were read at. */
  readonly headSha: string;
  /** Below GitHub's 65,536-character limit for a comment, with room for the sticky marker. */
  readonly maxChars?: number;
  /** Lines shown under the heading, before the errors: the guardrails the pull request changes. */
  readonly notice?: readonly string[];
}

/**
 * The PR comment when the access repository is invalid: how many errors, in which commit, that Okta was not
 * contacted, and each diagnostic as one line (`file:line:col`, code, message, hint), every word of it escaped. Lines
 * that do not fit `maxChars` are counted instead.
 */
export function renderInvalidMarkdown(
  diagnostics: readonly Diagnostic[],
  options: InvalidMarkdownOptions,
): string {
  const { errors } = countBySeverity(diagnostics);
  const head = [
    '### Okta access plan: the access repository is invalid',
    '',
    ...(options.notice ?? []),
    `${plural(errors, 'error')} in commit ${codeSpan(options.headSha.slice(0, 12))}; Okta was not contacted. ` +
      'Each is annotated on its file and line:',
    '',
  ].join('\n');
  // Errors first: they are why nothing was planned.
  const sorted = [
    ...sortDiagnostics(diagnostics.filter((d) => d.severity === 'error')),
    ...sortDiagnostics(diagnostics.filter((d) => d.severity !== 'error')),
  ];
  const lines: string[] = [];
  let budget = (options.maxChars ?? 60_000) - head.length - 100;
  for (const diagnostic of sorted) {
    const line = diagnosticLine(diagnostic);
    if (line.length + 1 > budget) break;
    budget -= line.length + 1;
    lines.push(line);
  }
  const hidden = sorted.length - lines.length;
  const more =
    hidden === 0 ? '' : `\n\n_… ${plural(hidden, 'more problem')} not shown (see the annotations)._`;
  return `${head}\n${lines.join('\n')}${more}\n`;
}

/** `- `apps/payroll.csv:4:3` `CSV_INVALID_EMAIL` not an email: "bob@" (hint: …)`, with "warning:" before a warning's. */
function diagnosticLine(d: Diagnostic): string {
  const hint = d.hint === undefined ? '' : ` (hint: ${escapeMarkdown(d.hint)})`;
  const severity = d.severity === 'error' ? '' : ' warning:';
  return `- ${codeSpan(formatSource(d))}${severity} ${codeSpan(d.code)} ${escapeMarkdown(d.message)}${hint}`;
}
