import type { Plan } from '../model/plan.js';

/** The plan as saved by `plan --out`: the versioned JSON document apply reads back. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
