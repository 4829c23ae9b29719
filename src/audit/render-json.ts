import type { AuditReport } from './model.js';

/**
 * What JSON.stringify leaves as it is but a terminal would obey or reorder: DEL, the C1 controls (U+009B starts a
 * terminal sequence like ESC [) and the bidirectional and line-separator characters. Outside strings the document
 * holds none of them (its only raw control character is the line break), so each is written as its `\uXXXX`
 * escape: the same document, safe to print.
 */
const unescaped = /(?!\n)[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/gu;

/** The report as a versioned JSON document. */
export function renderAuditJson(report: AuditReport): string {
  const text = JSON.stringify({ formatVersion: 1, ...report }, null, 2).replace(
    unescaped,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${text}\n`;
}
