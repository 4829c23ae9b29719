#!/usr/bin/env node
// Benchmark: validating a CSV whose header holds very many unknown columns — 80,000 against 10,000. Each unknown
// column is reported at its own position, so the cost must grow linearly with the header's width: the figure is the
// ratio of the two validate times (linear work gives 8×; the target is ≤ 10×). Each round starts from a collected
// heap: without it a round pays for the garbage of the one before, and an 80,000-cell record kept alive makes every
// young-generation collection copy it — which is the collector's cost, not the validation's.
// Usage: node bench/header-columns.mjs [--out BENCHMARKS.md] [--json FILE]   (the same sizes in quick mode: it takes
// about a second)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { machine, writeSection } from './report.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const out = option('--out');
const json = option('--json');
const { loadDesired } = await import('../build/load/index.js');
// Each round starts from a collected heap, so that one round does not pay for the garbage of the one before.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

const header = 'firstName,lastName,email,managerEmail,appName,groupName';
const directory = mkdtempSync(path.join(os.tmpdir(), 'okta-access-bench-header-'));
try {
  const narrow = repository('narrow', 10_000);
  const wide = repository('wide', 80_000);
  // A warm-up, then five rounds interleaved, keeping the fastest of each: the machine is shared.
  await validate(narrow, 10_000);
  await validate(wide, 80_000);
  const narrowRuns = [];
  const wideRuns = [];
  for (let round = 0; round < 5; round++) {
    narrowRuns.push(await validate(narrow, 10_000));
    wideRuns.push(await validate(wide, 80_000));
  }
  const fastest = (runs, key) => Math.min(...runs.map((run) => run[key]));
  const result = {
    date: new Date().toISOString(),
    machine: machine(),
    narrowColumns: 10_000,
    wideColumns: 80_000,
    narrowMs: fastest(narrowRuns, 'ms'),
    wideMs: fastest(wideRuns, 'ms'),
    narrowCpuMs: fastest(narrowRuns, 'cpuMs'),
    wideCpuMs: fastest(wideRuns, 'cpuMs'),
  };
  result.ratio = result.wideMs / result.narrowMs;
  result.cpuRatio = result.wideCpuMs / result.narrowCpuMs;
  if (json !== undefined) writeFileSync(json, JSON.stringify(result));
  if (out !== undefined) report(out, result);
  console.log(JSON.stringify(result));
} finally {
  rmSync(directory, { recursive: true, force: true });
}

/** A repository with one app whose CSV header has `columns` unknown columns after the six known ones. */
function repository(name, columns) {
  const root = path.join(directory, name);
  mkdirSync(path.join(root, 'apps'), { recursive: true });
  writeFileSync(path.join(root, 'okta-access.yaml'), 'version: 1\n');
  writeFileSync(
    path.join(root, 'apps', 'payroll.yaml'),
    'label: Payroll\ncsv: payroll.csv\nentitlements:\n  - {name: Admin}\n',
  );
  const names = Array.from({ length: columns }, (_, i) => `unknown${i}`);
  writeFileSync(
    path.join(root, 'apps', 'payroll.csv'),
    `${header},${names.join(',')}\nAda,Example,ada@example.com,,Payroll,Admin${',v'.repeat(columns)}\n`,
  );
  return path.join(root, 'okta-access.yaml');
}

async function validate(configPath, columns) {
  collectGarbage();
  // Let the collector's background sweeping finish before the clock starts.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const loaded = await loadDesired({ configPath, env: {} });
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(startedCpu);
  const unknown = loaded.diagnostics.filter((d) => d.code === 'CSV_HEADER_UNKNOWN_COLUMN');
  // 50 listed one by one, then one summary of the rest.
  if (unknown.length !== 51 || !unknown.at(-1).message.includes(`${columns - 50} more`)) {
    throw new Error(`unexpected diagnostics for ${columns} columns: ${JSON.stringify(unknown.at(-1))}`);
  }
  return { ms, cpuMs: (user + system) / 1000 };
}

function report(file, f) {
  const n = (value, digits = 0) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  writeSection(file, 'header-columns', [
    '## A CSV header of very many unknown columns',
    '',
    `Measured ${f.date.slice(0, 10)} on ${f.machine}. One app whose CSV header holds the six known columns and then ${n(f.narrowColumns)} or ${n(f.wideColumns)} unknown ones, each reported at its own line and column (\`loadDesired\`, in one process, after a warm-up; the fastest of five rounds, each from a collected heap).`,
    '',
    '| header | validate time (wall) | CPU time |',
    '| --- | --- | --- |',
    `| ${n(f.narrowColumns)} unknown columns | ${n(f.narrowMs, 1)} ms | ${n(f.narrowCpuMs, 1)} ms |`,
    `| ${n(f.wideColumns)} unknown columns | ${n(f.wideMs, 1)} ms | ${n(f.wideCpuMs, 1)} ms |`,
    `| **ratio** ${n(f.wideColumns)} ÷ ${n(f.narrowColumns)} | **${n(f.ratio, 2)}×** (target ≤ 10; linear work gives 8) | ${n(f.cpuRatio, 2)}× |`,
  ]);
}
