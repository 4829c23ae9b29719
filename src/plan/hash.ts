import { createHash } from 'node:crypto';
import type { Plan } from '../model/plan.js';
import { scopeEssence } from '../model/scope.js';

/**
 * What an approval on a pull request is for: the pull request's head commit and the root config. Bound into the hash,
 * they make a hash shown for another pull request, another commit or another config never match.
 */
export interface PlanBinding {
  /** The head commit of the pull request the plan was shown on (40 hex digits). */
  readonly commit: string;
  /** The root config, as the workflow names it (the same string as the comment's marker). */
  readonly config: string;
}

/**
 * The hash of a plan's changes — not of the whole org — so that activity in Okta the plan does not touch does not
 * invalidate an approval. Sources and reasons are left out: moving a CSV row does not change what is applied.
 * Without a binding (a saved plan of the command line, a drift check) it is the hash of the changes alone; with one,
 * of the changes for that commit and config. A scoped plan's hash also covers its scope (its groups and apps).
 */
export function planHash(plan: Pick<Plan, 'changes' | 'scope'>, binding?: PlanBinding): string {
  const essence = plan.changes.map((change) => {
    const { reason: _reason, source: _source, ...rest } = change;
    return rest;
  });
  // A scoped plan's hash covers what it read (its groups and apps): the same changes under another scope differ.
  // An unscoped plan's hash is what it always was.
  const scoped = plan.scope === undefined ? undefined : { scope: scopeEssence(plan.scope), changes: essence };
  const hashed =
    binding === undefined
      ? (scoped ?? essence)
      : { commit: binding.commit.toLowerCase(), config: binding.config, ...(scoped ?? { changes: essence }) };
  return `sha256:${createHash('sha256').update(JSON.stringify(hashed)).digest('hex')}`;
}
