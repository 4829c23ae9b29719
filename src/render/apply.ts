import type { ApplyReport } from '../model/apply.js';
import { renderApplyMarkdown } from './apply-markdown.js';
import { renderApplyText } from './apply-text.js';
import type { Styles } from './diagnostics.js';

export const applyFormats = ['text', 'json', 'markdown'] as const;

export type ApplyFormat = (typeof applyFormats)[number];

export type ApplyRenderer = (report: ApplyReport, styles: Styles) => string;

/** `--format` → renderer. Only text is coloured; JSON and Markdown ignore the styles. */
export const applyRenderers: Readonly<Record<ApplyFormat, ApplyRenderer>> = {
  text: (report, styles) => renderApplyText(report, styles),
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  markdown: (report) => renderApplyMarkdown(report),
};
