import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageName = 'okta-access-gitops';
let cached: string | undefined;

/**
 * The folder of this package's package.json, found by walking up from this module's folder: `src/` under the test
 * runner, `build/` for the CLI, `dist/` for the bundled GitHub Action (where esbuild defines `import.meta.url` from
 * `__filename`). Files shipped with the package (schemas/, package.json, examples/) are read relative to it.
 */
export function packageRoot(): string {
  cached ??= findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
  return cached;
}

function findPackageRoot(start: string): string {
  let directory = start;
  for (;;) {
    if (isThisPackage(path.join(directory, 'package.json'))) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) {
      throw new Error(`no package.json named ${packageName} above ${start}: the package is incomplete`);
    }
    directory = parent;
  }
}

function isThisPackage(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === packageName;
  } catch {
    return false;
  }
}
