import type { SourceRef } from '../model/source.js';
import { codeSpan, escapeMarkdown, printable } from '../render/escape.js';
import type { Remediation } from './match.js';

/** What the pull request, the commit and the terminal say about one campaign's REVOKE decisions. */
export interface Described {
  readonly campaign: { readonly id: string; readonly name: string };
  readonly remediations: readonly Remediation[];
  /** Where a row is, for people: the CSV path from the repository root and the line. */
  readonly where: (source: SourceRef) => string;
}

/** Bodies stay below GitHub's 65,536 characters with room for the closing lines. */
const bodyBudget = 60_000;

export function pullRequestTitle(campaignName: string): string {
  return `Remove access revoked in "${plain(campaignName)}"`;
}

/** The hidden marker naming the campaign, for tools looking for the pull request later. */
export function remediationMarker(campaignId: string): string {
  return `<!-- okta-access remediate: campaign ${campaignId} -->`;
}

type Removed = Extract<Remediation, { kind: 'remove' }>;
type Gone = Extract<Remediation, { kind: 'already-removed' }>;
type Unresolved = Extract<Remediation, { kind: 'unresolved' }>;

/** Removed rows in file and line order; the others as Okta listed them. */
function split(remediations: readonly Remediation[]) {
  return {
    removed: remediations
      .filter((item): item is Removed => item.kind === 'remove')
      .sort(
        (a, b) =>
          (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0) ||
          a.source.line - b.source.line,
      ),
    gone: remediations.filter((item): item is Gone => item.kind === 'already-removed'),
    unresolved: remediations.filter((item): item is Unresolved => item.kind === 'unresolved'),
  };
}

/** The pull request body: every decision with its user, entitlement, reviewer, time and note. */
export function pullRequestBody(described: Described): string {
  const { campaign, where } = described;
  const { removed, gone, unresolved } = split(described.remediations);
  const lines = [
    remediationMarker(campaign.id),
    `The access-certification campaign **${escapeMarkdown(campaign.name)}** (${codeSpan(campaign.id)}) is complete. Its reviewers ` +
      `revoked ${count(removed.length + gone.length + unresolved.length, 'entitlement')}; this pull request removes ` +
      `the ${count(new Set(removed.map((item) => where(item.source))).size, 'row')} that still grant them, so ` +
      'that the apply after the merge takes the access ' +
      'away in Okta.',
  ];
  let budget = bodyBudget - lines.join('\n').length;
  const section = (title: string, last: string, rows: readonly string[]) => {
    if (rows.length === 0) return;
    const head = ['', `### ${title} (${rows.length})`, '', tableHead(last)];
    budget -= head.join('\n').length;
    lines.push(...head);
    let shown = 0;
    for (const row of rows) {
      if (budget - row.length < 0) break;
      budget -= row.length + 1;
      lines.push(row);
      shown++;
    }
    if (shown < rows.length)
      lines.push('', `…and ${rows.length - shown} more: the commit message lists them all.`);
  };
  section(
    'Revoked: rows removed',
    'Row',
    removed.map((item) =>
      row(item, escapeMarkdown(`${item.app} ${item.entitlement}`), codeSpan(where(item.source))),
    ),
  );
  section(
    'Revoked: already removed',
    'Why',
    gone.map((item) => row(item, escapeMarkdown(entitlementOf(item)), escapeMarkdown(item.reason))),
  );
  section(
    'Revoked: not matched to a row',
    'Why',
    unresolved.map((item) => row(item, escapeMarkdown(item.review.resourceId), escapeMarkdown(item.reason))),
  );
  return `${lines.join('\n')}\n`;
}

/** The commit message: a subject, then every decision on a line. */
export function commitMessage(described: Described): string {
  const { campaign, where } = described;
  const { removed, gone } = split(described.remediations);
  const lines = [
    pullRequestTitle(campaign.name),
    '',
    `Campaign "${campaign.name}" (${campaign.id}) is complete; its reviewers revoked:`,
    ...removed.map(
      (item) => `- ${plainDecision(item, `${item.app} ${item.entitlement}`)} (${where(item.source)})`,
    ),
    ...gone.map((item) => `- ${plainDecision(item, entitlementOf(item))} (already removed)`),
  ];
  return `${lines.join('\n')}\n`;
}

/** One line per decision for the terminal. */
export function summaryLines(described: Described): string[] {
  const { where } = described;
  const { removed, gone, unresolved } = split(described.remediations);
  return [
    ...removed.map(
      (item) => `removed ${where(item.source)}: ${plainDecision(item, `${item.app} ${item.entitlement}`)}`,
    ),
    ...gone.map((item) => `already removed: ${plainDecision(item, entitlementOf(item))} (${item.reason})`),
    ...unresolved.map((item) => plain(`not matched: review ${item.review.id} (${item.reason})`)),
  ];
}

function plainDecision(item: Removed | Gone, entitlement: string): string {
  const { review } = item;
  const note = review.note === null ? '' : `: "${review.note}"`;
  return plain(
    `${item.email} ${entitlement}, revoked by ${reviewerOf(item)} at ${review.decided ?? 'an unknown time'}${note}`,
  );
}

/** Text from Okta on one line, its control and reordering characters shown (a note must not drive the terminal). */
function plain(text: string): string {
  return printable(text.replace(/[\s\p{Cc}]+/gu, ' ').trim());
}

function entitlementOf(item: Gone): string {
  return item.app === undefined || item.entitlement === undefined
    ? `group ${item.groupName}`
    : `${item.app} ${item.entitlement}`;
}

function reviewerOf(item: Remediation): string {
  return item.review.reviewerEmail ?? item.review.reviewerId ?? 'an unknown reviewer';
}

function tableHead(last: string): string {
  return `| User | Entitlement | Reviewer | Decided | Note | ${last} |\n| --- | --- | --- | --- | --- | --- |`;
}

function row(item: Remediation, entitlement: string, last: string): string {
  const { review } = item;
  const email = item.kind === 'unresolved' ? (review.principalEmail ?? review.principalId) : item.email;
  const user =
    review.principalName === null
      ? escapeMarkdown(email)
      : `${escapeMarkdown(review.principalName)} (${escapeMarkdown(email)})`;
  const cells = [
    user,
    entitlement,
    escapeMarkdown(reviewerOf(item)),
    review.decided === null ? '—' : escapeMarkdown(review.decided),
    review.note === null ? '—' : escapeMarkdown(review.note),
    last,
  ];
  return `| ${cells.join(' | ')} |`;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}
