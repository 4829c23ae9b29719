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
  /** True once `code` in `file` is past the cap: further ones are only counted (their hints are never shown). */
  isCapped(file: string, code: string): boolean;
  /** Counts `times` more `code` in `file` past the cap, the last at `at`, without making their diagnostics. */
  tally(file: string, code: string, at: { readonly line: number; readonly col: number }, times: number): void;
  /** How many errors were added for `file` (shown path). */
  errorsIn(file: string): number;
  /** Every diagnostic kept, plus one summary per (file, code) that went over the cap. */
  finish(): Diagnostic[];
}

export function createCollector(maxPerFileAndCode = 50): Collector {
  const kept: Diagnostic[] = [];
  // By file, then by code: no key string is built per diagnostic (a header of 80,000 bad columns adds 80,000).
  const counts = new Map<
    string,
    Map<string, { count: number; last: Diagnostic; lastAt?: { line: number; col: number } }>
  >();
  let errors = 0;
  const errorsByFile = new Map<string, number>();
  function add(d: Diagnostic): void {
    if (d.severity === 'error') {
      errors++;
      errorsByFile.set(d.file, (errorsByFile.get(d.file) ?? 0) + 1);
    }
    let byCode = counts.get(d.file);
    if (byCode === undefined) {
      byCode = new Map();
      counts.set(d.file, byCode);
    }
    const entry = byCode.get(d.code);
    if (entry === undefined) {
      byCode.set(d.code, { count: 1, last: d });
    } else {
      entry.count++;
      entry.last = d;
      delete entry.lastAt;
    }
    const count = entry === undefined ? 1 : entry.count;
    if (count <= maxPerFileAndCode) kept.push(d);
  }
  return {
    add,
    addAll(ds) {
      for (const d of ds) add(d);
    },
    hasErrors: () => errors > 0,
    tally(file, code, at, times) {
      const entry = counts.get(file)?.get(code);
      if (entry === undefined) return;
      entry.count += times;
      entry.lastAt = at;
      if (entry.last.severity === 'error') {
        errors += times;
        errorsByFile.set(file, (errorsByFile.get(file) ?? 0) + times);
      }
    },
    isCapped: (file, code) => (counts.get(file)?.get(code)?.count ?? 0) >= maxPerFileAndCode,
    errorsIn: (file) => errorsByFile.get(file) ?? 0,
    finish() {
      const summaries: Diagnostic[] = [];
      for (const { count, last, lastAt } of [...counts.values()].flatMap((byCode) => [...byCode.values()])) {
        if (count <= maxPerFileAndCode) continue;
        summaries.push(
          diagnostic(
            last.severity,
            last.code,
            last.file,
            lastAt ?? { line: last.line, col: last.col },
            `${count - maxPerFileAndCode} more ${last.code} in this file (${count} in all; the last is here)`,
            'only the first ones are listed one by one',
          ),
        );
      }
      return [...kept, ...summaries];
    },
  };
}
