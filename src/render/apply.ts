import type { ApplyReport } from '../model/apply.js';
import { renderApplyMarkdown } from './apply-markdown.js';
import { type ApplyTextOptions, renderApplyText } from './apply-text.js';
import type { Styles } from './diagnostics.js';

export const applyFormats = ['text', 'json', 'markdown'] as const;

export type ApplyFormat = (typeof applyFormats)[number];

export type ApplyRenderer = (report: ApplyReport, styles: Styles, options?: ApplyTextOptions) => string;

/** `--format` → renderer. Only text is coloured and takes `--verbose`; JSON and Markdown ignore both. */
export const applyRenderers: Readonly<Record<ApplyFormat, ApplyRenderer>> = {
  text: (report, styles, options) => renderApplyText(report, styles, options),
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  markdown: (report) => renderApplyMarkdown(report),
};
