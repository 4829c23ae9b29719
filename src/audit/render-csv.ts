import { csvLine } from './csv-cell.js';
import type { HistoryReport, WhoHasReport } from './model.js';
import type { Identity } from './port.js';

/** One row per member: what a reviewer filters and sorts in a spreadsheet. */
export function renderWhoHasCsv(report: WhoHasReport): string {
  const lines = [
    csvLine([
      'app',
      'entitlement',
      'email',
      'firstName',
      'lastName',
      'managerEmail',
      'file',
      'line',
      'commit',
      'committedAt',
    ]),
  ];
  for (const member of report.members) {
    lines.push(
      csvLine([
        report.app,
        member.entitlement,
        member.email,
        member.firstName,
        member.lastName,
        member.managerEmail,
        member.file,
        member.line,
        report.commit.sha,
        report.commit.committedAt,
      ]),
    );
  }
  return lines.join('');
}

/** One row per grant or removal, oldest first. */
export function renderHistoryCsv(report: HistoryReport): string {
  const lines = [
    csvLine([
      'date',
      'action',
      'app',
      'entitlement',
      'email',
      'commit',
      'subject',
      'author',
      'authoredAt',
      'mergedBy',
      'pullRequest',
      'approvers',
      'approvalSource',
      'applied',
      'appliedAt',
      'appliedCommit',
      'runUrl',
      'file',
      'line',
    ]),
  ];
  for (const entry of report.entries) {
    const applied = entry.applied;
    lines.push(
      csvLine([
        entry.commit.committedAt,
        entry.action,
        entry.app,
        entry.entitlement,
        entry.email,
        entry.commit.sha,
        entry.commit.subject,
        identity(entry.author),
        entry.author.authoredAt,
        entry.mergedBy === null ? null : identity(entry.mergedBy),
        entry.pullRequest?.number ?? null,
        entry.approvers.map(identity).join('; '),
        entry.approvalSource,
        applied.status === 'unknown' ? `unknown (${applied.reason})` : applied.status,
        applied.status === 'applied' ? applied.appliedAt : null,
        applied.status === 'applied'
          ? applied.commit
          : applied.status === 'superseded'
            ? applied.by
            : applied.changedAgainBy,
        applied.status === 'applied' ? applied.runUrl : null,
        entry.file,
        entry.line,
      ]),
    );
  }
  return lines.join('');
}

export function identity(person: Identity): string {
  if (person.email === '') return person.name;
  return person.name === '' ? person.email : `${person.name} <${person.email}>`;
}
