import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/load/config.js';

function configFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'okta-access-config-')), 'okta-access.yaml');
  writeFileSync(file, text);
  return file;
}

describe('safety.percentFloor in okta-access.yaml', () => {
  it('defaults to 50 and takes a whole number from 0', async () => {
    expect((await loadConfig(configFile('version: 1\n'), {})).config?.safety.percentFloor).toBe(50);
    const set = await loadConfig(configFile('version: 1\nsafety:\n  percentFloor: 0\n'), {});
    expect(set.diagnostics).toEqual([]);
    expect(set.config?.safety.percentFloor).toBe(0);
  });

  it.each([
    ['-1', 'SCHEMA_RANGE'],
    ['2.5', 'SCHEMA_TYPE'],
    ['"50"', 'SCHEMA_TYPE'],
    ['.inf', 'SCHEMA_TYPE'],
  ])('refuses %s at its position, and nothing loads', async (value, code) => {
    const loaded = await loadConfig(configFile(`version: 1\nsafety:\n  percentFloor: ${value}\n`), {});
    expect(loaded.config).toBeUndefined();
    expect(loaded.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', code, line: 3, col: 17 }),
    );
  });
});
