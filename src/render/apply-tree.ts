import type { ChangeResult } from '../model/apply.js';
import type { Change } from '../model/change.js';
import { campaignChanges, planTree, userChanges } from './plan-tree.js';

/** One group's results, in the plan's display order (apply order, then user). */
export interface GroupResults {
  readonly group: string;
  readonly results: readonly ChangeResult[];
}

/** One app: its own results (app.create), then its groups by name. */
export interface AppResults {
  readonly app: string;
  readonly results: readonly ChangeResult[];
  readonly groups: readonly GroupResults[];
}

/**
 * The results grouped and ordered exactly as the plan shows their changes: the same report gives the same tree.
 * Campaign results are not in the tree (see `campaignResults`).
 */
export function resultTree(results: readonly ChangeResult[]): AppResults[] {
  const take = taker(results);
  return planTree(results.map((result) => result.change)).map((app) => ({
    app: app.app,
    results: take(app.changes),
    groups: app.groups.map((group) => ({ group: group.group, results: take(group.changes) })),
  }));
}

/** The campaign results, in the plan's order for campaign changes (by campaign, then apply order). */
export function campaignResults(results: readonly ChangeResult[]): ChangeResult[] {
  return taker(results)(campaignChanges(results.map((result) => result.change)));
}

/** The user results (sourcing, deactivation), in the plan's order: shown before the apps, as they ran first. */
export function userResults(results: readonly ChangeResult[]): ChangeResult[] {
  return taker(results)(userChanges(results.map((result) => result.change)));
}

/** Hands out each change's result once, in the order the changes are asked for. */
function taker(results: readonly ChangeResult[]): (changes: readonly Change[]) => ChangeResult[] {
  const byChange = new Map<Change, ChangeResult[]>();
  for (const result of results) {
    const list = byChange.get(result.change);
    if (list === undefined) byChange.set(result.change, [result]);
    else list.push(result);
  }
  return (changes) =>
    changes.flatMap((change) => {
      const result = byChange.get(change)?.shift();
      return result === undefined ? [] : [result];
    });
}
