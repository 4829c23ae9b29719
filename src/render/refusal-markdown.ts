import type { Plan } from '../model/plan.js';
import { shortHash } from './apply-words.js';
import { codeSpan, escapeMarkdown } from './escape.js';
import { renderPlanMarkdown } from './plan-markdown.js';

/** The PR comment when the merge was not applied: why, in words that may quote the files (so escaped). */
export function renderNotAppliedMarkdown(reason: string): string {
  return `### Okta access: not applied\n\n${escapeMarkdown(reason)}\n`;
}

/**
 * The PR comment when the plan on merge is not the one approved on the pull request: both plan hashes, that
 * nothing was written, and the plan as it is now.
 */
export function renderPlanChangedMarkdown(
  approvedHash: string,
  hash: string,
  plan: Plan,
  maxChars: number,
): string {
  const head =
    '### Okta access: not applied\n\nThe plan changed since it was approved on this pull request ' +
    `(approved ${codeSpan(`${shortHash(approvedHash)}…`)}, now ${codeSpan(`${shortHash(hash)}…`)}): Okta or the ` +
    'files changed in between. Nothing was written. This is the plan now; open a new pull request (or re-run after ' +
    'review) to apply it.\n\n';
  return `${head}${renderPlanMarkdown(plan, { maxChars: maxChars - head.length })}`;
}
