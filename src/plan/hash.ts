import { createHash } from 'node:crypto';
import type { Plan } from '../model/plan.js';

/**
 * The hash of a plan's changes — not of the whole org — so that activity in Okta the plan does not touch does not
 * invalidate an approval. Sources and reasons are left out: moving a CSV row does not change what is applied.
 */
export function planHash(plan: Pick<Plan, 'changes'>): string {
  const essence = plan.changes.map((change) => {
    const { reason: _reason, source: _source, ...rest } = change;
    return rest;
  });
  return `sha256:${createHash('sha256').update(JSON.stringify(essence)).digest('hex')}`;
}
