#!/usr/bin/env node
// Benchmark: how many simple requests per second the Okta emulator serves, so that it is never what a benchmark of
// the tool measures. The emulator runs in its own process (as `okta-access emulator`); this process is the client:
// 32 keep-alive connections issuing GET /api/v1/users/{login} for a few seconds, then a list page of 200 users.
// Usage: node bench/emulator-throughput.mjs [--seconds N] [--out BENCHMARKS.md]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, writeSection } from './report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const seconds = Number(option('--seconds') ?? 5);
const out = option('--out');
const json = option('--json');
const connections = 32;

const directory = mkdtempSync(path.join(os.tmpdir(), 'okta-emulator-bench-'));
const seed = path.join(directory, 'seed.yaml');
const people = 1000;
writeFileSync(
  seed,
  `users:\n${Array.from({ length: people }, (_, i) => `  - {email: person${i}@example.com, firstName: P${i}, lastName: Bench}\n`).join('')}`,
);
const child = spawn(
  process.execPath,
  [path.join(root, 'bin/okta-access.js'), 'emulator', '--port', '0', '--seed', seed],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NO_COLOR: '1' },
  },
);
try {
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (found) resolve(found[1]);
    });
    child.once('exit', () => reject(new Error(`the emulator exited: ${text}`)));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const get = (pathAndQuery) =>
    new Promise((resolve, reject) => {
      const request = http.get(
        `${url}${pathAndQuery}`,
        { agent, headers: { authorization: 'SSWS okta-emulator-token' } },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode));
        },
      );
      request.on('error', reject);
    });

  const measure = async (label, pathFor) => {
    let done = 0;
    let failed = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const worker = async (w) => {
      for (let i = w; performance.now() < deadline; i += connections) {
        const status = await get(pathFor(i));
        if (status === 200) done++;
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
    const elapsed = (performance.now() - started) / 1000;
    return { label, requests: done, failed, seconds: elapsed, perSecond: done / elapsed };
  };
  const single = await measure(
    'GET /api/v1/users/{login} (one user)',
    (i) => `/api/v1/users/person${i % people}@example.com`,
  );
  const pages = await measure(
    'GET /api/v1/users?limit=200 (a page of 200 users)',
    () => '/api/v1/users?limit=200',
  );
  const result = {
    date: new Date().toISOString(),
    machine: machine(),
    connections,
    results: [single, pages],
  };
  console.log(JSON.stringify(result, null, 2));
  if (json !== undefined) writeFileSync(json, JSON.stringify(result));
  if (out !== undefined) {
    writeSection(path.resolve(root, out), 'emulator-throughput', [
      '## Emulator headroom',
      '',
      `Measured ${result.date.slice(0, 10)} on ${result.machine}: the emulator in its own process, ${connections} keep-alive connections from a client process on the same machine, ${seconds} s per row.`,
      '',
      '| request | requests per second | failed |',
      '| --- | --- | --- |',
      ...result.results.map(
        (row) => `| ${row.label} | ${Math.round(row.perSecond).toLocaleString('en-US')} | ${row.failed} |`,
      ),
      '',
      "The tool's own benchmarks run far below these rates (Okta's limits are at most a few thousand requests per minute), so the emulator is not what they measure. The plan benchmark's baselines run as fast as the emulator answers; what they report is a count of requests, which does not depend on its speed.",
    ]);
  }
  agent.destroy();
} finally {
  child.kill('SIGINT');
  rmSync(directory, { recursive: true, force: true });
}
