import type { Diagnostic, DiagnosticCode, Position, Severity } from '../model/diagnostic.js';

export const startOfFile: Position = { line: 1, col: 1 };

export function diagnostic(
  severity: Severity,
  code: DiagnosticCode,
  file: string,
  at: Position,
  message: string,
  hint?: string,
): Diagnostic {
  return hint === undefined
    ? { severity, code, file, line: at.line, col: at.col, message }
    : { severity, code, file, line: at.line, col: at.col, message, hint };
}

/** The closest of `candidates` to `word` (case-insensitive Levenshtein), when close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = word.toLowerCase();
  const tolerance = Math.max(1, Math.floor(word.length / 3));
  for (const candidate of candidates) {
    // The distance is at least the difference in length: a cell of megabytes is compared with nothing.
    const other = candidate.toLowerCase();
    if (Math.abs(other.length - lower.length) > tolerance) continue;
    const distance = editDistance(lower, other);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= tolerance ? best : undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = closest(word, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
