import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { Change } from '../../src/model/change.js';
import type { Plan } from '../../src/model/plan.js';
import { applyNow, captureIo, envOf, oktaApi, planNow, storeView } from './apply-helpers.js';
import { writeRepo } from './repo.js';

const sourceId = '0oasourcehr000000001';
const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

/** An org that knows nobody but has a Custom Identity Source; imports take 50 ms of emulator time. */
async function org(importMs = 50): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    seed: { identitySources: [{ id: sourceId, name: 'HR (CSV)' }] },
    identitySourceImportMs: importMs,
    randomSeed: 7,
  });
  running.push(emulator);
  return emulator;
}

interface Row {
  readonly email: string;
  readonly manager?: string;
  readonly entitlement?: string;
}

/** `count` people `p0@example.com` …; everyone but p0 reports to p0. */
function staff(count: number, prefix = 'p'): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    email: `${prefix}${i}@example.com`,
    ...(i === 0 ? {} : { manager: `${prefix}0@example.com` }),
  }));
}

function sourcingConfig(deactivateRemoved = false): string {
  return [
    'version: 1',
    'safety: {maxDeletes: 100000, maxDeletePercent: 100}',
    'users:',
    '  source: identity-source',
    `  identitySourceId: ${sourceId}`,
    `  deactivateRemoved: ${deactivateRemoved}`,
    '',
  ].join('\n');
}

function csv(rows: readonly Row[]): string {
  const lines = ['firstName,lastName,email,managerEmail,appName,groupName'];
  for (const row of rows) {
    const name = row.email.split('@')[0] ?? 'x';
    lines.push(`${name},Person,${row.email},${row.manager ?? ''},Payroll,${row.entitlement ?? 'Admin'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An access repository: Payroll (created as a bookmark) with Admin and Viewer, its rows from `rows`. */
function repo(rows: readonly Row[], config = sourcingConfig()): string {
  return writeRepo({
    'okta-access.yaml': config,
    'apps/payroll.yaml':
      'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
      'entitlements:\n  - {name: Admin}\n  - {name: Viewer}\n',
    'apps/payroll.csv': csv(rows),
  });
}

function rewrite(config: string, rows: readonly Row[]): void {
  writeFileSync(path.join(path.dirname(config), 'apps/payroll.csv'), csv(rows));
}

async function cli(emulator: RunningEmulator, args: string[]) {
  const { io, output } = captureIo(envOf(emulator));
  const code = await run(args, io);
  return { code, ...output };
}

/** Requests the emulator's request log holds for `METHOD /route/pattern` that it answered with success. */
function served(emulator: RunningEmulator, route: string): number {
  return emulator
    .log()
    .filter((entry) => entry.endpoint === route && entry.status >= 200 && entry.status < 300).length;
}

const sessions = '/api/v1/identity-sources/:identitySourceId/sessions';

function userChange<K extends 'user.source' | 'user.deactivate'>(
  plan: Plan,
  kind: K,
): Extract<Change, { kind: K }> | undefined {
  return plan.changes.find((change): change is Extract<Change, { kind: K }> => change.kind === kind);
}

/** A bulk load as another process sends it (202, no body). */
async function load(emulator: RunningEmulator, apiPath: string, body: unknown): Promise<void> {
  const response = await fetch(`${emulator.url}${apiPath}`, {
    method: 'POST',
    headers: { authorization: `SSWS ${emulator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.text()).toBe(202);
}

function sourcedUsers(emulator: RunningEmulator) {
  return [...emulator.store.state.users.values()].filter(
    (user) => user.source?.identitySourceId === sourceId,
  );
}

describe('sourcing users through an identity source (end to end, real CLI and SDK against the emulator)', () => {
  it('500 unknown people: planned as user.source, sourced in three bulk requests, members in the same run; then no changes', async () => {
    const emulator = await org();
    const config = repo(staff(500));

    const planned = await cli(emulator, [
      'plan',
      '--config',
      config,
      '--format',
      'json',
      '--detailed-exitcode',
    ]);
    expect(planned.code).toBe(2);
    const plan = JSON.parse(planned.stdout) as Plan;
    const source = userChange(plan, 'user.source');
    expect(source?.people).toHaveLength(500);
    expect(source?.people.find((person) => person.email === 'p1@example.com')).toMatchObject({
      email: 'p1@example.com',
      firstName: 'p1',
      lastName: 'Person',
      managerExternalId: 'p0@example.com',
    });
    expect(plan.changes[0]?.kind).toBe('user.source');
    const adds = plan.changes.filter((change) => change.kind === 'membership.add');
    expect(adds).toHaveLength(500);
    expect(adds.every((change) => change.kind === 'membership.add' && change.userId === undefined)).toBe(
      true,
    );
    expect(plan.summary.byKind['user.source']).toBe(500);
    expect(plan.diagnostics.filter((d) => d.code === 'USER_NOT_FOUND')).toEqual([]);

    const text = await cli(emulator, ['plan', '--config', config]);
    expect(text.stdout).toContain(
      'Users\n  + source 500 people through identity source 0oasourcehr000000001',
    );
    expect(text.stdout).toMatch(
      /^ {4}p100@example\.com {2}p100 Person {2}manager p0@example\.com {2}\S*apps\/payroll\.csv:102$/m,
    );
    expect(text.stdout).toContain('… and 480 more (the JSON plan lists all)');
    const markdown = await cli(emulator, ['plan', '--config', config, '--format', 'markdown']);
    expect(markdown.stdout).toContain('#### Users (500)');
    expect(markdown.stdout).toContain('<details><summary>the 500 people</summary>');

    const applied = await cli(emulator, ['apply', '--config', config, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(served(emulator, `POST ${sessions}`)).toBe(1);
    expect(served(emulator, `POST ${sessions}/:sessionId/bulk-upsert`)).toBe(3);
    expect(served(emulator, `POST ${sessions}/:sessionId/start-import`)).toBe(1);
    expect(applied.stderr).toMatch(/identity source: session \S+ imported in/);
    expect(applied.stdout).toMatch(
      /^Users\n {2}✔ \+ source 500 people through identity source 0oasourcehr000000001 .*500 people in 3 bulk requests, 1 session/m,
    );

    const users = sourcedUsers(emulator);
    expect(users).toHaveLength(500);
    const byEmail = new Map(users.map((user) => [user.profile.email, user]));
    const boss = byEmail.get('p0@example.com');
    expect(byEmail.get('p7@example.com')?.profile.managerId).toBe(boss?.id);
    expect(byEmail.get('p7@example.com')?.source?.externalId).toBe('p7@example.com');
    expect(storeView(emulator).members.get('payroll-admin')?.size).toBe(500);

    const again = await cli(emulator, [
      'plan',
      '--config',
      config,
      '--format',
      'json',
      '--detailed-exitcode',
    ]);
    expect(again.code, again.stdout.slice(0, 500)).toBe(0);
  });

  it('10,500 unknown people are sourced in two import sessions (50 + 3 bulk requests), and their memberships applied', async () => {
    const emulator = await org();
    const config = repo(staff(10_500));
    const started = Date.now();
    const result = await applyNow(emulator, config, { sourcePollMs: 20, concurrency: 16 });
    if (!result.ok) throw new Error(JSON.stringify(result).slice(0, 500));
    expect(result.report.ok).toBe(true);
    expect(served(emulator, `POST ${sessions}`)).toBe(2);
    expect(served(emulator, `POST ${sessions}/:sessionId/bulk-upsert`)).toBe(53);
    expect(served(emulator, `POST ${sessions}/:sessionId/start-import`)).toBe(2);
    expect(sourcedUsers(emulator)).toHaveLength(10_500);
    expect(storeView(emulator).members.get('payroll-admin')?.size).toBe(10_500);
    const sourced = result.report.results.find((entry) => entry.change.kind === 'user.source');
    expect(sourced?.detail).toBe('10,500 people in 53 bulk requests, 2 sessions');
    console.info(`10,500 people sourced and added in ${Date.now() - started} ms`);
    expect((await planNow(emulator, config)).changes).toEqual([]);
  }, 40_000);

  it('a person removed from every CSV is deactivated only when users.deactivateRemoved is on', async () => {
    const emulator = await org();
    const rows = staff(4);
    const config = repo(rows);
    const first = await applyNow(emulator, config, { sourcePollMs: 20 });
    expect(first.ok && first.report.ok).toBe(true);

    rewrite(config, rows.slice(0, 3));
    const off = await planNow(emulator, config);
    expect(userChange(off, 'user.deactivate')).toBeUndefined();
    expect(off.changes.map((change) => change.kind)).toEqual(['membership.remove']);
    expect(off.diagnostics.find((d) => d.code === 'SOURCE_USERS_REMOVED')).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('p3@example.com'),
      hint: expect.stringContaining('users.deactivateRemoved: true'),
    });

    writeFileSync(config, sourcingConfig(true));
    const on = await planNow(emulator, config);
    const deactivate = userChange(on, 'user.deactivate');
    expect(deactivate).toMatchObject({ destructive: true, people: [{ email: 'p3@example.com' }] });
    expect(on.summary.destructive).toBe(2);
    const applied = await applyNow(emulator, config, { sourcePollMs: 20 });
    expect(applied.ok && applied.report.ok).toBe(true);
    expect(served(emulator, `POST ${sessions}/:sessionId/bulk-delete`)).toBe(1);
    const gone = sourcedUsers(emulator).find((user) => user.profile.email === 'p3@example.com');
    expect(gone?.status).toBe('DEPROVISIONED');
    expect((await planNow(emulator, config)).changes).toEqual([]);

    // Back in a CSV: the source reactivates the user (an upsert), and the membership comes back.
    rewrite(config, rows);
    const back = await planNow(emulator, config);
    expect(userChange(back, 'user.source')?.people).toMatchObject([
      { email: 'p3@example.com', reactivate: true },
    ]);
    const again = await applyNow(emulator, config, { sourcePollMs: 20 });
    expect(again.ok && again.report.ok).toBe(true);
    expect(sourcedUsers(emulator).find((user) => user.profile.email === 'p3@example.com')?.status).toBe(
      'ACTIVE',
    );
    expect((await planNow(emulator, config)).changes).toEqual([]);
  });

  it('counts deactivations against the deletion limits', async () => {
    const emulator = await org();
    const rows = staff(6);
    const config = repo(rows);
    expect((await applyNow(emulator, config, { sourcePollMs: 20 })).ok).toBe(true);
    rewrite(config, rows.slice(0, 1));
    writeFileSync(config, sourcingConfig(true).replace('maxDeletes: 100000', 'maxDeletes: 6'));
    const plan = await planNow(emulator, config);
    // 5 members removed and 5 users deactivated: 10 destructive, over the limit of 6.
    expect(plan.summary.destructive).toBe(10);
    expect(plan.deleteLimit.exceeded).toBe(true);
    const refused = await applyNow(emulator, config, { sourcePollMs: 20 });
    expect(refused).toMatchObject({ ok: false, reason: 'refused' });
    expect(sourcedUsers(emulator).every((user) => user.status === 'ACTIVE')).toBe(true);
  });

  it('converges after a crash: a session an earlier run left loading is closed, one left importing is waited for', async () => {
    // Imports take 1.5 s here, so that the run finds the one started before it still TRIGGERED.
    const emulator = await org(1500);
    const config = repo(staff(5));
    const journal = path.join(mkdtempSync(path.join(tmpdir(), 'okta-access-journal-')), 'journal.jsonl');
    // An earlier run opened a session and uploaded part of the people, then died.
    const left = (await oktaApi(emulator, 'POST', `/api/v1/identity-sources/${sourceId}/sessions`)) as {
      id: string;
    };
    await load(emulator, `/api/v1/identity-sources/${sourceId}/sessions/${left.id}/bulk-upsert`, {
      entityType: 'USERS',
      profiles: [
        { externalId: 'p1@example.com', profile: { userName: 'p1@example.com', email: 'p1@example.com' } },
      ],
    });
    writeFileSync(journal, `${JSON.stringify({ plan: 'sha256:earlier', session: left.id, at: 'x' })}\n`);
    const statuses: string[] = [];
    const result = await applyNow(emulator, config, {
      journalPath: journal,
      sourcePollMs: 20,
      onStatus: (message) => statuses.push(message),
    });
    expect(result.ok && result.report.ok, JSON.stringify(result).slice(0, 800)).toBe(true);
    expect(emulator.store.state.sessions.get(left.id)?.status).toBe('CLOSED');
    expect(
      statuses.some((line) =>
        line.includes(`closing session ${left.id} (IN_PROGRESS) left by an earlier run`),
      ),
    ).toBe(true);
    expect(sourcedUsers(emulator)).toHaveLength(5);

    // A crash after start-import: the next run waits for that import, then converges.
    rewrite(config, staff(7));
    const triggered = (await oktaApi(emulator, 'POST', `/api/v1/identity-sources/${sourceId}/sessions`)) as {
      id: string;
    };
    await load(emulator, `/api/v1/identity-sources/${sourceId}/sessions/${triggered.id}/bulk-upsert`, {
      entityType: 'USERS',
      profiles: [
        { externalId: 'p5@example.com', profile: { userName: 'p5@example.com', email: 'p5@example.com' } },
      ],
    });
    await oktaApi(
      emulator,
      'POST',
      `/api/v1/identity-sources/${sourceId}/sessions/${triggered.id}/start-import`,
    );
    const waits: string[] = [];
    const second = await applyNow(emulator, config, {
      journalPath: journal,
      sourcePollMs: 20,
      onStatus: (message) => waits.push(message),
    });
    expect(waits).toContain(
      `identity source: waiting for the import of session ${triggered.id}, started earlier`,
    );
    expect(second.ok && second.report.ok, JSON.stringify(second).slice(0, 800)).toBe(true);
    expect(emulator.store.state.sessions.get(triggered.id)?.status).toBe('COMPLETED');
    expect(sourcedUsers(emulator)).toHaveLength(7);
    expect((await planNow(emulator, config)).changes).toEqual([]);
  });

  it('converges when identity-source requests fail: a failed load closes its session, re-runs source everyone once', async () => {
    // 30 % of the identity-source requests answer 500. Reads are retried; a failed bulk-upsert, session create
    // or start-import fails the run, which closes its session. Each re-run starts with a fresh journal, as a CI
    // runner would, and uploads whoever is still missing.
    const emulator = await startEmulator({
      seed: { identitySources: [{ id: sourceId, name: 'HR (CSV)' }] },
      identitySourceImportMs: 20,
      randomSeed: 7,
      faults: 'seed=1,500:0.3~/api/v1/identity-sources/',
    });
    running.push(emulator);
    const config = repo(staff(450));
    let runs = 0;
    let failedRuns = 0;
    for (;;) {
      runs++;
      const result = await applyNow(emulator, config, { sourcePollMs: 10 });
      if (result.ok && result.report.ok) break;
      failedRuns++;
      expect(runs, JSON.stringify(result).slice(0, 800)).toBeLessThan(20);
    }
    expect(failedRuns).toBeGreaterThan(0);
    expect(emulator.counts().faults).toBeGreaterThan(0);
    const users = sourcedUsers(emulator);
    expect(users).toHaveLength(450);
    expect(new Set(users.map((user) => user.profile.email)).size).toBe(450);
    expect(
      [...emulator.store.state.sessions.values()].filter((session) =>
        ['CREATED', 'IN_PROGRESS', 'TRIGGERED'].includes(session.status),
      ),
    ).toEqual([]);
    expect(storeView(emulator).members.get('payroll-admin')?.size).toBe(450);
    expect((await planNow(emulator, config)).changes).toEqual([]);
  });

  it('stops with a clear error and a hint when another process is loading a session, and writes no user', async () => {
    const emulator = await org();
    const config = repo(staff(3));
    const busy = (await oktaApi(emulator, 'POST', `/api/v1/identity-sources/${sourceId}/sessions`)) as {
      id: string;
    };
    const result = await applyNow(emulator, config, { sourcePollMs: 20 });
    if (!result.ok) throw new Error('expected a report');
    expect(result.report.ok).toBe(false);
    const failed = result.report.results.find((entry) => entry.change.kind === 'user.source');
    expect(failed?.outcome).toBe('failed');
    expect(failed?.detail).toContain(`active session ${busy.id} (CREATED`);
    expect(failed?.detail).toContain('hint: wait for that process to finish');
    expect(emulator.store.state.sessions.get(busy.id)?.status).toBe('CREATED');
    expect(sourcedUsers(emulator)).toHaveLength(0);
    // The memberships of the people not sourced fail too, naming why.
    const member = result.report.results.find((entry) => entry.change.kind === 'membership.add');
    expect(member?.detail).toContain('no Okta user for');
  });

  it('an identity source Okta does not have is SOURCE_NOT_FOUND at its line, and nothing is written', async () => {
    const emulator = await org();
    const config = repo(staff(2), sourcingConfig().replace(sourceId, '0oanosuchsource00001'));
    const plan = await planNow(emulator, config);
    expect(plan.diagnostics.find((d) => d.code === 'SOURCE_NOT_FOUND')).toMatchObject({
      severity: 'error',
      line: 5,
      col: 21,
      hint: expect.any(String),
    });
    expect(plan.applicable).toBe(false);
    const applied = await applyNow(emulator, config);
    expect(applied).toMatchObject({ ok: false, reason: 'refused' });
    expect(emulator.log().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('without users: in the config, an unknown person is still USER_NOT_FOUND', async () => {
    const emulator = await org();
    const config = repo(staff(2), 'version: 1\n');
    const plan = await planNow(emulator, config);
    expect(plan.diagnostics.filter((d) => d.code === 'USER_NOT_FOUND')).toHaveLength(2);
    expect(userChange(plan, 'user.source')).toBeUndefined();
  });
});
