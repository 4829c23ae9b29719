import type { GitHubPort, GitHubPullRequestRef } from '../github/port.js';
import {
  allowDeletesLabel,
  type DeletionOverride,
  isMaintainer,
  type LabelRefusal,
} from '../model/deletion-override.js';
import type { Plan } from '../model/plan.js';

/**
 * Decides, for a plan that exceeds the deletion limits, whether apply may go past them: the label
 * `okta-access:allow-deletes` on the merged pull request counts when the person who added it last (its `labeled`
 * event) holds the maintain or admin role now; the deprecated `allow-deletes` input still counts, after the label.
 * Text in the pull request (title, body, branch, comments) is never read: only GitHub's own label and event records.
 */
export async function decideDeletionOverride(options: {
  readonly github: GitHubPort;
  readonly pull: GitHubPullRequestRef | undefined;
  readonly plan: Plan;
  readonly allowDeletesInput: boolean;
}): Promise<DeletionOverride> {
  if (!options.plan.deleteLimit.exceeded) return { kind: 'not-needed' };
  let label: LabelRefusal | undefined;
  const { pull, github } = options;
  if (pull?.labels.includes(allowDeletesLabel) === true) {
    const login = await github.labeledBy(pull.number, allowDeletesLabel);
    if (login === undefined) label = { reason: 'no-labeler' };
    else {
      const role = await github.repositoryRole(login);
      if (isMaintainer(role)) return { kind: 'label', login, role };
      label = { reason: 'role', login, role };
    }
  }
  if (options.allowDeletesInput) return label === undefined ? { kind: 'input' } : { kind: 'input', label };
  return label === undefined ? { kind: 'refused' } : { kind: 'refused', label };
}
