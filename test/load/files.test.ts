import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInside } from '../../src/load/files.js';

describe('readInside', () => {
  const outside = mkdtempSync(path.join(tmpdir(), 'okta-access-outside-'));
  const root = mkdtempSync(path.join(tmpdir(), 'okta-access-root-'));
  writeFileSync(path.join(outside, 'secret.csv'), 'not yours\n');
  writeFileSync(path.join(root, 'rows.csv'), 'a,b\n');
  mkdirSync(path.join(root, 'apps'));
  symlinkSync(path.join(outside, 'secret.csv'), path.join(root, 'apps', 'linked.csv'));

  it('reads a file below the root', async () => {
    const result = await readInside(root, path.join(root, 'rows.csv'), 100);
    expect(result.ok && result.bytes.toString()).toBe('a,b\n');
  });

  it('refuses a symbolic link that leads out of the root', async () => {
    const result = await readInside(root, path.join(root, 'apps', 'linked.csv'), 100);
    expect(result).toMatchObject({ ok: false, reason: 'outside-repo' });
  });

  it('refuses a file over the size limit without reading it, and reports a missing one', async () => {
    expect(await readInside(root, path.join(root, 'rows.csv'), 3)).toMatchObject({
      ok: false,
      reason: 'too-large',
    });
    expect(await readInside(root, path.join(root, 'nope.csv'), 3)).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
    expect(await readInside(root, path.join(root, 'apps'), 3)).toMatchObject({
      ok: false,
      reason: 'unreadable',
    });
  });
});
