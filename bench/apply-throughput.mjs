#!/usr/bin/env node
// Benchmark: how close `apply` runs to the rate Okta allows it. 10,000 membership additions (10 existing managed groups,
// empty, × 1,000 users) against the emulator in its own process, with Okta's Workforce buckets on a shortened window:
// every bucket keeps its per-minute limit but on a 10-second window, so the membership bucket (`/api/v1/*`, 1,200 a
// minute at Okta) allows 1,200 per 10 s. Apply runs in a child process with the CLI's port (--max-capacity 80,
// --concurrency 16) and is timed from the first write to the last.
// Usage: node bench/apply-throughput.mjs [--window 10] [--limit 1200] [--max-capacity 80] [--concurrency 16]
//        [--groups 10] [--users 1000] [--out BENCHMARKS.md]
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, writeSection } from './report.mjs';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const marker = '[managed by okta-access-gitops]';

if (args[0] === '--child') {
  // Apply itself, in its own process: the same runApply and port as `okta-access apply --auto-approve`.
  const [, configPath, url, capacity, concurrency, journalPath] = args;
  const { runApply } = await import('../build/pipeline/apply.js');
  const { openPort } = await import('../build/cli/commands/plan.js');
  let writesFrom;
  let writesTo;
  const started = performance.now();
  const result = await runApply({
    configPath,
    env: { OKTA_ORG_URL: url, OKTA_API_TOKEN: 'okta-emulator-token' },
    openPort: openPort(Number(capacity) / 100, Number(concurrency)),
    allowDeletes: false,
    concurrency: Number(concurrency),
    journalPath,
    // Told once the fresh plan is read and checked, right before the first write.
    onStatus: () => {
      writesFrom ??= performance.now();
    },
    onProgress: (done, total) => {
      if (done === total) writesTo = performance.now();
    },
  });
  const finished = performance.now();
  if (!result.ok) throw new Error(`apply did not run: ${JSON.stringify(result).slice(0, 2000)}`);
  console.log(
    JSON.stringify({
      wallMs: finished - started,
      writeMs: writesTo - writesFrom,
      counts: result.report.counts,
      requests: result.report.requests,
      verification: result.report.verification,
      ok: result.report.ok,
    }),
  );
} else {
  await main();
}

async function main() {
  const setup = {
    windowSeconds: Number(option('--window') ?? 10),
    limit: Number(option('--limit') ?? 1200),
    capacity: Number(option('--max-capacity') ?? 80),
    concurrency: Number(option('--concurrency') ?? 16),
    groups: Number(option('--groups') ?? 10),
    users: Number(option('--users') ?? 1000),
  };
  const out = option('--out');
  const json = option('--json');
  const directory = mkdtempSync(path.join(os.tmpdir(), 'okta-access-apply-bench-'));
  try {
    const files = generate(directory, setup);
    const emulator = spawn(
      process.execPath,
      [
        path.join(root, 'bin/okta-access.js'),
        'emulator',
        '--port',
        '0',
        '--seed',
        files.seed,
        '--rate-limits',
        files.rateLimits,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' } },
    );
    try {
      const url = await new Promise((resolve, reject) => {
        let text = '';
        emulator.stdout.on('data', (chunk) => {
          text += chunk;
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
          if (found) resolve(found[1]);
        });
        emulator.once('exit', () => reject(new Error(`the emulator exited: ${text}`)));
      });
      const measured = JSON.parse(
        execFileSync(
          process.execPath,
          [
            here,
            '--child',
            files.config,
            url,
            String(setup.capacity),
            String(setup.concurrency),
            path.join(directory, 'journal.jsonl'),
          ],
          { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] },
        ),
      );
      const seen = await (await fetch(`${url}/__emulator/requests`)).json();
      const writes = setup.groups * setup.users;
      const allowedPerSecond = ((setup.capacity / 100) * setup.limit) / setup.windowSeconds;
      const achievedPerSecond = writes / (measured.writeMs / 1000);
      const bucketRequests = Object.entries(seen.byEndpoint)
        .filter(([endpoint]) => /^(GET|PUT|DELETE) \/api\/v1\/groups\/:groupId\/users/.test(endpoint))
        .reduce((sum, [, n]) => sum + n, 0);
      // The limiter's share of a window (it keeps ⌈(1 − capacity) × limit⌉ free), how many windows the writes need, and
      // how long each took on average: the excess over the window is the limiter's margin at each reset.
      const perWindow =
        setup.limit - Math.min(Math.ceil((1 - setup.capacity / 100) * setup.limit - 1e-9), setup.limit - 1);
      const windows = Math.ceil(writes / perWindow);
      const marginSeconds =
        windows > 1 ? (measured.writeMs / 1000 - (windows - 1) * setup.windowSeconds) / (windows - 1) : 0;
      const result = {
        date: new Date().toISOString(),
        perWindow,
        windows,
        marginSeconds,
        projected60: 60 / (60 + marginSeconds),
        machine: machine(),
        setup,
        writes,
        applied: measured.counts.applied,
        ok: measured.ok,
        allowedPerSecond,
        achievedPerSecond,
        efficiency: achievedPerSecond / allowedPerSecond,
        requests: seen.total,
        status429: seen.byStatus['429'] ?? 0,
        rate429: (seen.byStatus['429'] ?? 0) / seen.total,
        bucketRequests,
        floorSeconds: bucketRequests / allowedPerSecond,
        wallSeconds: measured.wallMs / 1000,
        writeSeconds: measured.writeMs / 1000,
        wallOverFloor: measured.wallMs / 1000 / (bucketRequests / allowedPerSecond),
        port: measured.requests,
      };
      console.log(JSON.stringify(result, null, 2));
      if (!result.ok || result.applied !== writes) throw new Error('apply did not apply every change');
      if (json !== undefined) writeFileSync(json, JSON.stringify(result));
      if (out !== undefined) report(path.resolve(root, out), result);
    } finally {
      emulator.kill('SIGINT');
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The access repository (every user in every group), the seed (the same groups, empty) and the rate limits. */
function generate(directory, setup) {
  const people = Array.from({ length: setup.users }, (_, i) => ({
    email: `user${i}@example.com`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
  }));
  const roles = Array.from({ length: setup.groups }, (_, g) => `Role${g}`);
  mkdirSync(path.join(directory, 'repo', 'apps'), { recursive: true });
  writeFileSync(path.join(directory, 'repo', 'okta-access.yaml'), 'version: 1\n');
  writeFileSync(
    path.join(directory, 'repo', 'apps', 'bench.yaml'),
    `label: Bench\ncsv: bench.csv\nentitlements:\n${roles.map((role) => `  - {name: ${role}}\n`).join('')}`,
  );
  const rows = ['firstName,lastName,email,managerEmail,appName,groupName'];
  for (const role of roles) {
    for (const person of people)
      rows.push(`${person.firstName},${person.lastName},${person.email},,Bench,${role}`);
  }
  writeFileSync(path.join(directory, 'repo', 'apps', 'bench.csv'), `${rows.join('\n')}\n`);
  const seed = {
    users: people,
    groups: roles.map((role) => ({ name: `Bench-${role}`, description: marker })),
    apps: [{ label: 'Bench', groups: roles.map((role) => `Bench-${role}`) }],
  };
  writeFileSync(path.join(directory, 'seed.json'), JSON.stringify(seed));
  // Okta's Workforce buckets (src/emulator/rate-limits.ts), each scaled like the membership bucket.
  const scale = setup.limit / 1200;
  const buckets = [
    { name: 'users-get-one', methods: ['GET'], path: '/api/v1/users/{id}', limit: 2000 },
    { name: 'users-write-one', methods: ['POST', 'PUT', 'DELETE'], path: '/api/v1/users/{id}', limit: 600 },
    { name: 'users', methods: ['GET', 'POST'], path: '/api/v1/users', limit: 600 },
    { name: 'apps-one', path: '/api/v1/apps/{id}', limit: 500 },
    { name: 'apps', path: '/api/v1/apps*', limit: 100 },
    { name: 'groups-one', path: '/api/v1/groups/{id}', limit: 1000 },
    { name: 'groups', path: '/api/v1/groups', limit: 500 },
    { name: 'governance', path: '/governance/api/*', limit: 600 },
    { name: 'api-v1', path: '/api/v1/*', limit: 1200 },
  ].map((bucket) => ({ ...bucket, limit: Math.max(1, Math.round(bucket.limit * scale)) }));
  writeFileSync(
    path.join(directory, 'rate-limits.json'),
    JSON.stringify({ windowSeconds: setup.windowSeconds, concurrency: 75, buckets }),
  );
  return {
    config: path.join(directory, 'repo', 'okta-access.yaml'),
    seed: path.join(directory, 'seed.json'),
    rateLimits: path.join(directory, 'rate-limits.json'),
  };
}

function report(file, r) {
  const n = (value, digits = 0) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  writeSection(file, 'apply-throughput', [
    '## Apply: throughput against the rate limit',
    '',
    `Measured ${r.date.slice(0, 10)} on ${r.machine}. ${n(r.writes)} membership additions (${r.setup.groups} existing managed groups × ${n(r.setup.users)} users) applied by \`runApply\` in its own process, the emulator in another, with Okta's Workforce buckets on a ${r.setup.windowSeconds}-second window: each bucket allows ${n(r.setup.limit / 1200, 2)} × its per-minute limit per window, so the membership bucket (\`/api/v1/*\`, 1,200 a minute at Okta) allows ${n(r.setup.limit)} per ${r.setup.windowSeconds} s. \`--max-capacity ${r.setup.capacity}\`, \`--concurrency ${r.setup.concurrency}\`.`,
    '',
    '| measurement | value |',
    '| --- | --- |',
    `| allowed rate (capacity share × limit ÷ window) | ${n(r.allowedPerSecond, 1)} requests/s |`,
    `| achieved rate, first write to last | ${n(r.achievedPerSecond, 1)} requests/s |`,
    `| **ratio** achieved ÷ allowed | **${n(r.efficiency, 3)}** (target ≥ 0.9) |`,
    `| **429s ÷ requests** | **${n(r.rate429 * 100, 2)} %** (${n(r.status429)} of ${n(r.requests)}; target ≤ 1 %) |`,
    `| apply wall time (read, write, read back) | ${n(r.wallSeconds, 1)} s (writes: ${n(r.writeSeconds, 1)} s) |`,
    `| floor: ${n(r.bucketRequests)} requests in the membership bucket ÷ allowed rate | ${n(r.floorSeconds, 1)} s |`,
    `| **wall time ÷ floor** | **${n(r.wallOverFloor, 3)}** |`,
    `| port: requests, retries, 429s received, time waited | ${n(r.port.total)}, ${n(r.port.retries)}, ${n(r.port.rateLimited)}, ${n(r.port.waitedMs / 1000, 1)} s |`,
    `| windows used (${n(r.perWindow)} writes each at this capacity share) | ${n(r.windows)}; each took ${n(r.setup.windowSeconds + r.marginSeconds, 2)} s on average (${n(r.marginSeconds, 2)} s past the window) |`,
    '',
    `Why the ratio is below 1: after spending its share of a window, the limiter waits until the bucket's reset by the server's clock (estimated from every \`Date\` header) plus 250 ms (decision 0003); \`X-Rate-Limit-Reset\` has whole-second precision and Okta's windows start with the first request, not on a second, so the wait ends up to about 1 s after the window does — here ${n(r.marginSeconds, 2)} s per window on average. That margin is fixed per window: it costs ${n((r.marginSeconds / (r.setup.windowSeconds + r.marginSeconds)) * 100, 0)} % of a ${r.setup.windowSeconds}-second window but would cost ${n((1 - r.projected60) * 100, 1)} % of Okta's 60-second windows, a projected ratio of **${n(r.projected60, 3)}** there. Wall time ÷ floor carries the same margin; the 429 share does not depend on the window length.`,
  ]);
}
