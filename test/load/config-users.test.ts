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

describe('users: in okta-access.yaml', () => {
  it('turns sourcing on, with deactivateRemoved off unless said', async () => {
    const loaded = await loadConfig(
      configFile('version: 1\nusers:\n  source: identity-source\n  identitySourceId: 0oa3l6l6WK6h0R0QW0g4\n'),
      {},
    );
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config?.users).toEqual({
      source: 'identity-source',
      identitySourceId: '0oa3l6l6WK6h0R0QW0g4',
      deactivateRemoved: false,
      declared: { file: expect.stringMatching(/okta-access\.yaml$/), line: 4, col: 21 },
    });
  });

  it('is off when absent', async () => {
    const loaded = await loadConfig(configFile('version: 1\n'), {});
    expect(loaded.config).toBeDefined();
    expect(loaded.config?.users).toBeUndefined();
  });

  it('reports a wrong source, a missing id and an unknown key at their positions', async () => {
    const loaded = await loadConfig(
      configFile('version: 1\nusers:\n  source: scim\n  deactivateRemovd: true\n'),
      {},
    );
    expect(loaded.config).toBeUndefined();
    expect(loaded.diagnostics.map(({ code, line, col }) => ({ code, line, col }))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'SCHEMA_REQUIRED', line: 2 }),
        expect.objectContaining({ line: 3, col: 11 }),
        expect.objectContaining({ code: 'SCHEMA_UNKNOWN_KEY', line: 4, col: 3 }),
      ]),
    );
    expect(
      loaded.diagnostics.every((d) => d.severity === 'error' && d.file.endsWith('okta-access.yaml')),
    ).toBe(true);
  });
});
