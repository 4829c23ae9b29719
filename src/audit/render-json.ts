import type { AuditReport } from './model.js';

/** The report as a versioned JSON document. */
export function renderAuditJson(report: AuditReport): string {
  return `${JSON.stringify({ formatVersion: 1, ...report }, null, 2)}\n`;
}
