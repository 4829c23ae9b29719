#!/usr/bin/env node
// The okta-access command. The TypeScript sources are compiled to build/ by `npm run build` (run by `npm ci`).
let cli;
try {
  cli = await import('../build/cli/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('build/cli/main.js')) {
    process.stderr.write(
      'okta-access is not built yet: run `npm run build` (or `npm ci`) in its folder first.\n',
    );
    process.exit(70);
  }
  throw error;
}
process.exitCode = await cli.run(process.argv.slice(2));
