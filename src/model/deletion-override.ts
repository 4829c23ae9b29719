/**
 * A collaborator's access to the repository: `permission` is GitHub's legacy base role (`admin`, `write`, `read`,
 * `none`; `maintain` counts as `write`, `triage` as `read`), `role` the role assigned (`admin`, `maintain`, `write`,
 * `triage`, `read`, or a custom role's name). Someone who is not a collaborator is `none` / `none`.
 */
export interface RepositoryRole {
  readonly permission: string;
  readonly role: string;
}

/**
 * The label that allows one merged pull request's deletions past the limits of okta-access.yaml. Compared exactly:
 * a label with a trailing space, another case or a look-alike character is another label and allows nothing.
 */
export const allowDeletesLabel = 'okta-access:allow-deletes';

/** Why a label on the pull request did not count. */
export type LabelRefusal =
  /** The label is on the pull request, but its events show no one adding it (nothing to hold to account). */
  | { readonly reason: 'no-labeler' }
  /** Added by someone whose role on the repository is below maintain. */
  | { readonly reason: 'role'; readonly login: string; readonly role: RepositoryRole };

/** Whether a merge whose plan exceeds the deletion limits may be applied, and on whose word. */
export type DeletionOverride =
  /** The plan is within the limits: nothing to allow. */
  | { readonly kind: 'not-needed' }
  /** The label, added by a maintainer. */
  | { readonly kind: 'label'; readonly login: string; readonly role: RepositoryRole }
  /** The workflow's deprecated `allow-deletes` input (a direct push has no pull request to label). */
  | { readonly kind: 'input'; readonly label?: LabelRefusal }
  | { readonly kind: 'refused'; readonly label?: LabelRefusal };

/** Maintain and admin: the roles that own the repository's settings. A custom role counts by its name only if it is one of them. */
export function isMaintainer(role: RepositoryRole): boolean {
  return role.permission === 'admin' || role.role === 'admin' || role.role === 'maintain';
}
