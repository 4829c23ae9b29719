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
  const { parseScopeSpec } = await import('../build/pipeline/scope.js');
  const started = performance.now();
  const before = process.cpuUsage();
  const result = await runPlan({
    configPath: args[1],
    env: { OKTA_ORG_URL: args[2], OKTA_API_TOKEN: 'okta-emulator-token' },
    openPort: openPort(1),
    ...(args[3] === undefined ? {} : { scope: parseScopeSpec(args[3]) }),
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
      scopedGroups: result.plan.scope?.groups.length ?? null,
      fullPlan: result.plan.fullPlan?.reason ?? null,
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
      const runPlanChild = (scope) =>
        JSON.parse(
          execFileSync(
            process.execPath,
            [here, '--child', org.config, url, ...(scope === undefined ? [] : [scope])],
            {
              encoding: 'utf8',
              maxBuffer: 1 << 24,
            },
          ),
        );
      const admin = async (method, what) => {
        // Once more on a dropped connection: the emulator closes an idle keep-alive socket while a long plan runs.
        const send = () => fetch(`${url}/__emulator/${what}`, { method });
        const response = await send().catch(send);
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

      // Scoped plans of two pull requests on the same org, before the baselines change it.
      const scoped = [];
      for (const pullRequest of org.pullRequests()) {
        const run = await counted(async () => runPlanChild('git:main...HEAD'));
        if (run.outcome.scopedGroups !== pullRequest.touched)
          throw new Error(
            `the scoped plan read ${run.outcome.scopedGroups} groups, not ${pullRequest.touched} (${run.outcome.fullPlan})`,
          );
        if (run.requests !== run.outcome.requests)
          throw new Error(
            `the scoped plan counted ${run.outcome.requests} requests, the emulator ${run.requests}`,
          );
        scoped.push({
          name: pullRequest.name,
          touched: pullRequest.touched,
          lowerBound: pullRequest.lowerBound,
          requests: run.requests,
          byEndpoint: run.byEndpoint,
          wallMs: run.outcome.wallMs,
          cpuMs: run.outcome.cpuMs,
          changes: run.outcome.changes,
          overFull: run.requests / measured.requests,
          wallOverFull: run.outcome.wallMs / measured.wallMs,
          overLowerBound: run.requests / pullRequest.lowerBound.total,
          target: 2 * pullRequest.touched + 5,
        });
      }
      org.restore();

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
        scoped,
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
  const writeCsvs = (memberships) => {
    for (let a = 0; a < size.apps; a++) {
      const label = `App${a}`;
      const rows = ['firstName,lastName,email,managerEmail,appName,groupName'];
      groups.forEach((group, g) => {
        if (group.app !== label) return;
        for (const u of memberships[g]) {
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
  };
  writeCsvs(desired);
  // The access repository is a Git repository: main holds the files above; pull requests branch off it.
  const git = (...argv) =>
    execFileSync('git', argv, {
      cwd: path.join(directory, 'repo'),
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: directory,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Bench',
        GIT_AUTHOR_EMAIL: 'bench@example.com',
        GIT_COMMITTER_NAME: 'Bench',
        GIT_COMMITTER_EMAIL: 'bench@example.com',
      },
    });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '--all');
  git('-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', 'main');
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

  /**
   * A pull request that adds a row to each group of `adds` and removes one from each of `removes`, checked out on a
   * branch; with the fewest requests that read exactly the touched groups, their members, their apps' assignments
   * and the users of their rows that no member list names.
   */
  const pullRequest = (name, adds, removes) => {
    const memberships = desired.map((members) => [...members]);
    for (const g of adds) {
      const taken = new Set(memberships[g]);
      let u = (memberships[g][0] + perGroup + 5000) % size.users;
      while (taken.has(u) || actual[g].has(u)) u = (u + 1) % size.users;
      memberships[g].push(u);
    }
    for (const g of removes) memberships[g].shift();
    git('checkout', '--quiet', '-B', 'pr', 'main');
    writeCsvs(memberships);
    git('add', '--all');
    git('-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', name);
    const touched = [...new Set([...adds, ...removes])];
    const touchedApps = new Set(touched.map((g) => groups[g].app));
    // Users: every row of a touched group whose person no touched group's member list names (the added rows, and
    // rows drift took out of Okta) must be looked up.
    const named = new Set(touched.flatMap((g) => [...actual[g]]));
    const searched = new Set(touched.flatMap((g) => memberships[g]).filter((u) => !named.has(u))).size;
    const bound = {
      apps: Math.min(touchedApps.size, Math.ceil(size.apps / 200)),
      assignments: touchedApps.size * Math.max(1, Math.ceil(size.entitlementsPerApp / 200)),
      groups: Math.min(touched.length, Math.ceil((groups.length + 1) / 10_000)),
      members: touched.reduce(
        (sum, g) => sum + (actual[g].size === 0 ? 0 : Math.ceil(actual[g].size / 1000)),
        0,
      ),
      users: Math.ceil(searched / 20),
    };
    bound.total = bound.apps + bound.assignments + bound.groups + bound.members + bound.users;
    return { name, touched: touched.length, lowerBound: bound };
  };
  // Spread over every app: one group in twenty, up to 50 (5 at one tenth of the size).
  const wide = Math.min(50, Math.floor(groups.length / 20));
  const spread = Array.from({ length: wide }, (_, i) => Math.floor((i * groups.length) / wide));
  function* pullRequests() {
    yield pullRequest('add two rows, remove one (3 groups)', [0, 1], [2]);
    yield pullRequest(`add a row to each of ${wide} groups over every app`, spread, []);
  }
  return {
    pullRequests,
    restore: () => git('checkout', '--quiet', 'main'),
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
    '### Scoped plans of pull requests (`plan --scope git:main...HEAD`), on the same org',
    '',
    '| pull request | touched groups | requests | target (2 × groups + 5) | ÷ full plan | scoped lower bound | ÷ scoped lower bound | wall time | ÷ full plan wall time |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.scoped.map(
      (p) =>
        `| ${p.name} | ${n(p.touched)} | ${n(p.requests)} | ≤ ${n(p.target)} | ${n(p.overFull, 3)} | ${n(p.lowerBound.total)} (apps ${p.lowerBound.apps}, assignments ${p.lowerBound.assignments}, groups ${p.lowerBound.groups}, members ${p.lowerBound.members}, users ${p.lowerBound.users}) | **${n(p.overLowerBound, 3)}** (target ≤ 1.05) | ${n(p.wallMs / 1000, 1)} s | ${n(p.wallOverFull, 2)} |`,
    ),
    '',
    ...r.scoped.map(
      (p) =>
        `${p.name}: ${endpoints(p.byEndpoint)}. CPU time (scope, load, read, diff, plan) ${n(p.cpuMs / 1000, 1)} s, the full plan's ${n(r.cpuMs / 1000, 1)} s.`,
    ),
    '',
    "The scoped lower bound is what reading exactly the touched groups costs at Okta's page limits: their apps (one list, or one lookup), each touched app's assignments, the groups (one list of all groups at 10,000 a page, or one exact lookup each, whichever is fewer), each touched group's members, and the users of the touched groups' rows that no member list names — the added rows, and rows drift took out of Okta (20 a search). The wall time includes computing the scope: reading the base's files out of Git and loading them.",
    '',
    `\`plan\`: ${endpoints(r.byEndpoint)}. CPU time (load, read, diff, plan) ${n(r.cpuMs / 1000, 1)} s, wall time ${n(r.wallMs / 1000, 1)} s, peak memory ${n(r.maxRssKiB / 1024)} MiB. User resolution: ${r.userResolution}.`,
    '',
    `**Row-at-a-time** (\`bench/baselines.mjs\`), as Okta's example Workflows reconcile a CSV (flow M40 and its sub-flows: M41 checks each user by email, M42 the app by name, M44 finds each entitlement group by name, adds the users and assigns the group to the app). Per CSV row: \`GET /api/v1/users/{email}\`, \`GET /api/v1/groups?q={app}-{entitlement}\`, \`PUT /api/v1/groups/{gid}/users/{uid}\` — ${n(rows)} rows × 3; per app: \`GET /api/v1/apps?q={label}\`; per group: \`PUT /api/v1/apps/{aid}/groups/{gid}\`. Issued: ${endpoints(r.rowAtATime.byEndpoint)}, ${r.concurrency} at a time, in ${n(r.rowAtATime.seconds, 0)} s. It only adds: afterwards \`plan\` finds ${r.rowAtATime.addsLeft} additions left and the ${n(r.rowAtATime.removesLeft)} extra memberships still there, which this flow cannot see. Looking each group up once instead of once per row would save ${n(rows - groups)} requests and leave ${n(r.rowAtATime.requests - (rows - groups))}, still ${n((r.rowAtATime.requests - (rows - groups)) / r.requests, 0)} × plan.`,
    '',
    `**Per-resource refresh**, as \`terraform plan\` refreshes a configuration managing the same org with the okta provider, one resource at a time at the provider's page size (200): per \`okta_group\` \`GET /api/v1/groups/{id}\`; per \`okta_group_memberships\` \`GET /api/v1/groups/{id}/users?limit=200\` and each next page; per \`okta_app_group_assignment\` \`GET /api/v1/apps/{aid}/groups/{gid}\`; per \`data "okta_app"\` (by label) \`GET /api/v1/apps?q={label}&limit=1\`; per \`data "okta_user"\`, one per distinct email, \`GET /api/v1/users/{email}\` (\`user_id\` set to the login, \`skip_groups\` and \`skip_roles\` on: its cheapest form; by default it also lists the user's groups and roles, further requests per user; its \`search\` form costs the same one request). IDs come from the Terraform state (read off the emulator's admin surface, uncounted). Issued: ${endpoints(r.perResource.byEndpoint)}, ${r.concurrency} at a time, in ${n(r.perResource.seconds, 0)} s; it read back ${n(r.perResource.outcome.memberships)} memberships and ${n(r.perResource.outcome.assignments)} assignments, the org as it is. This counts the refresh only; \`terraform apply\` would then write the changes.`,
  ]);
}
