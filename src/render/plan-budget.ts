import { fitLists } from './fit-lists.js';

/**
 * The lists of the PR comment that may be cut, in the order they are cut: least important first. `removals` are the
 * destructive membership removals; `deletions` every other destructive change of an app (an unassignment, a group
 * deletion); `campaigns` the campaign changes (few, listed with their details); `statuses` the rows of the table of
 * campaigns the plan leaves alone.
 */
export const dropOrder = [
  'additions',
  'warnings',
  'unmanaged',
  'statuses',
  'removals',
  'campaigns',
  'deletions',
  'errors',
  'blockers',
] as const;

export type Tier = (typeof dropOrder)[number];

/** How many items of each list to show: the first ones, in document order. */
export type Keep = Readonly<Record<Tier, number>>;

/** Hands out a list's items in document order until its share is used up. */
export interface Quota {
  readonly take: () => boolean;
}

export function quotas(keep: Keep): Readonly<Record<Tier, Quota>> {
  const quota = (count: number): Quota => {
    let left = count;
    return { take: () => left-- > 0 };
  };
  return {
    additions: quota(keep.additions),
    warnings: quota(keep.warnings),
    unmanaged: quota(keep.unmanaged),
    statuses: quota(keep.statuses),
    campaigns: quota(keep.campaigns),
    removals: quota(keep.removals),
    deletions: quota(keep.deletions),
    errors: quota(keep.errors),
    blockers: quota(keep.blockers),
  };
}

/** The longest plan comment within `maxChars`: lists are cut in `dropOrder` (see fitLists). */
export function fitToBudget(render: (keep: Keep) => string, totals: Keep, maxChars: number): string {
  return fitLists(render, totals, dropOrder, maxChars);
}
