#!/usr/bin/env node
// Benchmark: the local cost of `plan` on an access repository of 1,000,000 CSV rows — load, validate, and diff
// against an equal actual state — against csv-parse alone on the same files.
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

if (mode === 'local') {
  // The local half of `plan`, timed by phase in one process: load and validate the repository, assemble the actual
  // model with the read's own code from Okta-shaped records equal to the desired state (an in-memory port: no HTTP),
  // then diff. The diff must find nothing to do.
  const { loadDesired } = await import('../build/load/index.js');
  const { desiredOrg } = await import('../build/diff/desired.js');
  const { readActual } = await import('../build/read/actual.js');
  const { diff } = await import('../build/diff/diff.js');
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const startedCpu = cpu();
  const started = performance.now();
  const loaded = await loadDesired({ configPath: args[2], env: {} });
  const loadedAt = performance.now();
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
  if (loaded.state === undefined || errors > 0) {
    console.log(JSON.stringify({ errors, rows: loaded.state?.rowCount ?? 0 }));
    process.exit(0);
  }
  const state = loaded.state;
  const desired = desiredOrg(state);
  const emails = new Set();
  for (const group of desired.groups.values()) for (const email of group.members.keys()) emails.add(email);
  const desiredAt = performance.now();
  const desiredCpu = cpu();
  const read = await readActual(equalPort(desired), desired, {
    marker: state.config.ownership.marker,
    naming: state.config.naming.group,
    emails,
  });
  const readAt = performance.now();
  const readCpu = cpu();
  const result = diff({ desired, actual: read.actual, users: read.users });
  const diffedAt = performance.now();
  const diffedCpu = cpu();
  console.log(
    JSON.stringify({
      rows: state.rowCount,
      errors,
      loadMs: loadedAt - started,
      desiredMs: desiredAt - loadedAt,
      readMs: readAt - desiredAt,
      diffMs: diffedAt - readAt,
      // CPU time of the measured phases (load, desired model, diff), the read's assembly left out.
      cpuMs: desiredCpu - startedCpu + (diffedCpu - readCpu),
      groups: read.actual.groups.size,
      members: [...read.actual.groups.values()].reduce((sum, group) => sum + group.members.size, 0),
      users: read.users.size,
      changes: result.changes.length,
      diffErrors: result.diagnostics.filter((d) => d.severity === 'error').length,
      maxRssKiB: process.resourceUsage().maxRSS,
    }),
  );
} else if (mode === 'parse') {
  const { parse } = await import('csv-parse/sync');
  const startedCpu = process.cpuUsage();
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
  const { user, system } = process.cpuUsage(startedCpu);
  console.log(
    JSON.stringify({ ms, cpuMs: (user + system) / 1000, rows, maxRssKiB: process.resourceUsage().maxRSS }),
  );
} else {
  await main();
}

async function main() {
  const rows = Number(option('--rows') ?? 1_000_000);
  const out = option('--out');
  const json = option('--json');
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
    // Twice each, interleaved, keeping the fastest of each: the machine is shared, and a burst of other work during
    // one child would otherwise skew the ratio. Peak memory is the largest of the runs.
    const parses = [];
    const locals = [];
    for (let round = 0; round < 2; round++) {
      parses.push(child('parse', files.csv));
      locals.push(child('local', [files.config]));
    }
    const fastest = (runs, time) => runs.reduce((best, run) => (time(run) < time(best) ? run : best));
    const parsed = {
      ...fastest(parses, (run) => run.ms),
      cpuMs: Math.min(...parses.map((run) => run.cpuMs)),
      maxRssKiB: Math.max(...parses.map((run) => run.maxRssKiB)),
    };
    const local = {
      ...fastest(locals, (run) => run.loadMs + run.desiredMs + run.diffMs),
      cpuMs: Math.min(...locals.map((run) => run.cpuMs)),
      maxRssKiB: Math.max(...locals.map((run) => run.maxRssKiB)),
    };
    if (local.errors !== 0 || local.rows !== rows) {
      throw new Error(`validation of the synthetic repository went wrong: ${JSON.stringify(local)}`);
    }
    if (local.changes !== 0 || local.diffErrors !== 0 || local.members !== rows) {
      throw new Error(`the diff against an equal org found something to do: ${JSON.stringify(local)}`);
    }
    const measuredMs = local.loadMs + local.desiredMs + local.diffMs;
    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      rows,
      csvBytes: files.bytes,
      groups: local.groups,
      users: local.users,
      changes: local.changes,
      loadSeconds: local.loadMs / 1000,
      desiredSeconds: local.desiredMs / 1000,
      readSeconds: local.readMs / 1000,
      diffSeconds: local.diffMs / 1000,
      localSeconds: measuredMs / 1000,
      peakMiB: local.maxRssKiB / 1024,
      parseSeconds: parsed.ms / 1000,
      parsePeakMiB: parsed.maxRssKiB / 1024,
      ratio: measuredMs / parsed.ms,
      ratioWithRead: (measuredMs + local.readMs) / parsed.ms,
      localCpuSeconds: local.cpuMs / 1000,
      parseCpuSeconds: parsed.cpuMs / 1000,
      cpuRatio: local.cpuMs / parsed.cpuMs,
    };
    console.log(JSON.stringify(result, null, 2));
    if (json !== undefined) writeFileSync(json, JSON.stringify(result));
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

function report(file, f) {
  const n = (value, digits = 1) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  writeSection(file, 'validate-million', [
    `## Local cost: load, validate and diff of ${f.rows.toLocaleString('en-US')} CSV rows`,
    '',
    `Measured ${f.date.slice(0, 10)} on ${f.machine}. Synthetic repository: 10 apps × 100 entitlements, ${f.rows.toLocaleString('en-US')} rows over ${f.users.toLocaleString('en-US')} people, ${n(f.csvBytes / 2 ** 20, 0)} MiB of CSV.`,
    `A child process does the local half of \`plan\`: \`loadDesired\` (read, parse, schema, every rule), the desired model, then \`diff\` against an actual model equal to it — ${f.groups.toLocaleString('en-US')} managed groups assigned to their apps, every row a membership — which the read's own code (\`readActual\`) assembles from Okta-shaped records served from memory. The diff finds ${f.changes} changes. csv-parse alone runs on the same files in another child process.`,
    '',
    '| measurement | time | peak memory (RSS) |',
    '| --- | --- | --- |',
    `| load + validate (\`loadDesired\`) | ${n(f.loadSeconds)} s | |`,
    `| desired model (\`desiredOrg\`) | ${n(f.desiredSeconds)} s | |`,
    `| diff (\`diff\`, 0 changes) | ${n(f.diffSeconds)} s | |`,
    `| **load + validate + diff** | **${n(f.localSeconds)} s** | **${n(f.peakMiB, 0)} MiB** (whole process; target < 2,048 MiB) |`,
    `| assembling the equal actual model (\`readActual\`, not in the ratio) | ${n(f.readSeconds)} s | |`,
    `| csv-parse alone on the same files | ${n(f.parseSeconds)} s | ${n(f.parsePeakMiB, 0)} MiB |`,
    `| **ratio** load + validate + diff ÷ csv-parse | **${n(f.ratio, 2)}×** (target ≤ 4) | |`,
    `| ratio with the actual model's assembly too | ${n(f.ratioWithRead, 2)}× | |`,
    `| CPU time: load + validate + diff, csv-parse, **ratio** | ${n(f.localCpuSeconds)} s, ${n(f.parseCpuSeconds)} s, **${n(f.cpuRatio, 2)}×** | |`,
    '',
    'Each side ran twice, interleaved, and the fastest run of each counts (peak memory: the largest). The machine is shared: seconds vary with its load, ratios measured side by side much less, and CPU-time ratios least.',
  ]);
}

/**
 * An Okta port answering, from memory, what an org equal to the desired model would: every app (id, label), every
 * group with its description and member count, assigned to its app, and its members as user records. Records are
 * made on each call, as the HTTP port makes them from each page.
 */
function equalPort(desired) {
  const apps = [...desired.apps.values()].map((app, a) => ({
    id: `0oa${String(a).padStart(17, '0')}`,
    label: app.label,
    name: 'bookmark',
    status: 'ACTIVE',
  }));
  const appIds = new Map(apps.map((app) => [app.label, app.id]));
  const groups = [...desired.groups.values()].map((group, g) => ({
    id: `00g${String(g).padStart(17, '0')}`,
    name: group.name,
    description: group.description,
    type: 'OKTA_GROUP',
    usersCount: group.members.size,
    app: group.app,
    members: group.members,
  }));
  const byId = new Map(groups.map((group) => [group.id, group]));
  const userIds = new Map();
  const record = (email) => {
    let id = userIds.get(email);
    if (id === undefined) {
      id = `00u${String(userIds.size).padStart(17, '0')}`;
      userIds.set(email, id);
    }
    return { id, status: 'ACTIVE', login: email, email, firstName: null, lastName: null, managerId: null };
  };
  const unused = (name) => () => {
    throw new Error(`the local benchmark's port has no ${name}`);
  };
  return {
    orgUrl: 'https://bench.okta.example',
    stats: () => ({ requests: 0 }),
    listApps: async () => ({
      apps: apps.map(({ id, label, name, status }) => ({ id, label, name, status })),
      complete: true,
    }),
    findAppsByLabel: async (label) => apps.filter((app) => app.label.startsWith(label)),
    listAppGroupIds: async (appId) =>
      groups.filter((group) => appIds.get(group.app) === appId).map((group) => group.id),
    listGroups: async () =>
      groups.map(({ id, name, description, type, usersCount }) => ({
        id,
        name,
        description,
        type,
        usersCount,
      })),
    listGroupMembers: async (groupId) => [...(byId.get(groupId)?.members.keys() ?? [])].map(record),
    searchUsersByEmail: async (wanted) => wanted.map(record),
    listAllUsers: unused('listAllUsers'),
    getGroup: unused('getGroup'),
    findGroupsByName: unused('findGroupsByName'),
  };
}

function option(name) {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}
