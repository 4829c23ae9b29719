import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadDesired } from '../../src/load/index.js';

/**
 * Every folder under test/fixtures/invalid/ is an access repository with one mistake, and an expect.yaml naming the
 * diagnostic (code, file, line and optionally col) it must produce. Adding a folder adds a test.
 */
const corpus = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));
const now = new Date('2026-11-23T00:00:00Z');

interface Expectation {
  code: string;
  file: string;
  line: number;
  col?: number;
}

const cases = readdirSync(corpus, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('the invalid corpus', () => {
  it('holds at least 30 repositories', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (name) => {
    const directory = path.join(corpus, name);
    const expected = parse(readFileSync(path.join(directory, 'expect.yaml'), 'utf8')) as {
      expect: Expectation[];
    };
    const result = await loadDesired({ configPath: path.join(directory, 'okta-access.yaml'), env: {}, now });
    const found = result.diagnostics.map((d) => ({
      code: d.code,
      file: path.relative(directory, path.resolve(d.file)).split(path.sep).join('/'),
      line: d.line,
      col: d.col,
      severity: d.severity,
    }));
    expect(found.some((d) => d.severity === 'error')).toBe(true);
    for (const expectation of expected.expect) {
      const match = found.find(
        (d) =>
          d.code === expectation.code &&
          d.file === expectation.file &&
          d.line === expectation.line &&
          (expectation.col === undefined || d.col === expectation.col),
      );
      expect(
        match,
        `expected ${JSON.stringify(expectation)} among ${JSON.stringify(found, null, 1)}`,
      ).toBeDefined();
    }
  });
});
