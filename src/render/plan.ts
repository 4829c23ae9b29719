import type { Plan } from '../model/plan.js';
import type { Styles } from './diagnostics.js';
import { renderPlanJson } from './plan-json.js';
import { renderPlanMarkdown } from './plan-markdown.js';
import { renderPlanText } from './plan-text.js';

export const planFormats = ['text', 'json', 'markdown'] as const;

export type PlanFormat = (typeof planFormats)[number];

export type PlanRenderer = (plan: Plan, styles: Styles) => string;

/** `--format` → renderer. Only text is coloured; JSON and Markdown ignore the styles. */
export const planRenderers: Readonly<Record<PlanFormat, PlanRenderer>> = {
  text: (plan, styles) => renderPlanText(plan, styles),
  json: (plan) => renderPlanJson(plan),
  markdown: (plan) => renderPlanMarkdown(plan),
};
