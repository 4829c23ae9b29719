#!/usr/bin/env node
// Measures the emulator's fidelity with a suite nobody here wrote: Okta's own integration tests of its Node SDK
// (okta-sdk-nodejs `test/it/`), run file by file with the SDK's own runner (mocha + ts-node, the SDK's .mocharc.js)
// against a fresh emulator seeded with one active admin user, as a real org has. Prints pass/fail per file and totals.
// `npm run test:okta-sdk` (builds first); not part of `npm test`. Fetches nothing: see --help for the one-time setup.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The SDK's test files for users, groups, memberships, apps and app-group assignments (56 tests in 8.2.0). */
export const sdkTestFiles = [
  'user-get',
  'user-lifecycle',
  'user-profile-update',
  'client-list-users',
  'group-get',
  'group-list',
  'group-search',
  'group-update',
  'group-user-operations',
  'group-app',
  'client-create-application',
  'client-get-application',
  'client-list-applications',
  'client-update-application',
  'client-activate-application',
  'client-deactivate-application',
  'application-delete',
  'application-update',
  'application-activate-deactivate',
  'application-get-group-assignment',
  'application-list-group-assignments',
  'application-group-assignment-delete',
  'application-update-group-assignment',
  'client-delete-group-application-assignment',
  'client-get-group-application-assignment',
  'client-list-application-group-assignment',
  'client-update-group-application-assignment',
];

const help = `Usage: OKTA_SDK_SOURCES=DIR npm run test:okta-sdk [-- --files a,b] [-- --timeout SECONDS]

Runs Okta's integration tests of okta-sdk-nodejs (DIR/test/it/*.ts, users, groups, memberships, apps and
app-group assignments: ${sdkTestFiles.length} files) against a fresh local emulator seeded with one active admin
user, and prints pass/fail per file, every failure with its message, and the totals. Exit code 0 when every test
passed, 1 when one failed, 2 when the setup is incomplete.

  OKTA_SDK_SOURCES  a checkout of okta-sdk-nodejs (tested with 8.2.0): its src/ and test/ are used as they are.
  --files a,b       run only these files (names without .ts).
  --timeout S       stop a file that runs longer than S seconds (default 300).

Nothing is downloaded at run time. One-time setup of the SDK checkout (its runtime dependencies and the test
runner it declares in its own package.json, installed into DIR/node_modules, nothing into this project):

  cd "$OKTA_SDK_SOURCES" && npm install --no-package-lock --ignore-scripts

(about 600 packages, a minute; mocha, chai, sinon, @faker-js/faker, ts-node and tsconfig-paths are what the
test files use.)

The tests run as the SDK runs them (mocha with ts-node and tsconfig-paths, which map @okta/okta-sdk-nodejs to the
SDK's own src/), with TypeScript type checking off (TS_NODE_TRANSPILE_ONLY): what is measured is the emulator's
answers, not the test files' types.`;

function option(args, name) {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

function fail(message, code = 2) {
  process.stderr.write(`test-okta-sdk: ${message}\n`);
  process.exit(code);
}

/** Runs one test file with the SDK's mocha; resolves to the JSON reporter's result (or a failure of the file). */
function runFile(sources, file, emulator, timeoutMs, scratch) {
  const output = path.join(scratch, `${file}.json`);
  const mocha = path.join(sources, 'node_modules', 'mocha', 'bin', 'mocha.js');
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [mocha, '--reporter', 'json', '--reporter-option', `output=${output}`, `test/it/${file}.ts`],
      {
        cwd: sources,
        env: {
          ...process.env,
          OKTA_CLIENT_ORGURL: emulator.url,
          OKTA_CLIENT_TOKEN: emulator.token,
          OKTA_CLIENT_AUTHORIZATIONMODE: 'SSWS',
          TS_NODE_TRANSPILE_ONLY: 'true',
          TEST_TYPE: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    child.stdout.on('data', (chunk) => {
      log += chunk;
    });
    child.stderr.on('data', (chunk) => {
      log += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let report;
      try {
        report = JSON.parse(readFileSync(output, 'utf8'));
      } catch {
        report = undefined;
      }
      resolve({ code, signal, log, report });
    });
  });
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${help}\n`);
    return;
  }
  const sources = process.env.OKTA_SDK_SOURCES;
  if (sources === undefined || sources === '')
    fail('set OKTA_SDK_SOURCES to a checkout of okta-sdk-nodejs (see --help)');
  const only = option(args, '--files');
  const files = only === undefined ? sdkTestFiles : only.split(',').filter((name) => name !== '');
  const timeoutMs = Number(option(args, '--timeout') ?? 300) * 1000;
  for (const file of files) {
    if (!existsSync(path.join(sources, 'test', 'it', `${file}.ts`)))
      fail(`${path.join(sources, 'test', 'it', `${file}.ts`)} does not exist`);
  }
  const missing = [
    'mocha',
    'chai',
    '@faker-js/faker',
    'sinon',
    'ts-node',
    'tsconfig-paths',
    'node-fetch',
  ].filter((name) => !existsSync(path.join(sources, 'node_modules', name, 'package.json')));
  if (missing.length > 0)
    fail(`${sources}/node_modules lacks ${missing.join(', ')}: run the one-time setup shown by --help`);
  const serverModule = path.join(root, 'build', 'emulator', 'server.js');
  if (!existsSync(serverModule)) fail('build/ is missing: run `npm run build` (npm run test:okta-sdk does)');
  const { startEmulator } = await import(pathToFileURL(serverModule).href);

  const emulator = await startEmulator({
    seed: { users: [{ firstName: 'Org', lastName: 'Admin', email: 'admin@example.com' }] },
  });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'okta-sdk-it-'));
  let passed = 0;
  let failed = 0;
  let pending = 0;
  try {
    process.stdout.write(`okta-sdk-nodejs integration tests from ${sources} against ${emulator.url}\n`);
    for (const file of files) {
      const started = Date.now();
      const { code, signal, log, report } = await runFile(sources, file, emulator, timeoutMs, scratch);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (report === undefined) {
        failed++;
        const why = signal === null ? `mocha exited ${code} without a report` : `stopped after ${seconds} s`;
        process.stdout.write(`FAIL ${file}: ${why}\n${indent(log.slice(-2000))}\n`);
        continue;
      }
      const { stats, failures } = report;
      passed += stats.passes;
      failed += stats.failures;
      pending += stats.pending;
      const verdict = stats.failures === 0 ? 'PASS' : 'FAIL';
      const skipped = stats.pending > 0 ? `, ${stats.pending} skipped` : '';
      process.stdout.write(
        `${verdict} ${file}: ${stats.passes}/${stats.passes + stats.failures} passed${skipped} (${seconds} s)\n`,
      );
      for (const failure of failures) {
        process.stdout.write(`  ✗ ${failure.fullTitle}\n${indent(String(failure.err?.message ?? ''), 6)}\n`);
      }
    }
  } finally {
    await emulator.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stdout.write(`\n${files.length} files\n${passed} passed, ${failed} failed, ${pending} skipped\n`);
  process.exitCode = failed === 0 ? 0 : 1;
}

function indent(text, spaces = 4) {
  const pad = ' '.repeat(spaces);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `${pad}${line}`)
    .join('\n');
}

await main();
