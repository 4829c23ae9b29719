import type { Diagnostic } from '../model/diagnostic.js';
import { diagnostic } from './diagnose.js';

/**
 * Accumulates diagnostics. A file with one systematic mistake on a million rows would otherwise print a million
 * lines: past `maxPerFileAndCode` of one code in one file, the rest are counted and summarised at the end.
 */
export interface Collector {
  add(d: Diagnostic): void;
  addAll(ds: Iterable<Diagnostic>): void;
  hasErrors(): boolean;
  /** How many errors were added for `file` (shown path). */
  errorsIn(file: string): number;
  /** Every diagnostic kept, plus one summary per (file, code) that went over the cap. */
  finish(): Diagnostic[];
}

export function createCollector(maxPerFileAndCode = 50): Collector {
  const kept: Diagnostic[] = [];
  const counts = new Map<string, { count: number; last: Diagnostic }>();
  let errors = 0;
  const errorsByFile = new Map<string, number>();
  function add(d: Diagnostic): void {
    if (d.severity === 'error') {
      errors++;
      errorsByFile.set(d.file, (errorsByFile.get(d.file) ?? 0) + 1);
    }
    const key = `${d.file}\0${d.code}`;
    const entry = counts.get(key) ?? { count: 0, last: d };
    entry.count++;
    entry.last = d;
    counts.set(key, entry);
    if (entry.count <= maxPerFileAndCode) kept.push(d);
  }
  return {
    add,
    addAll(ds) {
      for (const d of ds) add(d);
    },
    hasErrors: () => errors > 0,
    errorsIn: (file) => errorsByFile.get(file) ?? 0,
    finish() {
      const summaries: Diagnostic[] = [];
      for (const { count, last } of counts.values()) {
        if (count <= maxPerFileAndCode) continue;
        summaries.push(
          diagnostic(
            last.severity,
            last.code,
            last.file,
            { line: last.line, col: last.col },
            `${count - maxPerFileAndCode} more ${last.code} in this file (${count} in all; the last is here)`,
            'only the first ones are listed one by one',
          ),
        );
      }
      return [...kept, ...summaries];
    },
  };
}
