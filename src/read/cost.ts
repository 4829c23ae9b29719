import type { OrgModel } from '../model/org.js';
import type { PlanScope } from '../model/scope.js';
import { emailsPerSearch, pageSizes } from './actual.js';

export interface ReadCostInput {
  /** The desired org planned. */
  readonly desired: OrgModel;
  /** The desired org at the merge base: the rows a change adds are those the base lacks. */
  readonly base: OrgModel;
  readonly scope: Pick<PlanScope, 'groups' | 'apps'>;
}

/**
 * The read strategy's cost model, before anything is read: the requests of a full read (readActual) and of a scoped
 * read (readScoped) of the same desired org, from the desired members as the estimate of each group's size. Both
 * count an app as two requests (found by label or id, then its assignments) and a group's members by pages.
 */
export function fullReadCost({ desired }: ReadCostInput): number {
  let members = 0;
  for (const group of desired.groups.values()) members += memberPages(group.members.size);
  return 2 * desired.apps.size + 1 + members;
}

/** Per touched group one lookup by name and its member pages; per app two; the added rows' users in batches. */
export function scopedReadCost({ desired, base, scope }: ReadCostInput): number {
  let requests = 2 * scope.apps.length;
  const added = new Set<string>();
  for (const key of scope.groups) {
    const group = desired.groups.get(key);
    requests += 1 + memberPages(group?.members.size ?? base.groups.get(key)?.members.size ?? 0);
    const before = base.groups.get(key)?.members;
    for (const email of group?.members.keys() ?? []) if (before?.has(email) !== true) added.add(email);
  }
  return requests + Math.ceil(added.size / emailsPerSearch);
}

function memberPages(size: number): number {
  return Math.max(1, Math.ceil(size / pageSizes.members));
}
