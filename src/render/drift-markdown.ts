import type { Plan } from '../model/plan.js';
import { codeSpan } from './escape.js';
import { renderPlanMarkdown } from './plan-markdown.js';

/** The drift issue's body (below its hidden marker): which config, and the plan that would undo the drift. */
export function renderDriftMarkdown(configPath: string, plan: Plan, maxChars: number): string {
  const head =
    `Okta differs from the access repository (${codeSpan(configPath)}). ` +
    'Applying the default branch would make these changes:\n\n';
  return `${head}${renderPlanMarkdown(plan, { maxChars: maxChars - head.length })}`;
}
