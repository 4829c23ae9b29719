import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { ApplyReport } from '../../src/model/apply.js';
import type { Plan } from '../../src/model/plan.js';
import {
  accessRepo,
  captureIo,
  duplicates,
  envOf,
  marker,
  people,
  permissiveConfig,
  planNow,
  storeView,
  successfulWrites,
} from './apply-helpers.js';

const bin = fileURLToPath(new URL('../../bin/okta-access.js', import.meta.url));
const running: RunningEmulator[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const emulator of running.splice(0)) await emulator.stop();
});

const users = people(100, 'u');
const email = (i: number) => users[i]?.email ?? '';
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => email(from + k));

// Ledger: a new app with 3 new groups of 40 members. Vault: an existing app whose managed Vault-Read keeps 10 of its
// 60 members and gains 10, and whose managed Vault-Old is no longer declared (emptied, unassigned, deleted).
const files = [
  {
    label: 'Ledger',
    entitlements: { Viewer: range(0, 40), Editor: range(30, 70), Approver: range(60, 100) },
  },
  { label: 'Vault', create: false, entitlements: { Read: [...range(0, 10), ...range(60, 70)] } },
];
const seed = {
  users,
  groups: [
    { name: 'Vault-Read', description: marker, members: range(0, 60) },
    { name: 'Vault-Old', description: `Old entitlement ${marker}`, members: range(80, 100) },
  ],
  apps: [{ label: 'Vault', url: 'https://vault.example.com/', groups: ['Vault-Read', 'Vault-Old'] }],
};
const expected = {
  'app.create': 1,
  'group.create': 3,
  'group.update': 0,
  'assignment.add': 3,
  'membership.add': 130,
  'membership.remove': 70,
  'assignment.remove': 1,
  'group.delete': 1,
};

type LogEntry = ReturnType<RunningEmulator['log']>[number];

/** Spawns `okta-access apply` (the built binary) against the emulator. */
function spawnApply(emulator: RunningEmulator, args: string[]) {
  const child = spawn(process.execPath, [bin, 'apply', ...args], {
    env: { PATH: process.env.PATH ?? '', ...envOf(emulator) },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/**
 * Runs apply and SIGKILLs it as soon as `enough` holds, given the writes the emulator processed in this run and how
 * many requests of an endpoint it has received in this run (counted on arrival, before they are processed).
 */
async function applyAndKill(
  emulator: RunningEmulator,
  args: string[],
  enough: (writes: LogEntry[], received: (endpoint: string) => number) => boolean,
): Promise<LogEntry[]> {
  const start = emulator.log().length;
  const receivedBefore = { ...emulator.counts().byEndpoint };
  const received = (endpoint: string) =>
    (emulator.counts().byEndpoint[endpoint] ?? 0) - (receivedBefore[endpoint] ?? 0);
  const apply = spawnApply(emulator, args);
  const killed = await new Promise<boolean>((resolve) => {
    const poll = setInterval(() => {
      if (enough(successfulWrites(emulator.log().slice(start)), received)) {
        clearInterval(poll);
        apply.child.kill('SIGKILL');
        resolve(true);
      }
    }, 2);
    void apply.exited.then(() => {
      clearInterval(poll);
      resolve(false);
    });
  });
  const exit = await apply.exited;
  expect(killed, `apply ended before the kill point: ${apply.output()}`).toBe(true);
  expect(exit.signal).toBe('SIGKILL');
  // Requests already sent are still processed by Okta after the client died: let them land (slow=20 ms).
  await new Promise((resolve) => setTimeout(resolve, 150));
  return successfulWrites(emulator.log().slice(start));
}

const count = (writes: LogEntry[], endpoint: string) => writes.filter((w) => w.endpoint === endpoint).length;
const groupCreates = 'POST /api/v1/groups';
const memberAdds = 'PUT /api/v1/groups/:groupId/users/:userId';
const memberRemoves = 'DELETE /api/v1/groups/:groupId/users/:userId';

describe('apply killed with SIGKILL and run again', () => {
  it('finishes what is left, never repeating a write, and reports what the killed runs did', async () => {
    // Every request takes 20 ms and apply sends 2 at a time: the run lasts a few seconds.
    const emulator = await startEmulator({ seed, faults: 'slow=20:1', randomSeed: 11 });
    running.push(emulator);
    const directory = mkdtempSync(path.join(tmpdir(), 'okta-access-kill-'));
    const config = accessRepo(files, permissiveConfig);

    // The reviewed plan, saved: every run applies it.
    const saved = path.join(directory, 'plan.json');
    const { io } = captureIo(envOf(emulator));
    expect(await run(['plan', '--config', config, '--out', saved, '--format', 'json'], io)).toBe(0);
    const plan = JSON.parse(readFileSync(saved, 'utf8')) as Plan;
    expect(plan.summary.byKind).toMatchObject(expected);
    const planned = plan.changes.length;

    // Membership writes name the group and user by id: key them as the plan does (group names are remembered
    // before the last run deletes Vault-Old).
    const groupNames = new Map<string, string>();
    const rememberGroups = () => {
      for (const group of emulator.store.state.groups.values())
        groupNames.set(group.id, group.profile.name.toLowerCase());
    };
    const keyOf = (entry: LogEntry): string | undefined => {
      const match = /^\/api\/v1\/groups\/([^/]+)\/users\/([^/]+)$/.exec(entry.path);
      if (match === null) return undefined;
      const group = groupNames.get(match[1] ?? '');
      const user = emulator.store.state.users.get(match[2] ?? '')?.profile.email;
      return `${entry.method === 'PUT' ? 'membership.add' : 'membership.remove'}:${group}:${user}`;
    };

    const args = [saved, '--config', config, '--concurrency', '2'];
    const killedRuns: LogEntry[][] = [];
    // 1: while a group create is on its way: the first took effect, the second reached Okta, which processes it after
    // the client died.
    killedRuns.push(
      await applyAndKill(
        emulator,
        args,
        (writes, received) => count(writes, groupCreates) >= 1 && received(groupCreates) >= 2,
      ),
    );
    // (The kill came with the 2nd create in flight, perhaps the 3rd too: both land, neither is repeated.)
    expect(count(killedRuns[0] ?? [], groupCreates)).toBeGreaterThanOrEqual(2);
    // 2: in the middle of the membership additions.
    killedRuns.push(await applyAndKill(emulator, args, (writes) => count(writes, memberAdds) >= 60));
    expect(count(killedRuns.flat(), memberAdds)).toBeLessThan(130);
    // 3: during the removals.
    killedRuns.push(await applyAndKill(emulator, args, (writes) => count(writes, memberRemoves) >= 30));
    const before = killedRuns.flat();
    expect(count(before, memberRemoves)).toBeLessThan(70);
    rememberGroups();

    // 4: to completion.
    const report = path.join(directory, 'report.json');
    const start = emulator.log().length;
    const last = spawnApply(emulator, [...args, '--report', report, '--format', 'json']);
    const exit = await last.exited;
    expect(exit.code, last.output()).toBe(0);
    const final = successfulWrites(emulator.log().slice(start));
    expect(existsSync(report)).toBe(true);
    const result = JSON.parse(readFileSync(report, 'utf8')) as ApplyReport;

    // Converged: nothing left, one group per name and one app per label.
    expect((await planNow(emulator, config)).changes).toEqual([]);
    const view = storeView(emulator);
    expect(duplicates(view.groupsByName)).toEqual([]);
    expect(duplicates(view.appsByLabel)).toEqual([]);
    expect(view.groupsByName.has('vault-old')).toBe(false);

    // No write beyond what was left: across the four runs, exactly one processed write per planned change.
    expect(before.length + final.length).toBe(planned);
    const membershipKeys = [...before, ...final].map(keyOf).filter((key) => key !== undefined);
    expect(new Set(membershipKeys).size).toBe(membershipKeys.length);

    // The completing run's report: every planned change; what the killed runs did is skipped (the journal says an
    // earlier run of this plan did it) or unchanged (done, but killed before the journal line was written).
    expect(result.ok).toBe(true);
    expect(result.results).toHaveLength(planned);
    expect(result.counts.failed).toBe(0);
    expect(result.counts.applied).toBe(final.length);
    expect(result.counts.skipped + result.counts.unchanged).toBe(before.length);
    // At most the requests in flight at each kill (2 at a time) miss their journal line.
    expect(result.counts.unchanged).toBeLessThanOrEqual(2 * killedRuns.length);
    expect(result.staleness.message).toMatch(/already done/);
    const outcomes = new Map(result.results.map((r) => [r.key, r.outcome]));
    for (const key of before.map(keyOf).filter((k) => k !== undefined))
      expect(['skipped', 'unchanged']).toContain(outcomes.get(key));
    for (const key of final.map(keyOf).filter((k) => k !== undefined))
      expect(outcomes.get(key)).toBe('applied');
    console.info(
      `apply killed 3 times: ${killedRuns.map((writes) => writes.length).join(' + ')} writes before the kills, ` +
        `${final.length} in the completing run = ${planned} planned; report: ${JSON.stringify(result.counts)}`,
    );
  }, 60_000);
});
