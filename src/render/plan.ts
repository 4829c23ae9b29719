import type { Plan } from '../model/plan.js';
import type { Styles } from './diagnostics.js';
import { renderPlanJson } from './plan-json.js';
import { renderPlanMarkdown } from './plan-markdown.js';
import { type PlanTextOptions, renderPlanText } from './plan-text.js';

export const planFormats = ['text', 'json', 'markdown'] as const;

export type PlanFormat = (typeof planFormats)[number];

export type PlanRenderer = (plan: Plan, styles: Styles, options?: PlanTextOptions) => string;

/** `--format` → renderer. Only text is coloured; JSON and Markdown ignore the styles. */
export const planRenderers: Readonly<Record<PlanFormat, PlanRenderer>> = {
  text: (plan, styles, options) => renderPlanText(plan, styles, options),
  json: (plan) => renderPlanJson(plan),
  markdown: (plan) => renderPlanMarkdown(plan),
};
