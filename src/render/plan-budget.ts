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

/**
 * The longest render within `maxChars`: everything when it fits; else lists are cut in `dropOrder`, each to the
 * longest prefix that fits (found by bisection; only lengths that were rendered and measured are accepted). When
 * even the skeleton (title, table, headings) is longer, that is what is returned.
 */
export function fitToBudget(render: (keep: Keep) => string, totals: Keep, maxChars: number): string {
  const full = render(totals);
  if (full.length <= maxChars) return full;
  let keep: Keep = totals;
  for (const tier of dropOrder) {
    const without = { ...keep, [tier]: 0 };
    const cut = render(without);
    if (cut.length > maxChars) {
      keep = without;
      continue;
    }
    let fits = 0;
    let fitting = cut;
    let tooMany = keep[tier];
    while (tooMany - fits > 1) {
      const middle = Math.floor((fits + tooMany) / 2);
      const text = render({ ...keep, [tier]: middle });
      if (text.length <= maxChars) {
        fits = middle;
        fitting = text;
      } else {
        tooMany = middle;
      }
    }
    return fitting;
  }
  return render(keep);
}
