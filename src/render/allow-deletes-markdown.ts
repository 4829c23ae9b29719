import {
  allowDeletesLabel,
  type DeletionOverride,
  type LabelRefusal,
  type RepositoryRole,
} from '../model/deletion-override.js';
import type { Plan } from '../model/plan.js';
import { codeSpan } from './escape.js';

/** The limits the plan exceeds, in words: the count and the settings, apart. */
function limitsSentence(deleteLimit: Plan['deleteLimit']): string {
  return (
    `${deleteLimit.destructive} destructive changes, more than the limits of \`okta-access.yaml\` allow ` +
    `(\`safety.maxDeletes\` ${deleteLimit.maxDeletes}, \`safety.maxDeletePercent\` ${deleteLimit.maxDeletePercent} %)`
  );
}

function roleWords(role: RepositoryRole): string {
  return role.role === 'none'
    ? 'who is not a collaborator of this repository'
    : `whose role here is ${codeSpan(role.role)}`;
}

/** Why the label on the pull request did not count, as a paragraph; logins are shown as code (no mention). */
export function labelRefusalMarkdown(refusal: LabelRefusal): string {
  const label = codeSpan(allowDeletesLabel);
  if (refusal.reason === 'no-labeler') {
    return `The label ${label} is on this pull request, but its events do not say who added it, so it does not count.`;
  }
  return (
    `The label ${label} was added by ${codeSpan(refusal.login)}, ${roleWords(refusal.role)}: it counts only when ` +
    'added by someone with the maintain or admin role, so it was not taken into account.'
  );
}

/** The comment on a merged pull request whose deletions exceed the limits and were not allowed. Nothing was written. */
export function renderDeletionsRefusedMarkdown(
  deleteLimit: Plan['deleteLimit'],
  refusal?: LabelRefusal,
): string {
  const parts = [
    '### Okta access: not applied',
    `This merge would make ${limitsSentence(deleteLimit)}. Nothing was written to Okta.`,
  ];
  if (refusal !== undefined) parts.push(labelRefusalMarkdown(refusal));
  parts.push(
    `If these deletions are intended, a maintainer (maintain or admin role) adds the label ${codeSpan(allowDeletesLabel)} ` +
      'to this pull request and re-runs the apply workflow: the plan must still be the one approved here. Otherwise ' +
      'propose the deletions in smaller pull requests.',
  );
  return `${parts.join('\n\n')}\n`;
}

/** The line the apply comment ends with when deletions past the limits were allowed: by whom, on what authority. */
export function allowedDeletesMarkdown(deleteLimit: Plan['deleteLimit'], override: DeletionOverride): string {
  if (override.kind === 'label') {
    return (
      `Deletions past the limits (${limitsSentence(deleteLimit)}) were allowed by the label ` +
      `${codeSpan(allowDeletesLabel)}, added by ${codeSpan(override.login)} (role ${codeSpan(override.role.role)}).`
    );
  }
  if (override.kind === 'input') {
    const label = override.label === undefined ? '' : `\n\n${labelRefusalMarkdown(override.label)}`;
    return (
      `Deletions past the limits (${limitsSentence(deleteLimit)}) were allowed by the workflow's deprecated ` +
      `\`allow-deletes\` input, not by a decision on this pull request.${label}`
    );
  }
  return '';
}
