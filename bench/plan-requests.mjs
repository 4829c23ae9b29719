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
import { perResourceRefresh, rowAtATime } from './baselines.mjs';
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
  const json = option('--json');
  const concurrency = Number(option('--concurrency') ?? 32);
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
      const runPlanChild = () =>
        JSON.parse(
          execFileSync(process.execPath, [here, '--child', org.config, url], {
            encoding: 'utf8',
            maxBuffer: 1 << 24,
          }),
        );
      const admin = async (method, what) => {
        const response = await fetch(`${url}/__emulator/${what}`, { method });
        return response.status === 204 ? undefined : response.json();
      };
      // Each phase is counted by the emulator: its counters are cleared before and read after.
      const counted = async (phase) => {
        await admin('DELETE', 'requests');
        const started = performance.now();
        const outcome = await phase();
        const seconds = (performance.now() - started) / 1000;
        const seen = await admin('GET', 'requests');
        const failed = Object.entries(seen.byStatus)
          .filter(([status]) => Number(status) >= 400)
          .reduce((sum, [, n]) => sum + n, 0);
        if (failed > 0)
          throw new Error(`a phase saw ${failed} failed requests: ${JSON.stringify(seen.byStatus)}`);
        return { outcome, requests: seen.total, byEndpoint: seen.byEndpoint, seconds };
      };

      const planned = await counted(async () => runPlanChild());
      const measured = planned.outcome;
      if (planned.requests !== measured.requests) {
        throw new Error(`plan counted ${measured.requests} requests, the emulator ${planned.requests}`);
      }

      // Terraform's state: the IDs of the managed groups, their apps, and the apps (read off the emulator, uncounted).
      const state = await admin('GET', 'state');
      const appOfGroup = new Map(
        state.assignments.map((assignment) => [assignment.groupId, assignment.appId]),
      );
      const managed = state.groups.filter((group) => group.profile.description === marker);
      const perResource = await counted(() =>
        perResourceRefresh({
          url,
          groups: managed.map((group) => ({ id: group.id, appId: appOfGroup.get(group.id) })),
          apps: state.apps.map((app) => ({ id: app.id, label: app.label })),
          emails: org.emails,
          concurrency,
        }),
      );
      const actualMemberships = Object.values(state.members).reduce(
        (sum, members) => sum + members.length,
        0,
      );
      if (
        perResource.outcome.memberships !== actualMemberships ||
        perResource.outcome.assignments !== managed.length ||
        perResource.outcome.users !== org.emails.length
      ) {
        throw new Error(
          `the per-resource refresh read a different org: ${JSON.stringify(perResource.outcome)}`,
        );
      }

      const rowByRow = await counted(() => rowAtATime({ url, rows: org.rows, concurrency }));
      // The row-at-a-time flow only adds: afterwards the plan must find every addition made and the removals left.
      const after = runPlanChild();
      const addsLeft = after.changes['membership.add'] ?? 0;
      const removesLeft = after.changes['membership.remove'] ?? 0;
      if (addsLeft !== 0 || removesLeft !== org.drift.removes) {
        throw new Error(
          `after the row-at-a-time baseline the plan still finds ${addsLeft} adds, ${removesLeft} removes`,
        );
      }

      const baseline = (run) => ({
        requests: run.requests,
        byEndpoint: run.byEndpoint,
        seconds: run.seconds,
        overPlan: run.requests / measured.requests,
        overLowerBound: run.requests / org.lowerBound.total,
        outcome: run.outcome,
      });
      const result = {
        date: new Date().toISOString(),
        machine: machine(),
        size,
        concurrency,
        lowerBound: org.lowerBound,
        ...measured,
        ratio: measured.requests / org.lowerBound.total,
        rowAtATime: { ...baseline(rowByRow), addsLeft, removesLeft },
        perResource: baseline(perResource),
      };
      console.log(JSON.stringify(result, null, 2));
      if (json !== undefined) writeFileSync(json, JSON.stringify(result));
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
  // What the baselines work from: the CSV rows, and the distinct emails a Terraform configuration would look up.
  const rows = groups.flatMap((group, g) =>
    desired[g].map((u) => ({
      email: people[u].email,
      app: group.app,
      group: `${group.app}-${group.entitlement}`,
    })),
  );
  const emails = [...new Set(rows.map((row) => row.email))];
  return {
    config: path.join(directory, 'repo', 'okta-access.yaml'),
    seed: seedFile,
    lowerBound,
    rows,
    emails,
    drift: { adds: Math.ceil(driftCount / 2), removes: Math.floor(driftCount / 2) },
  };
}

function report(file, r) {
  const n = (value, digits = 0) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const endpoints = (byEndpoint) =>
    Object.entries(byEndpoint)
      .map(([endpoint, count]) => `\`${endpoint}\` ${n(count)}`)
      .join(', ');
  const rows = r.rowAtATime.outcome.rows;
  const groups = r.rowAtATime.outcome.groups;
  writeSection(file, 'plan-requests', [
    '## Plan: requests against the lower bound and two baselines',
    '',
    `Measured ${r.date.slice(0, 10)} on ${r.machine}. Synthetic org in the emulator (its own process, rate limits off): ${n(r.size.users)} users, ${n(r.size.apps * r.size.entitlementsPerApp)} entitlement groups over ${r.size.apps} apps, ${n(r.size.memberships)} memberships, ${r.size.drift * 100} % drift (${n(r.changes['membership.add'] ?? 0)} memberships missing from Okta, ${n(r.changes['membership.remove'] ?? 0)} extra). Every count is the emulator's own (\`/__emulator/requests\`, cleared before each run).`,
    '',
    '| measurement | requests | ÷ plan | ÷ lower bound |',
    '| --- | --- | --- | --- |',
    `| lower bound at Okta's page limits (apps ${r.lowerBound.apps}, assignments ${r.lowerBound.assignments}, groups ${r.lowerBound.groups}, members ${r.lowerBound.members}, users ${r.lowerBound.users}) | ${n(r.lowerBound.total)} | | 1 |`,
    `| \`plan\` | ${n(r.requests)} | 1 | **${n(r.ratio, 3)}** (target ≤ 1.05) |`,
    `| row-at-a-time baseline (Okta's example flow) | ${n(r.rowAtATime.requests)} | **${n(r.rowAtATime.overPlan, 1)}** (target ≥ 10) | ${n(r.rowAtATime.overLowerBound, 1)} |`,
    `| per-resource refresh baseline (Terraform's okta provider) | ${n(r.perResource.requests)} | **${n(r.perResource.overPlan, 1)}** | ${n(r.perResource.overLowerBound, 1)} |`,
    '',
    `\`plan\`: ${endpoints(r.byEndpoint)}. CPU time (load, read, diff, plan) ${n(r.cpuMs / 1000, 1)} s, wall time ${n(r.wallMs / 1000, 1)} s, peak memory ${n(r.maxRssKiB / 1024)} MiB. User resolution: ${r.userResolution}.`,
    '',
    `**Row-at-a-time** (\`bench/baselines.mjs\`), as Okta's example Workflows reconcile a CSV (flow M40 and its sub-flows: M41 checks each user by email, M42 the app by name, M44 finds each entitlement group by name, adds the users and assigns the group to the app). Per CSV row: \`GET /api/v1/users/{email}\`, \`GET /api/v1/groups?q={app}-{entitlement}\`, \`PUT /api/v1/groups/{gid}/users/{uid}\` — ${n(rows)} rows × 3; per app: \`GET /api/v1/apps?q={label}\`; per group: \`PUT /api/v1/apps/{aid}/groups/{gid}\`. Issued: ${endpoints(r.rowAtATime.byEndpoint)}, ${r.concurrency} at a time, in ${n(r.rowAtATime.seconds, 0)} s. It only adds: afterwards \`plan\` finds ${r.rowAtATime.addsLeft} additions left and the ${n(r.rowAtATime.removesLeft)} extra memberships still there, which this flow cannot see. Looking each group up once instead of once per row would save ${n(rows - groups)} requests and leave ${n(r.rowAtATime.requests - (rows - groups))}, still ${n((r.rowAtATime.requests - (rows - groups)) / r.requests, 0)} × plan.`,
    '',
    `**Per-resource refresh**, as \`terraform plan\` refreshes a configuration managing the same org with the okta provider, one resource at a time at the provider's page size (200): per \`okta_group\` \`GET /api/v1/groups/{id}\`; per \`okta_group_memberships\` \`GET /api/v1/groups/{id}/users?limit=200\` and each next page; per \`okta_app_group_assignment\` \`GET /api/v1/apps/{aid}/groups/{gid}\`; per \`data "okta_app"\` (by label) \`GET /api/v1/apps?q={label}&limit=1\`; per \`data "okta_user"\`, one per distinct email, \`GET /api/v1/users/{email}\` (\`user_id\` set to the login, \`skip_groups\` and \`skip_roles\` on: its cheapest form; by default it also lists the user's groups and roles, further requests per user; its \`search\` form costs the same one request). IDs come from the Terraform state (read off the emulator's admin surface, uncounted). Issued: ${endpoints(r.perResource.byEndpoint)}, ${r.concurrency} at a time, in ${n(r.perResource.seconds, 0)} s; it read back ${n(r.perResource.outcome.memberships)} memberships and ${n(r.perResource.outcome.assignments)} assignments, the org as it is. This counts the refresh only; \`terraform apply\` would then write the changes.`,
  ]);
}
