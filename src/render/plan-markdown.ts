import { adoptionKinds, type Change, changeKinds } from '../model/change.js';
import { type Diagnostic, sortDiagnostics } from '../model/diagnostic.js';
import type { GuardrailValue, PlanGuardrails } from '../model/guardrails.js';
import type { Plan } from '../model/plan.js';
import { describeCampaignStatus } from './campaign-words.js';
import { peopleCount, userChangeLabel } from './change-label.js';
import { plural } from './diagnostics.js';
import { codeSpan, escapeHtml, escapeMarkdown } from './escape.js';
import { guardrailLead, guardrailValueParts } from './guardrail-words.js';
import { fitToBudget, type Keep, type Quota, quotas, type Tier } from './plan-budget.js';
import {
  type AppBlocks,
  type ChangeBlock,
  campaignItem,
  changeBlocks,
  quote,
  type SourceUrl,
  sourceLink,
} from './plan-markdown-changes.js';
import { campaignChanges, compareText, launchedCampaigns, planTree, userChanges } from './plan-tree.js';
import { cannotApplyHeading, describePlanCounts, kindLabel, noChangesFor } from './plan-words.js';
import { scopeLine } from './scope-line.js';
import { personLines } from './user-words.js';

export interface MarkdownOptions {
  /** Below GitHub's 65,536-character limit for a comment, with room for the sticky marker. */
  readonly maxChars?: number;
  /** A link to a file and line of the access repository (a blob URL at the plan's commit). */
  readonly sourceUrl?: SourceUrl;
}

export const defaultMaxChars = 60_000;

export const moreChangesNote = 'more changes not shown (the full plan is in the job summary / plan.json)';

/**
 * The plan as a GitHub PR comment: title and counts, blockers and errors, every destructive change, additions folded
 * per app and group, the campaigns (their changes, and a table of those left alone), unmanaged groups, warnings.
 * Longer than `maxChars`, lists are cut (additions first, then destructive changes) and a last line counts the
 * changes not shown; the counts table always stays.
 */
export function renderPlanMarkdown(
  plan: Plan,
  options: MarkdownOptions = { maxChars: defaultMaxChars },
): string {
  const tree = planTree(plan.changes, plan.unmanaged);
  const campaigns = campaignChanges(plan.changes);
  const launched = launchedCampaigns(campaigns);
  const parts: Parts = {
    plan,
    sourceUrl: options.sourceUrl,
    destructive: changeBlocks(tree, destructiveTier, options.sourceUrl),
    additions: changeBlocks(tree, (change) => (change.destructive ? null : 'additions'), options.sourceUrl),
    unmanaged: tree.flatMap((app) =>
      app.groups.flatMap((group) =>
        group.unmanaged === null
          ? []
          : [
              `- ${escapeMarkdown(app.app)} / ${escapeMarkdown(group.group)} — ${escapeMarkdown(group.unmanaged)}`,
            ],
      ),
    ),
    campaigns: campaigns.map((change) => campaignItem(change, launched, options.sourceUrl)),
    destructiveCampaigns: campaigns.filter((change) => change.destructive).length,
    statuses: [...plan.campaigns]
      .sort((a, b) => compareText(a.campaign, b.campaign))
      .map((note) => {
        const why = note.note === undefined ? '' : ` ${escapeMarkdown(note.note)}`;
        return `| ${escapeMarkdown(note.campaign)} | ${describeCampaignStatus(note)} |${why} |`;
      }),
    errors: sortDiagnostics(plan.diagnostics.filter((d) => d.severity === 'error')),
    warnings: sortDiagnostics(plan.diagnostics.filter((d) => d.severity === 'warning')),
  };
  const totals: Keep = {
    additions: countLines(parts.additions, 'additions'),
    removals: countLines(parts.destructive, 'removals'),
    deletions: countLines(parts.destructive, 'deletions'),
    unmanaged: parts.unmanaged.length,
    campaigns: parts.campaigns.length,
    statuses: parts.statuses.length,
    errors: parts.errors.length,
    warnings: parts.warnings.length,
    blockers: plan.applicable ? 0 : plan.blockers.length,
  };
  return fitToBudget((keep) => render(parts, keep, totals), totals, options.maxChars ?? defaultMaxChars);
}

interface Parts {
  readonly plan: Plan;
  readonly sourceUrl: SourceUrl | undefined;
  readonly destructive: readonly AppBlocks[];
  readonly additions: readonly AppBlocks[];
  readonly unmanaged: readonly string[];
  /** Each campaign change as a list item and its nested items. */
  readonly campaigns: readonly (readonly string[])[];
  readonly destructiveCampaigns: number;
  /** The rows of the table of managed campaigns the plan does not change. */
  readonly statuses: readonly string[];
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

/** Membership removals are cut before the removal of whole entitlements (unassignments, group deletions). */
function destructiveTier(change: Change): Tier | null {
  if (!change.destructive) return null;
  return change.kind === 'membership.remove' ? 'removals' : 'deletions';
}

function render(parts: Parts, keep: Keep, totals: Keep): string {
  const { plan } = parts;
  const lines = quotas(keep);
  const destructiveTotal = totals.removals + totals.deletions;
  const hiddenDestructive = destructiveTotal - keep.removals - keep.deletions;
  const out: string[] = [...title(plan)];
  if (!plan.applicable) {
    out.push('> [!CAUTION]', `> **${cannotApplyHeading}**`);
    const shown = plan.blockers.slice(0, keep.blockers);
    out.push(...shown.map((blocker) => `> - ${escapeMarkdown(blocker)}`));
    out.push(...moreNote(totals.blockers - shown.length, 'blocker').map((note) => `> ${note}`), '');
  }
  out.push(...diagnostics('Errors', parts.errors, keep.errors, parts.sourceUrl));
  out.push(...userSection(plan));
  if (destructiveTotal > 0) {
    out.push(`#### Destructive changes (${count(destructiveTotal)})`, '');
    out.push(...destructive(parts.destructive, lines));
    out.push(...paragraph(moreNote(hiddenDestructive, 'destructive change')));
  }
  if (totals.additions > 0) {
    out.push(`#### Additions and updates (${count(totals.additions)})`, '');
    out.push(...folded(parts.additions, lines));
  }
  out.push(...campaignSection(parts, keep, totals));
  if (totals.unmanaged > 0) {
    out.push(`#### Unmanaged groups, left alone (${count(totals.unmanaged)})`, '');
    out.push(...parts.unmanaged.slice(0, keep.unmanaged), '');
    out.push(...paragraph(moreNote(totals.unmanaged - keep.unmanaged, 'unmanaged group')));
  }
  out.push(...diagnostics('Warnings', parts.warnings, keep.warnings, parts.sourceUrl));
  const hidden = hiddenDestructive + totals.additions - keep.additions + totals.campaigns - keep.campaigns;
  if (hidden > 0) out.push(`… ${count(hidden)} ${moreChangesNote}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** People listed per user change in the comment: bounded, so a 10,000-person import stays a short comment. */
const peopleInComment = 50;

/**
 * `#### Users`: each user change (sourcing, deactivation) as one line with its count of people, and the people below
 * it — deactivations in the open (destructive changes are always visible), sourcing folded.
 */
function userSection(plan: Plan): string[] {
  const changes = userChanges(plan.changes);
  if (changes.length === 0) return [];
  const people = changes.reduce((sum, change) => sum + change.people.length, 0);
  const out = [`#### Users (${count(people)})`, ''];
  for (const change of changes) {
    const line = `${escapeMarkdown(userChangeLabel(change))} — ${escapeMarkdown(change.reason)}`;
    out.push(change.destructive ? `- **destructive:** ${line}` : `- ${line}`);
    const items = personLines(change, peopleInComment).map((line) => `  - ${escapeMarkdown(line)}`);
    if (change.destructive) out.push(...items, '');
    else {
      const summary = `the ${peopleCount(change.people.length)}`;
      out.push('', `  <details><summary>${summary}</summary>`, '', ...items, '', '  </details>', '');
    }
  }
  return out;
}

/**
 * `#### Campaigns`: every campaign change (with its details as nested items), then a table of the managed campaigns
 * the plan does not change: their status, review progress, and why a changed one is left alone.
 */
function campaignSection(parts: Parts, keep: Keep, totals: Keep): string[] {
  if (totals.campaigns === 0 && totals.statuses === 0) return [];
  const counts =
    totals.campaigns === 0
      ? ''
      : ` (${plural(totals.campaigns, 'change')}${parts.destructiveCampaigns > 0 ? `, ${count(parts.destructiveCampaigns)} destructive` : ''})`;
  const out = [`#### Campaigns${counts}`, ''];
  const shown = parts.campaigns.slice(0, keep.campaigns);
  if (shown.length > 0) out.push(...shown.flat(), '');
  out.push(...paragraph(moreNote(totals.campaigns - shown.length, 'campaign change')));
  if (totals.statuses > 0) {
    const rows = parts.statuses.slice(0, keep.statuses);
    if (rows.length > 0) {
      out.push('Managed campaigns this plan does not change:', '');
      out.push('| Campaign | Status | Note |', '| :-- | :-- | :-- |', ...rows, '');
    }
    out.push(...paragraph(moreNote(totals.statuses - rows.length, 'unchanged campaign')));
  }
  return out;
}

function title(plan: Plan): string[] {
  const commit = plan.commit === null ? 'none' : codeSpan(plan.commit);
  const scoped = scopeLine(plan);
  const context =
    `Org ${codeSpan(plan.org)} · config ${codeSpan(plan.config)} · commit ${commit}` +
    (scoped === undefined ? '' : `\n\n${escapeMarkdown(scoped)}`);
  if (plan.summary.total === 0) {
    return [
      '### Okta access plan: no changes',
      '',
      ...guardrailNotice(plan.guardrails),
      context,
      '',
      noChangesFor(plan),
      '',
    ];
  }
  const { byKind, destructive, total } = plan.summary;
  return [
    `### Okta access plan: ${describePlanCounts(plan.summary)}`,
    '',
    ...guardrailNotice(plan.guardrails),
    context,
    '',
    '| Change | Kind | Count |',
    '| :-- | :-- | --: |',
    // Adoptions and user sourcing are opt-in: their rows show only when the plan has such changes.
    ...changeKinds
      .filter((kind) => byKind[kind] > 0 || !(adoptionKinds.includes(kind) || kind.startsWith('user.')))
      .map((kind) => `| ${kindLabel(kind)} | \`${kind}\` | ${count(byKind[kind])} |`),
    `| **Destructive** (removes access or objects) | | **${count(destructive)}** |`,
    `| Total | | ${count(total)} |`,
    '',
  ];
}

/**
 * First under the title (of a plan, or of the comment on an invalid repository), when the planned files change a
 * guardrail: one line per setting, the value in force and the
 * proposed one as code (a marker is text from the pull request), and whose values this plan keeps until merge.
 */
export function guardrailNotice(guardrails: PlanGuardrails | undefined): string[] {
  if (guardrails === undefined || guardrails.changes.length === 0) return [];
  const lines = guardrails.changes.map(
    (change) => `> - ${codeSpan(change.setting)}: ${codeValue(change.from)} → ${codeValue(change.to)}`,
  );
  return [
    '> [!WARNING]',
    `> **This pull request changes safety settings.** ${guardrailLead(guardrails, codeSpan)}`,
    ...lines,
    '',
  ];
}

/** Numbers as code; text (a marker, group names: the pull request's) quoted and escaped like all user data. */
function codeValue(value: GuardrailValue): string {
  const { items, more } = guardrailValueParts(value);
  if (items.length === 0) return '_(none)_';
  const shown = (typeof value === 'number' ? items.map((item) => codeSpan(item)) : items.map(quote)).join(
    ', ',
  );
  return more === 0 ? shown : `${shown} and ${count(more)} more`;
}

function destructive(apps: readonly AppBlocks[], lines: Readonly<Record<Tier, Quota>>): string[] {
  const out: string[] = [];
  for (const app of apps) {
    const section: string[] = [];
    for (const block of app.blocks) {
      const shown = shownLines(block, lines);
      if (shown.length === 0) continue;
      if (block.group !== null) {
        section.push(
          `**${escapeMarkdown(block.group)}** — ${block.phrase}${ofShown(shown.length, block.lines.length)}`,
          '',
        );
      }
      section.push(...shown, '');
    }
    if (section.length > 0) out.push(`##### ${escapeMarkdown(app.app)}`, '', ...section);
  }
  return out;
}

function folded(apps: readonly AppBlocks[], lines: Readonly<Record<Tier, Quota>>): string[] {
  const out: string[] = [];
  for (const app of apps) {
    const section: string[] = [];
    for (const block of app.blocks) {
      const shown = shownLines(block, lines);
      if (shown.length === 0) continue;
      if (block.group === null) {
        section.push(...shown, '');
        continue;
      }
      const summary = `${escapeHtml(block.group)}: ${block.phrase}${ofShown(shown.length, block.lines.length)}`;
      section.push(`<details><summary>${summary}</summary>`, '', ...shown, '', '</details>', '');
    }
    if (section.length > 0) out.push(`##### ${escapeMarkdown(app.app)}`, '', ...section);
  }
  return out;
}

function diagnostics(
  heading: string,
  list: readonly Diagnostic[],
  keep: number,
  sourceUrl: SourceUrl | undefined,
): string[] {
  if (list.length === 0) return [];
  const lines = list.slice(0, keep).map((d) => {
    const where = sourceLink({ file: d.file, line: d.line, col: d.col }, sourceUrl);
    const hint = d.hint === undefined ? '' : ` (hint: ${escapeMarkdown(d.hint)})`;
    return `- ${where} \`${d.code}\` ${escapeMarkdown(d.message)}${hint}`;
  });
  const noun = heading.toLowerCase().replace(/s$/, '');
  return [
    `#### ${heading} (${count(list.length)})`,
    '',
    ...lines,
    '',
    ...paragraph(moreNote(list.length - keep, noun)),
  ];
}

function ofShown(shown: number, all: number): string {
  return shown === all ? '' : ` (${count(shown)} of ${count(all)} shown)`;
}

/** `_… 3 more warnings not shown._`, or nothing when nothing is hidden. */
function moreNote(hidden: number, noun: string): string[] {
  if (hidden <= 0) return [];
  const more = plural(hidden, noun).replace(/^(\S+) /, '$1 more ');
  return [`_… ${more} not shown._`];
}

function paragraph(lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : [...lines, ''];
}

function shownLines(block: ChangeBlock, lines: Readonly<Record<Tier, Quota>>): string[] {
  const shown: string[] = [];
  for (const line of block.lines) if (lines[line.tier].take()) shown.push(line.text);
  return shown;
}

function countLines(apps: readonly AppBlocks[], tier: Tier): number {
  let lines = 0;
  for (const app of apps)
    for (const block of app.blocks) for (const line of block.lines) lines += Number(line.tier === tier);
  return lines;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
