import type { ApplyReport, ChangeOutcome, ChangeResult } from '../model/apply.js';
import { adoptionKinds, type ChangeKind, changeKinds } from '../model/change.js';
import { type AppSection, appSections, outcomeLine } from './apply-markdown-lines.js';
import { campaignResults, resultTree, userResults } from './apply-tree.js';
import {
  applyVerdict,
  count,
  describeOutcomeCounts,
  outcomes,
  requestsSentence,
  shortHash,
  verificationSentence,
} from './apply-words.js';
import { plural } from './diagnostics.js';
import { codeSpan, escapeHtml, escapeMarkdown } from './escape.js';
import { fitLists } from './fit-lists.js';
import { campaignItem, type SourceUrl } from './plan-markdown-changes.js';
import { isCampaignChange, launchedCampaigns } from './plan-tree.js';
import { kindLabel } from './plan-words.js';

export interface ApplyMarkdownOptions {
  /** Below GitHub's 65,536-character limit for a comment, with room for the sticky marker. */
  readonly maxChars?: number;
  /** A link to a file and line of the access repository (a blob URL at the plan's commit). */
  readonly sourceUrl?: SourceUrl;
}

export const defaultApplyMaxChars = 60_000;

export const moreResultsNote = 'more changes not shown (the JSON report lists every one)';

/** The lists of the comment, in the order they are cut when it is too long: least important first. */
const cutOrder = ['notApplied', 'additions', 'campaigns', 'destructive', 'failures'] as const;

type List = (typeof cutOrder)[number];

type Keep = Readonly<Record<List, number>>;

interface Parts {
  readonly report: ApplyReport;
  /** The applied user changes (sourcing, deactivation), one line each. */
  readonly users: readonly string[];
  readonly failures: readonly string[];
  readonly destructive: readonly AppSection[];
  readonly additions: readonly AppSection[];
  /** Each applied campaign change as a list item and its nested items (the create body, the changed fields). */
  readonly campaigns: readonly (readonly string[])[];
  readonly destructiveCampaigns: number;
  readonly notApplied: readonly string[];
}

/**
 * The apply report as a GitHub PR comment: a title with the outcome counts, a table per kind, every failure (with
 * Okta's error code and id), the destructive changes applied, the additions folded per app and group, the campaign
 * changes applied, and what was unchanged or skipped. Longer than `maxChars`, lists are cut (unchanged first, failures last) and a last line
 * counts exactly the changes not shown; the title and table always stay.
 */
export function renderApplyMarkdown(
  report: ApplyReport,
  options: ApplyMarkdownOptions = { maxChars: defaultApplyMaxChars },
): string {
  const tree = resultTree(report.results);
  const campaigns = campaignResults(report.results);
  const users = userResults(report.results);
  const ordered = [
    ...users,
    ...tree.flatMap((app) => [...app.results, ...app.groups.flatMap((group) => group.results)]),
    ...campaigns,
  ];
  const applied = (destructive: boolean) => (result: ChangeResult) =>
    result.outcome === 'applied' && result.change.destructive === destructive;
  const launched = launchedCampaigns(campaigns.map((result) => result.change));
  const appliedCampaigns = campaigns.filter((result) => result.outcome === 'applied');
  const parts: Parts = {
    report,
    users: users
      .filter((result) => result.outcome === 'applied')
      .map((result) => outcomeLine(result, options.sourceUrl)),
    failures: ordered
      .filter((result) => result.outcome === 'failed')
      .map((result) => outcomeLine(result, options.sourceUrl)),
    destructive: appSections(tree, applied(true), options.sourceUrl),
    additions: appSections(tree, applied(false), options.sourceUrl),
    campaigns: appliedCampaigns.flatMap(({ change }) =>
      isCampaignChange(change) ? [campaignItem(change, launched, options.sourceUrl)] : [],
    ),
    destructiveCampaigns: appliedCampaigns.filter((result) => result.change.destructive).length,
    notApplied: ordered
      .filter((result) => result.outcome === 'unchanged' || result.outcome === 'skipped')
      .map((result) => outcomeLine(result, options.sourceUrl)),
  };
  const totals: Keep = {
    failures: parts.failures.length,
    destructive: countLines(parts.destructive),
    additions: countLines(parts.additions),
    campaigns: parts.campaigns.length,
    notApplied: parts.notApplied.length,
  };
  return fitLists(
    (keep) => render(parts, keep, totals),
    totals,
    cutOrder,
    options.maxChars ?? defaultApplyMaxChars,
  );
}

function render(parts: Parts, keep: Keep, totals: Keep): string {
  const { report } = parts;
  const out = [...title(report)];
  if (totals.failures > 0) {
    out.push(`#### Failures (${count(totals.failures)})`, '', ...parts.failures.slice(0, keep.failures), '');
  }
  // At most two lines (one per user change kind): never cut.
  if (parts.users.length > 0) out.push(`#### Users applied`, '', ...parts.users, '');
  if (totals.destructive > 0) {
    out.push(`#### Destructive changes applied (${count(totals.destructive)})`, '');
    out.push(...sections(parts.destructive, keep.destructive, false));
  }
  if (totals.additions > 0) {
    out.push(`#### Additions and updates applied (${count(totals.additions)})`, '');
    out.push(...sections(parts.additions, keep.additions, true));
  }
  if (totals.campaigns > 0) {
    const destructive =
      parts.destructiveCampaigns > 0 ? `, ${count(parts.destructiveCampaigns)} destructive` : '';
    out.push(`#### Campaigns applied (${plural(totals.campaigns, 'change')}${destructive})`, '');
    const shown = parts.campaigns.slice(0, keep.campaigns);
    if (shown.length > 0) out.push(...shown.flat(), '');
  }
  if (totals.notApplied > 0 && keep.notApplied > 0) {
    const { unchanged, skipped } = report.counts;
    const summary = `${count(unchanged)} unchanged, ${count(skipped)} skipped${ofShown(keep.notApplied, totals.notApplied)}`;
    out.push(`#### Unchanged and skipped (${count(totals.notApplied)})`, '');
    out.push(`<details><summary>${summary}</summary>`, '', ...parts.notApplied.slice(0, keep.notApplied));
    out.push('', '</details>', '');
  } else if (totals.notApplied > 0) {
    out.push(`#### Unchanged and skipped (${count(totals.notApplied)})`, '');
  }
  const hidden = sum(totals) - sum(keep);
  if (hidden > 0) out.push(`… ${count(hidden)} ${moreResultsNote}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

function title(report: ApplyReport): string[] {
  const commit = report.commit === null ? 'none' : codeSpan(report.commit);
  const context = [
    `Org ${codeSpan(report.org)}`,
    `config ${codeSpan(report.config)}`,
    `commit ${commit}`,
    `plan ${codeSpan(shortHash(report.planHash))}`,
  ].join(' · ');
  const out = [
    `### Okta access ${applyVerdict(report).toLowerCase()}: ${describeOutcomeCounts(report.counts)}`,
    '',
    context,
    '',
  ];
  if (!report.ok) {
    out.push(
      '> [!CAUTION]',
      `> **${plural(report.counts.failed, 'change')} failed**; listed first below.`,
      '',
    );
  }
  out.push(`Before apply: ${escapeMarkdown(report.staleness.message)}.`, '');
  out.push(...table(report), '');
  out.push(`Verification: ${verificationSentence(report.verification)}.`, '');
  out.push(`Okta: ${requestsSentence(report)}.`, '');
  return out;
}

function table(report: ApplyReport): string[] {
  const byKind = new Map<ChangeKind, Record<ChangeOutcome, number>>();
  for (const kind of changeKinds) byKind.set(kind, { applied: 0, unchanged: 0, skipped: 0, failed: 0 });
  for (const result of report.results) {
    const row = byKind.get(result.change.kind);
    if (row !== undefined) row[result.outcome]++;
  }
  const cells = (counts: Readonly<Record<ChangeOutcome, number>>) =>
    outcomes.map((outcome) => count(counts[outcome])).join(' | ');
  return [
    '| Change | Kind | Applied | Unchanged | Skipped | Failed |',
    '| :-- | :-- | --: | --: | --: | --: |',
    ...changeKinds.flatMap((kind) => {
      const row = byKind.get(kind) ?? { applied: 0, unchanged: 0, skipped: 0, failed: 0 };
      // Adoptions and user sourcing are opt-in: their rows show only when the report has such changes.
      const optional = adoptionKinds.includes(kind) || kind.startsWith('user.');
      if (optional && outcomes.every((outcome) => row[outcome] === 0)) return [];
      return [`| ${kindLabel(kind)} | \`${kind}\` | ${cells(row)} |`];
    }),
    `| **Total** | | ${cells(report.counts)} |`,
  ];
}

/**
 * The first `keep` lines of the sections, under app headings; each group under a bold line (destructive changes,
 * always open) or folded in `<details>` (additions).
 */
function sections(apps: readonly AppSection[], keep: number, fold: boolean): string[] {
  const out: string[] = [];
  let left = keep;
  for (const app of apps) {
    if (left <= 0) break;
    const section: string[] = [];
    for (const block of app.blocks) {
      if (left <= 0) break;
      const shown = block.lines.slice(0, left);
      left -= shown.length;
      if (block.group === null) {
        section.push(...shown, '');
      } else if (fold) {
        const summary = `${escapeHtml(block.group)}: ${block.phrase}${ofShown(shown.length, block.lines.length)}`;
        section.push(`<details><summary>${summary}</summary>`, '', ...shown, '', '</details>', '');
      } else {
        const heading = `**${escapeMarkdown(block.group)}** — ${block.phrase}`;
        section.push(`${heading}${ofShown(shown.length, block.lines.length)}`, '', ...shown, '');
      }
    }
    out.push(`##### ${escapeMarkdown(app.app)}`, '', ...section);
  }
  return out;
}

function ofShown(shown: number, all: number): string {
  return shown === all ? '' : ` (${count(shown)} of ${count(all)} shown)`;
}

function countLines(apps: readonly AppSection[]): number {
  let lines = 0;
  for (const app of apps) for (const block of app.blocks) lines += block.lines.length;
  return lines;
}

function sum(keep: Keep): number {
  return keep.failures + keep.destructive + keep.additions + keep.campaigns + keep.notApplied;
}
