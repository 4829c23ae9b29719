#!/usr/bin/env node
// Benchmark: validating an access repository of 1,000,000 CSV rows, against csv-parse alone on the same files.
// Each measurement runs in a fresh child process so its peak memory (maxRSS) is its own.
// Usage: node bench/validate-million.mjs [--rows N] [--out BENCHMARKS.md]   (npm run bench builds first)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, writeSection } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const mode = args[0] === '--child' ? args[1] : undefined;

if (mode === 'validate') {
  const { loadDesired } = await import('../build/load/index.js');
  const started = performance.now();
  const result = await loadDesired({ configPath: args[2], env: {} });
  const ms = performance.now() - started;
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  console.log(
    JSON.stringify({
      ms,
      rows: result.state?.rowCount ?? 0,
      errors,
      maxRssKiB: process.resourceUsage().maxRSS,
    }),
  );
} else if (mode === 'parse') {
  const { parse } = await import('csv-parse/sync');
  const started = performance.now();
  let rows = 0;
  for (const file of args.slice(2)) {
    // csv-parse alone, streaming records away as validation does, so the ratio measures our work, not storage.
    parse(readFileSync(file, 'utf8'), {
      on_record: () => {
        rows++;
        return null;
      },
    });
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, rows, maxRssKiB: process.resourceUsage().maxRSS }));
} else {
  await main();
}

async function main() {
  const rows = Number(option('--rows') ?? 1_000_000);
  const out = option('--out');
  const directory = mkdtempSync(path.join(os.tmpdir(), 'okta-access-bench-'));
  try {
    const files = generate(directory, rows);
    const child = (kind, extra) =>
      JSON.parse(
        execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, ...extra], {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        }),
      );
    const parsed = child('parse', files.csv);
    const validated = child('validate', [files.config]);
    if (validated.errors !== 0 || validated.rows !== rows) {
      throw new Error(`validation of the synthetic repository went wrong: ${JSON.stringify(validated)}`);
    }
    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      rows,
      csvBytes: files.bytes,
      validateSeconds: validated.ms / 1000,
      validatePeakMiB: validated.maxRssKiB / 1024,
      parseSeconds: parsed.ms / 1000,
      parsePeakMiB: parsed.maxRssKiB / 1024,
      ratio: validated.ms / parsed.ms,
    };
    console.log(JSON.stringify(result, null, 2));
    if (out !== undefined) report(path.resolve(root, out), result);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A repository of 10 apps × 100 entitlements; people hold ~10 entitlements each over the apps. */
function generate(directory, rows) {
  const apps = 10;
  const entitlements = 100;
  const people = Math.max(1, Math.round(rows / 10));
  mkdirSync(path.join(directory, 'apps'));
  writeFileSync(path.join(directory, 'okta-access.yaml'), 'version: 1\nlimits:\n  maxCsvBytes: 1073741824\n');
  const csv = [];
  let bytes = 0;
  const perApp = Math.ceil(rows / apps);
  let written = 0;
  for (let a = 0; a < apps; a++) {
    const label = `App${String(a).padStart(2, '0')}`;
    const names = Array.from({ length: entitlements }, (_, e) => `Role${String(e).padStart(3, '0')}`);
    writeFileSync(
      path.join(directory, 'apps', `${label}.yaml`),
      `label: ${label}\ncsv: ${label}.csv\nentitlements:\n${names.map((n) => `  - name: ${n}\n`).join('')}`,
    );
    const lines = ['firstName,lastName,email,managerEmail,appName,groupName'];
    for (let i = 0; i < perApp && written < rows; i++, written++) {
      // Row i of app a: person p, entitlement e; (p, e) pairs are distinct within an app.
      const p = i % people;
      const e = (Math.floor(i / people) + p) % entitlements;
      const manager = p === 0 ? '' : `person${Math.floor((p - 1) / 8)}@example.com`;
      lines.push(`First${p},Last${p},person${p}@example.com,${manager},${label},${names[e]}`);
    }
    const text = `${lines.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    const file = path.join(directory, 'apps', `${label}.csv`);
    writeFileSync(file, text);
    csv.push(file);
  }
  return { config: path.join(directory, 'okta-access.yaml'), csv, bytes };
}

function report(file, figures) {
  writeSection(file, 'validate-million', [
    '## Validating 1,000,000 CSV rows',
    '',
    `Measured ${figures.date.slice(0, 10)} on ${figures.machine}. Command: \`npm run bench\`.`,
    `Synthetic repository: 10 apps × 100 entitlements, ${figures.rows.toLocaleString('en-US')} rows over ~${(figures.rows / 10).toLocaleString('en-US')} people, ${(figures.csvBytes / 2 ** 20).toFixed(0)} MiB of CSV.`,
    '',
    '| measurement | time | peak memory (RSS) |',
    '| --- | --- | --- |',
    `| \`okta-access validate\` (load, schema, every rule) | ${figures.validateSeconds.toFixed(1)} s | ${figures.validatePeakMiB.toFixed(0)} MiB |`,
    `| csv-parse alone on the same files | ${figures.parseSeconds.toFixed(1)} s | ${figures.parsePeakMiB.toFixed(0)} MiB |`,
    `| **ratio** validate ÷ csv-parse | **${figures.ratio.toFixed(2)}×** | |`,
    '',
    'The ratio is the figure to compare between runs: this machine is shared, so seconds vary and ratios measured side by side do not.',
  ]);
}

function option(name) {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}
