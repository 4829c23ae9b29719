import { printable } from '../render/escape.js';
import type { Applied, HistoryEntry, HistoryReport, WhoHasReport } from './model.js';
import { identity } from './render-csv.js';

/** Text for people. Values from the repository (names, subjects) are shown without control characters. */
export function renderWhoHasText(report: WhoHasReport): string {
  const what = report.entitlement === null ? report.app : `${report.app} ${report.entitlement}`;
  const lines = [
    `${clean(what)} at ${report.commit.sha.slice(0, 12)} (${report.commit.committedAt}) ${quote(report.commit.subject)}`,
  ];
  if (report.requested !== null) lines.push(`as of ${clean(report.requested)}${dayNote(report.requested)}`);
  const grants = report.members.length;
  lines.push(
    `${grants} grant${grants === 1 ? '' : 's'} to ${report.people} ${report.people === 1 ? 'person' : 'people'}`,
  );
  if (grants > 0) {
    lines.push('');
    const table = report.members.map((member) => [
      member.entitlement,
      member.email,
      `${member.firstName} ${member.lastName}`.trim(),
      member.managerEmail ?? '',
      `${member.file}:${member.line}`,
    ]);
    lines.push(...columns([['ENTITLEMENT', 'EMAIL', 'NAME', 'MANAGER', 'SOURCE'], ...table]));
  }
  return withWarnings(lines, report.warnings);
}

export function renderHistoryText(report: HistoryReport): string {
  const filter = [report.app, report.entitlement].filter((part) => part !== null).join(' ');
  const count = report.entries.length;
  const lines = [
    `${clean(report.user)}${filter === '' ? '' : ` · ${clean(filter)}`}: ${count} change${count === 1 ? '' : 's'} ` +
      `in ${report.commits} commit${report.commits === 1 ? '' : 's'} up to ${report.ref.sha.slice(0, 12)} (${report.ref.committedAt})`,
  ];
  for (const entry of report.entries) lines.push('', ...entryLines(entry));
  return withWarnings(lines, report.warnings);
}

function entryLines(entry: HistoryEntry): string[] {
  const sign = entry.action === 'grant' ? '+ granted' : '- removed';
  const lines = [
    `${entry.commit.committedAt}  ${sign}  ${clean(entry.app)} ${clean(entry.entitlement)}  ${clean(entry.email)}`,
    `  commit    ${entry.commit.sha.slice(0, 12)} ${quote(entry.commit.subject)}  ${clean(entry.file)}:${entry.line}`,
    `  author    ${clean(identity(entry.author))}, ${entry.author.authoredAt}`,
  ];
  if (entry.mergedBy !== null) lines.push(`  merged by ${clean(identity(entry.mergedBy))}`);
  const pull = entry.pullRequest;
  if (pull !== null) {
    const branch = pull.branch === null ? '' : ` from ${clean(pull.branch)}`;
    lines.push(`  pull      #${pull.number}${branch}${pull.source === 'github' ? ' (GitHub)' : ''}`);
  }
  const approvers = entry.approvers.map((person) => clean(identity(person))).join(', ');
  const source = entry.approvalSource === 'github' ? ' (GitHub reviews)' : ' (commit trailers)';
  lines.push(`  approved  ${approvers === '' ? 'no approval recorded' : `${approvers}${source}`}`);
  lines.push(`  applied   ${appliedText(entry.applied)}`);
  return lines;
}

function appliedText(applied: Applied): string {
  switch (applied.status) {
    case 'applied': {
      const run = applied.runUrl === null ? '' : ` · ${clean(applied.runUrl)}`;
      const failures = applied.ok ? '' : ' (that apply reported failures)';
      return `${clean(applied.appliedAt)} by the apply noted on ${applied.commit.slice(0, 12)}${run}${failures}`;
    }
    case 'superseded':
      return (
        `never by a recorded apply: changed again in ${applied.by.slice(0, 12)}, ` +
        `at or before the next one (noted on ${applied.nextApply.slice(0, 12)})`
      );
    case 'unknown': {
      const again =
        applied.changedAgainBy === null ? '' : `; changed again by ${applied.changedAgainBy.slice(0, 12)}`;
      return `unknown (${applied.reason})${again}`;
    }
  }
}

function withWarnings(lines: string[], warnings: readonly string[]): string {
  const all = [...lines];
  if (warnings.length > 0) all.push('', ...warnings.map((warning) => `warning: ${clean(warning)}`));
  return `${all.join('\n')}\n`;
}

function dayNote(requested: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(requested) ? ' (end of day, UTC)' : '';
}

function quote(subject: string): string {
  return `"${clean(subject)}"`;
}

/** Control characters from commit messages or CSV cells must not reach a terminal: shown as escapes. */
function clean(text: string): string {
  return printable(text);
}

function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries())
      widths[index] = Math.max(widths[index] ?? 0, clean(cell).length);
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? clean(cell) : clean(cell).padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
