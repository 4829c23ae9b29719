import type { ApplyReport, ChangeOutcome, ChangeResult } from '../model/apply.js';
import { assertNever, type ChangeKind, changeKinds } from '../model/change.js';
import { type AppResults, campaignResults, resultTree, userResults } from './apply-tree.js';
import {
  appliedPhrase,
  applyVerdict,
  describeApplied,
  describeOutcomeCounts,
  outcomeNote,
  requestsSentence,
  shortHash,
  verificationSentence,
} from './apply-words.js';
import { campaignDetails } from './campaign-words.js';
import { changeLabel, colourSign } from './change-label.js';
import { plainStyles, type Styles } from './diagnostics.js';
import { printable } from './escape.js';
import { isCampaignChange, launchedCampaigns } from './plan-tree.js';
import { changeSign } from './plan-words.js';

/** Above this many results, applied additions are counted per group instead of listed one by one. */
export const listAllUpTo = 200;

/** Labels longer than this are not padded to, so that one long label does not push every note far right. */
const maxLabelWidth = 40;

const marks: Readonly<Record<ChangeOutcome, string>> = {
  applied: '✔',
  unchanged: '=',
  skipped: '»',
  failed: '✖',
};

/** How much of the apply report the terminal gets. */
export interface ApplyTextOptions {
  /**
   * Every result again, grouped as the plan showed it (`apply --verbose`). Without it the report is the counts, the
   * results that failed, and the figures: the plan already listed each change.
   */
  readonly verbose?: boolean;
}

/**
 * The apply report for a terminal, Terraform-like: a header and how the plan held against the org, then by default
 * the user results (sourcing: a line or two), every failed or dropped result under its app and group, and what was applied
 * counted by kind; with `verbose`, every result grouped by app and group with its outcome and the campaign results
 * (above `listAllUpTo` results only failed, destructive and not-applied results of the apps are listed; the applied
 * additions of each group are counted on its heading, "Payroll-Admin: ✔ 950 members added"). Then the summary
 * line, the verification and the request figures. Same report, same bytes.
 */
export function renderApplyText(
  report: ApplyReport,
  styles: Styles = plainStyles,
  options: ApplyTextOptions = {},
): string {
  const lines: string[] = [styles.bold(header(report)), stalenessLine(report, styles)];
  if (options.verbose === true) lines.push(...everyResult(report, styles), '');
  else lines.push(...failures(report, styles), '', ...appliedLine(report, styles));
  lines.push(summaryLine(report, styles));
  const verification = `Verification: ${verificationSentence(report.verification)}.`;
  lines.push(report.verification.mismatches > 0 ? styles.red(verification) : verification);
  lines.push(styles.dim(`Okta: ${requestsSentence(report)}`));
  return `${lines.join('\n')}\n`;
}

function everyResult(report: ApplyReport, styles: Styles): string[] {
  const lines: string[] = [];
  const large = report.results.length > listAllUpTo;
  const users = userResults(report.results);
  if (users.length > 0) lines.push('', styles.bold('Users'), ...resultLines(users, '  ', false, styles));
  for (const app of resultTree(report.results)) lines.push('', ...appLines(app, large, styles));
  const campaigns = campaignResults(report.results);
  if (campaigns.length > 0) lines.push('', ...campaignLines(campaigns, styles));
  return lines;
}

/** "✔ Applied: app created ×3, 133 members added, …", in apply order of the kinds; nothing when nothing was. */
function appliedLine(report: ApplyReport, styles: Styles): string[] {
  const applied = report.results.filter((result) => result.outcome === 'applied');
  return applied.length === 0 ? [] : [`${styles.green(marks.applied)} Applied: ${appliedByKind(applied)}.`];
}

/**
 * Each failed or dropped result under its app and group (campaigns under their own heading), as the plan placed them;
 * and the user results, failed or not.
 */
function failures(report: ApplyReport, styles: Styles): string[] {
  const lines: string[] = [];
  // Dropped changes too: the plan listed them as to be made, and they were not.
  const failed = (results: readonly ChangeResult[]) =>
    results.filter((result) => result.outcome === 'failed' || result.dropped === true);
  // The few user results (one sourcing, one deactivation) are always listed: their notes tell how sourcing went.
  const users = userResults(report.results);
  if (users.length > 0) lines.push('', styles.bold('Users'), ...resultLines(users, '  ', false, styles));
  for (const app of resultTree(report.results)) {
    const own = failed(app.results);
    const groups = app.groups.flatMap((group) => {
      const results = failed(group.results);
      return results.length === 0
        ? []
        : [`  ${printable(group.group)}`, ...resultLines(results, '    ', false, styles)];
    });
    if (own.length === 0 && groups.length === 0) continue;
    lines.push('', styles.bold(printable(app.app)), ...resultLines(own, '  ', false, styles), ...groups);
  }
  const campaigns = failed(campaignResults(report.results));
  if (campaigns.length > 0) lines.push('', ...campaignLines(campaigns, styles));
  return lines;
}

const kindOrder = new Map(changeKinds.map((kind, index) => [kind, index]));

/** The applied results counted by kind, in apply order: the same report gives the same words in any order. */
function appliedByKind(results: readonly ChangeResult[]): string {
  const counts = new Map<ChangeKind, number>();
  for (const { change } of results) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => (kindOrder.get(a) ?? 0) - (kindOrder.get(b) ?? 0))
    .map(([kind, n]) => appliedPhrase(kind, n))
    .join(', ');
}

function header(report: ApplyReport): string {
  const commit = report.commit ?? '(none)';
  return printable(
    `Okta access apply · org ${report.org} · config ${report.config} · commit ${commit} · plan ${shortHash(report.planHash)}`,
  );
}

function stalenessLine(report: ApplyReport, styles: Styles): string {
  const message = printable(sentence(report.staleness.message));
  return report.staleness.fresh ? styles.dim(message) : styles.yellow(message);
}

function summaryLine(report: ApplyReport, styles: Styles): string {
  const verdict = styles.bold(`${applyVerdict(report)}:`);
  return `${report.ok ? styles.green(verdict) : styles.red(verdict)} ${describeOutcomeCounts(report.counts)}.`;
}

function appLines(app: AppResults, large: boolean, styles: Styles): string[] {
  const lines = [
    heading(app.app, app.results, large, styles, true),
    ...resultLines(app.results, '  ', large, styles),
  ];
  for (const group of app.groups) {
    lines.push(
      `  ${heading(group.group, group.results, large, styles, false)}`,
      ...resultLines(group.results, '    ', large, styles),
    );
  }
  return lines;
}

/** `Campaigns`, then each campaign result with what the change does below it (the create body, changed fields). */
function campaignLines(results: readonly ChangeResult[], styles: Styles): string[] {
  const launched = launchedCampaigns(results.map((result) => result.change));
  const rows = resultLines(results, '  ', false, styles);
  const lines = [styles.bold('Campaigns')];
  for (const [index, { change }] of results.entries()) {
    const details = isCampaignChange(change) ? campaignDetails(change, launched) : [];
    lines.push(rows[index] ?? '', ...details.map((detail) => `      ${printable(detail)}`));
  }
  return lines;
}

/** "Payroll-Admin", or in a large report "Payroll-Admin: ✔ 950 members added" for the results not listed. */
function heading(
  name: string,
  results: readonly ChangeResult[],
  large: boolean,
  styles: Styles,
  bold: boolean,
): string {
  const text = bold ? styles.bold(printable(name)) : printable(name);
  const counted = results.filter((result) => !listed(result, large));
  if (counted.length === 0) return text;
  return `${text}: ${styles.green(marks.applied)} ${describeApplied(counted)}`;
}

/** Small reports list everything; large ones what needs a look: failures, destructive changes, not applied. */
function listed(result: ChangeResult, large: boolean): boolean {
  return !large || result.outcome !== 'applied' || result.change.destructive;
}

function resultLines(
  results: readonly ChangeResult[],
  indent: string,
  large: boolean,
  styles: Styles,
): string[] {
  const shown = results.filter((result) => listed(result, large));
  const labels = shown.map((result) => printable(changeLabel(result.change)));
  const width = Math.max(0, ...labels.map((text) => text.length).filter((length) => length <= maxLabelWidth));
  return shown.map((result, index) => {
    const text = labels[index] ?? '';
    const note = printable(outcomeNote(result));
    const sign = changeSign(result.change.kind);
    const line = (styledNote: string) => (note === '' ? text : `${text.padEnd(width)}  ${styledNote}`);
    switch (result.outcome) {
      case 'applied':
        return `${indent}${styles.green(marks.applied)} ${colourSign(sign, styles)} ${line(styles.dim(note))}`;
      case 'unchanged':
      case 'skipped':
        return `${indent}${styles.dim(`${marks[result.outcome]} ${sign} ${line(note)}`)}`;
      case 'failed':
        return `${indent}${styles.red(marks.failed)} ${colourSign(sign, styles)} ${line(styles.red(note))}`;
      default:
        return assertNever(result.outcome);
    }
  });
}

/** "the org is as it was" → "The org is as it was." */
function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
