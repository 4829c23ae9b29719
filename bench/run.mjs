#!/usr/bin/env node
// Runs every benchmark, each in its own child process, and writes BENCHMARKS.md and BENCHMARKS.json: the machine, the
// date, the commit, every figure with its ratio, its target and whether it passed, then each benchmark's own section.
// Usage: node bench/run.mjs [--quick] [--out FILE.md] [--json FILE.json]   (npm run bench / npm run bench:quick)
//   full:  the full sizes (20,000 users, 100,000 memberships, 1,000,000 rows…); writes BENCHMARKS.md and BENCHMARKS.json at the repository root.
//   quick: one tenth of every size, shorter windows; writes into a new temporary directory unless --out is given,
//          never over the committed BENCHMARKS.md. No target is enforced in either mode: the run fails only when a
//          benchmark fails or a figure is missing or not a number.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { figures } from './figures.mjs';
import { machine, writeSection } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const quick = args.includes('--quick');
const outDirectory =
  quick && option('--out') === undefined
    ? mkdtempSync(path.join(os.tmpdir(), 'okta-access-bench-quick-'))
    : root;
const mdFile = path.resolve(option('--out') ?? path.join(outDirectory, 'BENCHMARKS.md'));
const jsonFile = path.resolve(
  option('--json') ?? path.join(path.dirname(mdFile), `${path.basename(mdFile, '.md')}.json`),
);

/** Each benchmark: its script and its arguments at full size and at one tenth. */
const benchmarks = [
  { id: 'local', script: 'validate-million.mjs', full: [], quick: ['--rows', '100000'] },
  { id: 'emulator', script: 'emulator-throughput.mjs', full: ['--seconds', '5'], quick: ['--seconds', '2'] },
  { id: 'plan', script: 'plan-requests.mjs', full: [], quick: ['--scale', '0.1'] },
  // Quick: 1,000 additions; the same allowed rate (80 % of 600 per 5 s = 96/s) on half-length windows.
  {
    id: 'apply',
    script: 'apply-throughput.mjs',
    full: [],
    quick: ['--users', '100', '--window', '5', '--limit', '600'],
  },
  {
    id: 'audit',
    script: 'audit-history.mjs',
    full: ['--weeks', '260', '--rows', '60000'],
    quick: ['--weeks', '26', '--rows', '6000'],
  },
  // About a second at full size: quick mode runs the same sizes, so its figure is the one of record too.
  { id: 'header', script: 'header-columns.mjs', full: [], quick: [] },
];

if (!existsSync(path.join(root, 'build', 'pipeline', 'plan.js'))) {
  console.error('bench/run.mjs: build/ is missing; run `npm run build` first (npm run bench does).');
  process.exit(2);
}

const started = performance.now();
const work = mkdtempSync(path.join(os.tmpdir(), 'okta-access-bench-run-'));
const draft = path.join(work, 'BENCHMARKS.md');
const commit = gitCommit();
const date = new Date().toISOString();
writeFileSync(
  draft,
  [
    '# Benchmarks',
    '',
    `Written by \`${quick ? 'npm run bench:quick' : 'npm run bench'}\` (\`node bench/run.mjs${quick ? ' --quick' : ''}\`) on ${date.slice(0, 16).replace('T', ' ')} UTC, commit \`${commit}\`, on ${machine()}${quick ? ' — **quick mode: one tenth of every size, a smoke check, not the figures of record**' : ''}. The same figures are in \`${path.basename(jsonFile)}\`.`,
    '',
    '<!-- summary -->',
    '<!-- summary -->',
    '',
  ].join('\n'),
);

const results = {};
try {
  for (const benchmark of benchmarks) {
    const json = path.join(work, `${benchmark.id}.json`);
    const benchStarted = performance.now();
    process.stderr.write(`bench: ${benchmark.id} (${benchmark.script}) … `);
    await run(path.join(here, benchmark.script), [
      ...(quick ? benchmark.quick : benchmark.full),
      '--out',
      draft,
      '--json',
      json,
    ]);
    results[benchmark.id] = JSON.parse(readFileSync(json, 'utf8'));
    process.stderr.write(`${((performance.now() - benchStarted) / 1000).toFixed(0)} s\n`);
  }
  const list = figures(results);
  const missing = list.filter((figure) => typeof figure.value !== 'number' || !Number.isFinite(figure.value));
  const seconds = (performance.now() - started) / 1000;
  writeSection(draft, 'summary', summaryLines(list, seconds));
  const report = {
    mode: quick ? 'quick' : 'full',
    date,
    commit,
    machine: machineFacts(),
    durationSeconds: seconds,
    figures: list,
    benchmarks: results,
  };
  copyFileSync(draft, mdFile);
  writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(screen(list, seconds));
  if (missing.length > 0) {
    console.error(`bench: missing or not a number: ${missing.map((figure) => figure.id).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function run(script, argv) {
  return new Promise((resolve, reject) => {
    // The benchmark's JSON goes to --json; its own printout is kept only to show when it fails.
    const child = spawn(process.execPath, [script, ...argv], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(script)} exited ${code}:\n${output}`)),
    );
  });
}

function gitCommit() {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty', '--abbrev=12'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

function machineFacts() {
  return {
    summary: machine(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
}

function show(figure) {
  const digits = figure.digits ?? 3;
  if (figure.percent === true) return `${(figure.value * 100).toFixed(2)} %`;
  return `${figure.value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${figure.unit === undefined ? '' : ` ${figure.unit}`}`;
}

function verdict(figure) {
  if (figure.pass === null) return '—';
  if (quick) return figure.pass ? 'holds' : 'below (full size only)';
  return figure.pass ? 'pass' : '**FAIL**';
}

function summaryLines(list, seconds) {
  return [
    '## Summary',
    '',
    ...(quick
      ? [
          'Quick mode: the targets are those of the full sizes, shown for reference; at one tenth of the size and on shorter windows some are not expected to hold (the apply limiter loses a fixed margin per window, which weighs more on 5-second windows).',
          '',
        ]
      : []),
    '| figure | value | target | result |',
    '| --- | --- | --- | --- |',
    ...list.map(
      (figure) =>
        `| ${figure.headline ? `**${figure.name}**` : figure.name} | ${typeof figure.value === 'number' && Number.isFinite(figure.value) ? show(figure) : 'missing'} | ${figure.target ?? '—'} | ${verdict(figure)} |`,
    ),
    '',
    `The whole run took ${(seconds / 60).toFixed(1)} minutes. The machine is shared (load average ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(', ')} at the end): seconds vary from run to run, ratios measured side by side much less.`,
  ];
}

function screen(list, seconds) {
  const width = Math.max(...list.map((figure) => figure.name.length));
  const lines = list.map((figure) => {
    const value =
      typeof figure.value === 'number' && Number.isFinite(figure.value) ? show(figure) : 'MISSING';
    const target =
      figure.target === undefined
        ? ''
        : `  (target ${figure.target}: ${quick ? (figure.pass ? 'holds' : 'below; held at full size only') : figure.pass ? 'pass' : 'FAIL'})`;
    return `  ${figure.name.replaceAll('`', '').padEnd(width)}  ${value}${target}`;
  });
  return [
    `okta-access-gitops benchmarks (${quick ? 'quick' : 'full'}), ${(seconds / 60).toFixed(1)} min, commit ${commit}`,
    ...lines,
    `written: ${mdFile}`,
    `         ${jsonFile}`,
  ].join('\n');
}
