import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleAction, bundleFile } from '../../scripts/build-action.mjs';

describe('dist/index.cjs', () => {
  it('is the bundle of the sources as they are now', async () => {
    const { contents, warnings } = await bundleAction();
    expect(warnings).toEqual([]);
    const committed = readFileSync(bundleFile);
    const fresh = Buffer.from(contents);
    // One boolean, not a 12 MB diff in the failure message.
    if (!fresh.equals(committed)) expect.fail('dist/ is stale: run npm run build:action');
  });

  it('defines import.meta.url from the bundle file and keeps no import.meta of its own', () => {
    const text = readFileSync(bundleFile, 'utf8');
    expect(text.startsWith("const __importMetaUrl = require('url').pathToFileURL(__filename).href;\n")).toBe(
      true,
    );
    expect(text).not.toContain('import.meta');
  });
});
