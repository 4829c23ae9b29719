import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { describeHits, resetSecretScan, scanForSecrets } from './secrets.js';

/**
 * Registered in vitest.config.ts `setupFiles`: after every test, scans what the test's helpers captured (CLI output,
 * plans, reports, bodies sent to the GitHub stand-in) and every file under the temporary folders that appeared during
 * the test (`okta-*` in the system temp folder: repositories, journals, saved plans, reports, evidence packs) for the
 * secrets the helpers registered and for anything shaped like a private key or a bearer token. A hit fails the test.
 */

const temporary = tmpdir();
let before = new Set<string>();

function temporaryFolders(): string[] {
  try {
    return readdirSync(temporary).filter((name) => name.startsWith('okta'));
  } catch {
    return [];
  }
}

beforeEach(() => {
  resetSecretScan();
  before = new Set(temporaryFolders());
});

afterEach(() => {
  const created = temporaryFolders()
    .filter((name) => !before.has(name))
    .map((name) => path.join(temporary, name));
  const hits = scanForSecrets(created);
  resetSecretScan();
  if (hits.length > 0) throw new Error(describeHits(hits));
});
