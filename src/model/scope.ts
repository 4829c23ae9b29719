/**
 * The scope of a pull-request plan: the objects a change of the access repository touches. A scoped plan reads and
 * diffs only these; drift elsewhere is left to the scheduled full plan (the drift check).
 */
export interface PlanScope {
  /** Where the scope comes from: the merge base of the change and the commit it was computed for. */
  readonly base: string;
  readonly head: string | null;
  /** Lower-cased names of the entitlement groups the change touches (added, removed or changed), sorted. */
  readonly groups: readonly string[];
  /** Labels of the apps read: those whose file changed and those of the touched groups, sorted. */
  readonly apps: readonly string[];
  /** Entitlement groups the repository declares at the head: the "of N" of the plan's scope line. */
  readonly declaredGroups: number;
}

/** Why a change gets a full plan instead of a scoped one. */
export type FullPlanReason =
  | 'config-changed'
  | 'user-sourcing'
  | 'campaign-changed'
  | 'base-unreadable'
  | 'full-read-cheaper';

export type ScopeDecision =
  | { readonly kind: 'scoped'; readonly scope: PlanScope }
  | { readonly kind: 'full'; readonly reason: FullPlanReason; readonly detail: string };

/** The part of a scope that decides what is read and diffed (and what the plan hash binds). */
export function scopeEssence(scope: PlanScope): { groups: string[]; apps: string[] } {
  return { groups: [...scope.groups], apps: [...scope.apps] };
}
