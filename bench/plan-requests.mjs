#!/usr/bin/env node
// Benchmark: the requests `plan` makes on a synthetic org against the fewest requests that can read the same state
// at Okta's page limits, with the plan's CPU time and peak memory. The org runs in the emulator, in its own process.
// Default size (the plan issue): 20,000 users; 1,000 entitlement groups over 10 apps; 100,000 memberships; 1 % drift.
// Usage: node bench/plan-requests.mjs [--scale 0.1] [--out BENCHMARKS.md]
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
  // The plan itself, measured alone: CPU time and peak memory of this process.
  const { runPlan } = await import('../build/pipeline/plan.js');
  const { openPort } = await import('../build/cli/commands/plan.js');
  const started = performance.now();
  const before = process.cpuUsage();
  const result = await runPlan({
    configPath: args[1],
    env: { OKTA_ORG_URL: args[2], OKTA_API_TOKEN: 'okta-emulator-token' },
    openPort: openPort(1),
  });
  const cpu = process.cpuUsage(before);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics.slice(0, 5)));
  console.log(
    JSON.stringify({
      wallMs: performance.now() - started,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssKiB: process.resourceUsage().maxRSS,
      requests: result.plan.reads.requests,
      byEndpoint: result.plan.reads.byEndpoint,
      userResolution: result.plan.reads.userResolutionReason,
      changes: result.plan.summary.byKind,
    }),
  );
} else {
  await main();
}

async function main() {
  const scale = Number(option('--scale') ?? 1);
  const out = option('--out');
  const size = {
    users: Math.round(20_000 * scale),
    apps: 10,
    entitlementsPerApp: Math.max(1, Math.round(100 * scale)),
    memberships: Math.round(100_000 * scale),
    drift: 0.01,
  };
  const directory = mkdtempSync(path.join(os.tmpdir(), 'okta-access-plan-bench-'));
  try {
    const org = generate(directory, size);
    const emulator = spawn(
      process.execPath,
      [path.join(root, 'bin/okta-access.js'), 'emulator', '--port', '0', '--seed', org.seed],
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
        execFileSync(process.execPath, [here, '--child', org.config, url], {
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        }),
      );
      const result = {
        date: new Date().toISOString(),
        machine: machine(),
        size,
        lowerBound: org.lowerBound,
        ...measured,
        ratio: measured.requests / org.lowerBound.total,
      };
      console.log(JSON.stringify(result, null, 2));
      if (out !== undefined) report(path.resolve(root, out), result);
    } finally {
      emulator.kill('SIGINT');
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The access repository (desired) and the emulator seed (actual, with drift), plus the read lower bound. */
function generate(directory, size) {
  const people = Array.from({ length: size.users }, (_, i) => ({
    email: `user${i}@example.com`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
  }));
  const groups = [];
  for (let a = 0; a < size.apps; a++) {
    for (let e = 0; e < size.entitlementsPerApp; e++)
      groups.push({ app: `App${a}`, entitlement: `Role${e}` });
  }
  // Memberships spread evenly: group g holds users g*k .. g*k+per-1 (mod users), distinct within a group.
  const perGroup = Math.floor(size.memberships / groups.length);
  const desired = groups.map((_, g) => Array.from({ length: perGroup }, (_, k) => (g * 97 + k) % size.users));
  // Drift: half of the 1 % missing from Okta (adds), half extra in Okta (removes).
  const driftCount = Math.round(size.memberships * size.drift);
  const actual = desired.map((members) => new Set(members));
  for (let d = 0; d < driftCount; d++) {
    const g = (d * 7919) % groups.length;
    if (d % 2 === 0) {
      actual[g].delete(desired[g][d % perGroup]);
    } else {
      actual[g].add((desired[g][0] + perGroup + d) % size.users);
    }
  }

  mkdirSync(path.join(directory, 'repo', 'apps'), { recursive: true });
  writeFileSync(
    path.join(directory, 'repo', 'okta-access.yaml'),
    'version: 1\nsafety:\n  maxDeletes: 100000\n  maxDeletePercent: 100\n',
  );
  for (let a = 0; a < size.apps; a++) {
    const label = `App${a}`;
    const rows = ['firstName,lastName,email,managerEmail,appName,groupName'];
    groups.forEach((group, g) => {
      if (group.app !== label) return;
      for (const u of desired[g]) {
        const person = people[u];
        rows.push(`${person.firstName},${person.lastName},${person.email},,${label},${group.entitlement}`);
      }
    });
    writeFileSync(
      path.join(directory, 'repo', 'apps', `${label}.yaml`),
      `label: ${label}\ncsv: ${label}.csv\n`,
    );
    writeFileSync(path.join(directory, 'repo', 'apps', `${label}.csv`), `${rows.join('\n')}\n`);
  }
  const seed = {
    users: people,
    groups: groups.map((group, g) => ({
      name: `${group.app}-${group.entitlement}`,
      description: marker,
      members: [...actual[g]].map((u) => people[u].email),
    })),
    apps: Array.from({ length: size.apps }, (_, a) => ({
      label: `App${a}`,
      groups: groups
        .filter((group) => group.app === `App${a}`)
        .map((group) => `${group.app}-${group.entitlement}`),
    })),
  };
  const seedFile = path.join(directory, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));

  // The fewest requests that read the same state at Okta's page limits: all apps (200 a page), each app's
  // assignments (200), all groups with counts (10,000), each non-empty group's members (1,000); users come with the
  // member lists, so none are needed unless an email is in no group.
  const inAnyGroup = new Set(actual.flatMap((members) => [...members]));
  const wanted = new Set(desired.flat());
  const unresolved = [...wanted].filter((u) => !inAnyGroup.has(u)).length;
  const lowerBound = {
    apps: Math.ceil(size.apps / 200),
    assignments: Array.from({ length: size.apps }, () =>
      Math.max(1, Math.ceil(size.entitlementsPerApp / 200)),
    ).reduce((a, b) => a + b, 0),
    groups: Math.max(1, Math.ceil((groups.length + 1) / 10_000)),
    members: actual.reduce(
      (sum, members) => sum + (members.size === 0 ? 0 : Math.ceil(members.size / 1000)),
      0,
    ),
    users: unresolved === 0 ? 0 : Math.min(Math.ceil(unresolved / 20), Math.ceil(size.users / 200)),
  };
  lowerBound.total =
    lowerBound.apps + lowerBound.assignments + lowerBound.groups + lowerBound.members + lowerBound.users;
  return { config: path.join(directory, 'repo', 'okta-access.yaml'), seed: seedFile, lowerBound };
}

function report(file, r) {
  writeSection(file, 'plan-requests', [
    '## Plan: requests against the lower bound',
    '',
    `Measured ${r.date.slice(0, 10)} on ${r.machine}. Synthetic org in the emulator (its own process): ${r.size.users.toLocaleString('en-US')} users, ${(r.size.apps * r.size.entitlementsPerApp).toLocaleString('en-US')} entitlement groups over ${r.size.apps} apps, ${r.size.memberships.toLocaleString('en-US')} memberships, ${r.size.drift * 100} % drift.`,
    '',
    '| measurement | value |',
    '| --- | --- |',
    `| requests made by \`plan\` | ${r.requests.toLocaleString('en-US')} |`,
    `| lower bound at Okta's page limits | ${r.lowerBound.total.toLocaleString('en-US')} (apps ${r.lowerBound.apps}, assignments ${r.lowerBound.assignments}, groups ${r.lowerBound.groups}, members ${r.lowerBound.members}, users ${r.lowerBound.users}) |`,
    `| **ratio** requests ÷ lower bound | **${r.ratio.toFixed(3)}** (target ≤ 1.05) |`,
    `| plan CPU time (load, read, diff, plan) | ${(r.cpuMs / 1000).toFixed(1)} s |`,
    `| plan wall time | ${(r.wallMs / 1000).toFixed(1)} s |`,
    `| plan peak memory (RSS) | ${(r.maxRssKiB / 1024).toFixed(0)} MiB |`,
    `| user resolution | ${r.userResolution} |`,
    `| changes | ${Object.entries(r.changes)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ')} |`,
    '',
    'Requests by endpoint: ' +
      Object.entries(r.byEndpoint)
        .map(([endpoint, n]) => `\`${endpoint}\` ${n}`)
        .join(', ') +
      '.',
  ]);
}
