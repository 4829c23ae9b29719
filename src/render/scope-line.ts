import type { Plan } from '../model/plan.js';

/**
 * One line on what a plan covers when a scope was asked for: "scoped to 3 of 1,000 entitlement groups; the scheduled
 * drift check covers the rest", or why the plan is a full one. Plain text: the caller escapes for its medium (the
 * fallback's detail can name a campaign of the repository). Undefined for a plan that asked for no scope.
 */
export function scopeLine(plan: Pick<Plan, 'scope' | 'fullPlan'>): string | undefined {
  if (plan.scope !== undefined) {
    const touched = plan.scope.groups.length;
    return (
      `scoped to ${count(touched)} of ${count(plan.scope.declaredGroups)} entitlement group${plan.scope.declaredGroups === 1 ? '' : 's'}` +
      '; the scheduled drift check covers the rest'
    );
  }
  if (plan.fullPlan !== undefined) return `full plan: ${plan.fullPlan.detail}`;
  return undefined;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
