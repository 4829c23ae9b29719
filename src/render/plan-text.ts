import type { Change } from '../model/change.js';
import { sortDiagnostics } from '../model/diagnostic.js';
import type { GuardrailValue, PlanGuardrails } from '../model/guardrails.js';
import type { Plan } from '../model/plan.js';
import { formatSource } from '../model/source.js';
import { campaignDetails, describeCampaignStatus } from './campaign-words.js';
import { changeLabel, colourSign, quoteValue } from './change-label.js';
import { plainStyles, plural, renderDiagnosticsText, type Styles } from './diagnostics.js';
import { printable } from './escape.js';
import { guardrailLead, guardrailValueParts } from './guardrail-words.js';
import {
  type AppNode,
  campaignChanges,
  compareText,
  launchedCampaigns,
  planTree,
  userChanges,
} from './plan-tree.js';
import {
  cannotApplyHeading,
  changeSign,
  describePlanCounts,
  noChangesFor,
  noChangesSentence,
} from './plan-words.js';
import { scopeLine } from './scope-line.js';
import { personLines } from './user-words.js';

/** Labels longer than this are not padded to, so that one long label does not push every source far right. */
const maxLabelWidth = 40;

/** How the plan is laid out for a terminal. */
export interface PlanTextOptions {
  /**
   * Count each group's membership additions on its heading ("Payroll-Admin: + 12 members to add") instead of
   * listing them: for a short overview (the demo). Every other change is still listed.
   */
  readonly countAdditions?: boolean;
}

/**
 * The plan for a terminal, Terraform-like: a header, then every change grouped by app and group with a coloured
 * sign and its source (a group's members in CSV order), unmanaged groups, the campaigns (changes, then the status
 * of those left alone), diagnostics, blockers, and a summary line last. Same plan, same bytes.
 */
export function renderPlanText(
  plan: Plan,
  styles: Styles = plainStyles,
  options: PlanTextOptions = {},
): string {
  const lines: string[] = [styles.bold(header(plan))];
  const scoped = scopeLine(plan);
  if (scoped !== undefined) lines.push(printable(scoped));
  const guardrails = guardrailLines(plan.guardrails, styles);
  if (guardrails.length > 0) lines.push('', ...guardrails);
  const users = userLines(plan, styles);
  if (users.length > 0) lines.push('', ...users);
  for (const app of planTree(plan.changes, plan.unmanaged)) {
    lines.push('', ...appLines(app, options.countAdditions === true, styles));
  }
  const campaigns = campaignLines(plan, styles);
  if (campaigns.length > 0) lines.push('', ...campaigns);
  const diagnostics = renderDiagnosticsText(sortDiagnostics(plan.diagnostics), styles);
  if (diagnostics !== '') lines.push('', diagnostics.trimEnd());
  if (!plan.applicable) {
    lines.push('', styles.red(styles.bold(cannotApplyHeading)));
    for (const blocker of plan.blockers) lines.push(`  - ${printable(blocker)}`);
  }
  lines.push('', summaryLine(plan, styles));
  return `${lines.join('\n')}\n`;
}

function header(plan: Plan): string {
  const commit = plan.commit ?? '(none)';
  return printable(`Okta access plan · org ${plan.org} · config ${plan.config} · commit ${commit}`);
}

/** First after the header, when the planned files change a guardrail: each setting, in force → proposed. */
export function guardrailLines(guardrails: PlanGuardrails | undefined, styles: Styles): string[] {
  if (guardrails === undefined || guardrails.changes.length === 0) return [];
  const width = Math.max(...guardrails.changes.map((change) => change.setting.length));
  return [
    styles.yellow(styles.bold('These files change safety settings.')),
    printable(guardrailLead(guardrails, (ref) => ref)),
    ...guardrails.changes.map(
      (change) => `  ${change.setting.padEnd(width)}  ${textValue(change.from)} → ${textValue(change.to)}`,
    ),
  ];
}

function textValue(value: GuardrailValue): string {
  const { items, more } = guardrailValueParts(value);
  if (items.length === 0) return '(none)';
  const shown = (typeof value === 'number' ? items : items.map((item) => quoteValue(item))).join(', ');
  return printable(more === 0 ? shown : `${shown} and ${more} more`);
}

function summaryLine(plan: Plan, styles: Styles): string {
  if (plan.summary.total === 0) {
    const sentence = noChangesFor(plan);
    return sentence === noChangesSentence ? styles.green(sentence) : styles.yellow(sentence);
  }
  return `${styles.bold('Plan:')} ${describePlanCounts(plan.summary)}.`;
}

function appLines(app: AppNode, countAdditions: boolean, styles: Styles): string[] {
  const lines = [styles.bold(printable(app.app)), ...changeLines(app.changes, '  ', styles)];
  for (const group of app.groups) {
    const note =
      group.unmanaged === null
        ? ''
        : `  ${styles.dim(printable(`unmanaged, left alone: ${group.unmanaged}`))}`;
    const counted = countAdditions ? group.changes.filter((change) => change.kind === 'membership.add') : [];
    const listed = countAdditions
      ? group.changes.filter((change) => change.kind !== 'membership.add')
      : group.changes;
    const count =
      counted.length === 0 ? '' : `: ${colourSign('+', styles)} ${plural(counted.length, 'member')} to add`;
    lines.push(`  ${printable(group.group)}${count}${note}`, ...changeLines(listed, '    ', styles));
  }
  return lines;
}

/**
 * `Campaigns`: each campaign change with what it does below it (the create body in short, the fields a replace
 * changes), then the managed campaigns the plan leaves alone, with their status and why a changed one is left.
 */
function campaignLines(plan: Plan, styles: Styles): string[] {
  const changes = campaignChanges(plan.changes);
  if (changes.length === 0 && plan.campaigns.length === 0) return [];
  const launched = launchedCampaigns(changes);
  const rows = changeLines(changes, '  ', styles);
  const lines = [styles.bold('Campaigns')];
  for (const [index, change] of changes.entries()) {
    lines.push(
      rows[index] ?? '',
      ...campaignDetails(change, launched).map((line) => `    ${printable(line)}`),
    );
  }
  const notes = [...plan.campaigns].sort((a, b) => compareText(a.campaign, b.campaign));
  const labels = notes.map((note) =>
    printable(`campaign ${quoteValue(note.campaign)} (${describeCampaignStatus(note)})`),
  );
  const width = Math.max(0, ...labels.map((text) => text.length).filter((length) => length <= maxLabelWidth));
  for (const [index, note] of notes.entries()) {
    const text = labels[index] ?? '';
    const sign = `  ${styles.dim('=')} `;
    lines.push(
      note.note === undefined
        ? `${sign}${text}`
        : `${sign}${text.padEnd(width)}  ${styles.yellow(printable(`# ${note.note}`))}`,
    );
  }
  return lines;
}

/** `Users`: each user change (applied first), with the people it sources or deactivates below it, folded. */
function userLines(plan: Plan, styles: Styles): string[] {
  const changes = userChanges(plan.changes);
  if (changes.length === 0) return [];
  const rows = changeLines(changes, '  ', styles);
  const lines = [styles.bold('Users')];
  for (const [index, change] of changes.entries()) {
    lines.push(rows[index] ?? '', ...personLines(change).map((line) => `    ${printable(line)}`));
  }
  return lines;
}

function changeLines(changes: readonly Change[], indent: string, styles: Styles): string[] {
  const labels = changes.map((change) => printable(changeLabel(change)));
  const width = Math.max(0, ...labels.map((text) => text.length).filter((length) => length <= maxLabelWidth));
  return changes.map((change, index) => {
    const text = labels[index] ?? '';
    const notes: string[] = [];
    if (change.source !== undefined) notes.push(formatSource(change.source));
    if (change.kind !== 'membership.add') notes.push(`# ${change.reason}`);
    const sign = colourSign(changeSign(change.kind), styles);
    if (notes.length === 0) return `${indent}${sign} ${text}`;
    return `${indent}${sign} ${text.padEnd(width)}  ${styles.dim(printable(notes.join('  ')))}`;
  });
}
