// Bundles the GitHub Action (src/action/index.ts) into dist/index.cjs, the file action.yml runs on node24.
// `npm run build:action`; test/action/dist.test.ts bundles again with the same options and fails when dist/ is stale.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bundleFile = path.join(packageRoot, 'dist', 'index.cjs');

/**
 * The esbuild options. The sources are ESM and read shipped files (schemas/, package.json) through packageRoot()
 * (src/package-root.ts), which starts from `import.meta.url`; CommonJS has no `import.meta`, so the banner derives the
 * URL from `__filename` (dist/index.cjs) and `define` puts it wherever the sources say `import.meta.url`.
 * Deterministic: paths in the output are relative to the package root, no timestamps, no legal comments.
 * @type {import('esbuild').BuildOptions & { write: false }}
 */
export const actionBuildOptions = {
  absWorkingDir: packageRoot,
  entryPoints: ['src/action/index.ts'],
  outfile: 'dist/index.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: false,
  legalComments: 'none',
  charset: 'utf8',
  sourcemap: false,
  logLevel: 'silent',
  banner: {
    js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;",
  },
  define: { 'import.meta.url': '__importMetaUrl' },
  write: false,
};

/** Bundles in memory and returns the bytes of dist/index.cjs, with esbuild's warnings. */
export async function bundleAction() {
  const result = await build(actionBuildOptions);
  const [output] = result.outputFiles;
  if (output === undefined || result.outputFiles.length !== 1) {
    throw new Error(`esbuild produced ${result.outputFiles.length} files; expected dist/index.cjs only`);
  }
  return { contents: output.contents, warnings: result.warnings };
}

async function main() {
  const { contents, warnings } = await bundleAction();
  for (const warning of warnings) {
    const where = warning.location === null ? '' : `${warning.location.file}:${warning.location.line}: `;
    process.stderr.write(`warning: ${where}${warning.text}\n`);
  }
  await mkdir(path.dirname(bundleFile), { recursive: true });
  await writeFile(bundleFile, contents);
  process.stdout.write(
    `${path.relative(process.cwd(), bundleFile)}: ${(contents.byteLength / 1024 / 1024).toFixed(2)} MiB\n`,
  );
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
