import { describe, expect, it } from 'vitest';
import { createCollector } from '../../src/load/collector.js';
import { diagnostic } from '../../src/load/diagnose.js';

describe('createCollector', () => {
  it('keeps the first diagnostics of a code in a file and summarises the rest', () => {
    const collector = createCollector(3);
    for (let line = 1; line <= 10; line++) {
      collector.add(diagnostic('error', 'CSV_INVALID_EMAIL', 'a.csv', { line, col: 1 }, 'bad'));
    }
    collector.add(diagnostic('warning', 'CSV_WHITESPACE', 'a.csv', { line: 2, col: 1 }, 'spaces'));
    const result = collector.finish();
    expect(result.filter((d) => d.code === 'CSV_INVALID_EMAIL').map((d) => d.line)).toEqual([1, 2, 3, 10]);
    expect(result.at(-1)?.message).toContain('7 more CSV_INVALID_EMAIL in this file (10 in all');
    expect(result.some((d) => d.code === 'CSV_WHITESPACE')).toBe(true);
    expect(collector.hasErrors()).toBe(true);
  });
});
