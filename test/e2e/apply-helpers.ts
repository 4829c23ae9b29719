import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliIo } from '../../src/cli/io.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import type { Plan } from '../../src/model/plan.js';
import { createOktaPort } from '../../src/okta/client.js';
import type { OktaPort } from '../../src/okta/port.js';
import type { RetryTiming } from '../../src/okta/retry-policy.js';
import { type ApplyRun, type ApplyRunOptions, runApply } from '../../src/pipeline/apply.js';
import type { Connection } from '../../src/pipeline/connection.js';
import { runPlan } from '../../src/pipeline/plan.js';
import { captureText, registerEnvSecrets, registerSecret, watchPath } from '../support/secrets.js';
import { marker, writeRepo } from './repo.js';

export { marker };

/** `count` people, `user0@example.com` …, to seed an org with. */
export function people(count: number, prefix = 'user'): NonNullable<SeedDocument['users']> {
  return Array.from({ length: count }, (_, i) => ({
    email: `${prefix}${i}@example.com`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
  }));
}

export interface AppSpec {
  readonly label: string;
  /** Declare `create: {kind: bookmark}` so apply creates the app when Okta has none (default true). */
  readonly create?: boolean;
  /** Entitlement name → member emails (CSV rows). Every entitlement is declared in the app file. */
  readonly entitlements: Readonly<Record<string, readonly string[]>>;
  /** Entitlement name → description in the app file. */
  readonly descriptions?: Readonly<Record<string, string>>;
}

/** An access repository with these apps (one YAML and one CSV each); returns the path of okta-access.yaml. */
export function accessRepo(apps: readonly AppSpec[], config = 'version: 1\n'): string {
  const files: Record<string, string> = { 'okta-access.yaml': config };
  for (const app of apps) {
    const file = app.label.toLowerCase();
    const declared = Object.keys(app.entitlements).map((name) => {
      const description = app.descriptions?.[name];
      return description === undefined
        ? `  - {name: ${name}}`
        : `  - {name: ${name}, description: ${JSON.stringify(description)}}`;
    });
    files[`apps/${file}.yaml`] = [
      `label: ${app.label}`,
      ...(app.create === false ? [] : [`create: {kind: bookmark, url: "https://${file}.example.com/"}`]),
      `csv: ${file}.csv`,
      'entitlements:',
      ...declared,
      '',
    ].join('\n');
    const rows = ['firstName,lastName,email,managerEmail,appName,groupName'];
    for (const [entitlement, emails] of Object.entries(app.entitlements)) {
      for (const email of emails) {
        const name = email.split('@')[0] ?? 'x';
        rows.push(`${name},Example,${email},,${app.label},${entitlement}`);
      }
    }
    files[`apps/${file}.csv`] = `${rows.join('\n')}\n`;
  }
  return writeRepo(files);
}

/** Deletions allowed without --allow-deletes, for tests that are not about the safety limits. */
export const permissiveConfig = 'version: 1\nsafety:\n  maxDeletes: 100000\n  maxDeletePercent: 100\n';

export function envOf(emulator: RunningEmulator): Record<string, string> {
  registerSecret('the emulator API token', emulator.token);
  return { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token, NO_COLOR: '1' };
}

/** An in-memory CliIo for `run([...], io)`. */
export function captureIo(env: Record<string, string>, interactive = false) {
  const output = { stdout: '', stderr: '' };
  registerEnvSecrets(env);
  captureText('stdout of okta-access', () => output.stdout);
  captureText('stderr of okta-access', () => output.stderr);
  const io: CliIo = {
    stdout: { write: (text: string) => (output.stdout += text) },
    stderr: { write: (text: string) => (output.stderr += text) },
    env,
    interactive,
  };
  return { io, output };
}

/** Short backoffs so that tests with injected faults do not sleep for seconds. */
export const fastRetries: Partial<RetryTiming> = { baseMs: 5, maxMs: 40, concurrencyMs: 5 };

/** The real port (SDK, limiter, retries) with test timings. */
export function testPort(
  options: { concurrency?: number; maxCapacity?: number; retryTiming?: Partial<RetryTiming> } = {},
): (connection: Connection) => OktaPort {
  return (connection) => {
    if (connection.auth.kind !== 'token') throw new Error('tests use an SSWS token');
    return createOktaPort({
      orgUrl: connection.orgUrl,
      auth: { token: connection.auth.token },
      concurrency: options.concurrency ?? 8,
      maxCapacity: options.maxCapacity ?? 1,
      retryTiming: options.retryTiming ?? fastRetries,
    });
  };
}

/** `runPlan` against the emulator; fails the test when the files are invalid. */
export async function planNow(
  emulator: RunningEmulator,
  configPath: string,
  port = testPort(),
): Promise<Plan> {
  const result = await runPlan({ configPath, env: envOf(emulator), openPort: port });
  if (!result.ok) throw new Error(`invalid repository: ${JSON.stringify(result.diagnostics.slice(0, 3))}`);
  captureText('the plan (JSON)', JSON.stringify(result.plan));
  return result.plan;
}

/** `runApply` against the emulator, auto-approved, with a journal in a fresh temporary folder by default. */
export function applyNow(
  emulator: RunningEmulator,
  configPath: string,
  extra: Partial<Omit<ApplyRunOptions, 'configPath' | 'env'>> = {},
): Promise<ApplyRun> {
  const journalPath = path.join(mkdtempSync(path.join(tmpdir(), 'okta-access-journal-')), 'journal.jsonl');
  watchPath(path.dirname(journalPath));
  const running = runApply({
    configPath,
    env: envOf(emulator),
    openPort: testPort(),
    allowDeletes: false,
    concurrency: 8,
    journalPath,
    ...extra,
  });
  return running.then((result) => {
    captureText('the apply result (JSON)', JSON.stringify(result));
    return result;
  });
}

/** Replaces the emulator's org with a seed (the admin surface; also clears the request log and counts). */
export async function reseed(emulator: RunningEmulator, seed: SeedDocument): Promise<void> {
  const reset = await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
  if (!reset.ok) throw new Error(`reset: ${reset.status}`);
  const seeded = await fetch(`${emulator.url}/__emulator/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(seed),
  });
  if (!seeded.ok) throw new Error(`seed: ${seeded.status} ${await seeded.text()}`);
}

/** Clears the emulator's request log and counts. */
export async function clearLog(emulator: RunningEmulator): Promise<void> {
  await fetch(`${emulator.url}/__emulator/requests`, { method: 'DELETE' });
}

/** Calls the emulator's Okta API as "someone else" would (another admin, another integration). */
export async function oktaApi(
  emulator: RunningEmulator,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${emulator.url}${apiPath}`, {
    method,
    headers: {
      authorization: `SSWS ${emulator.token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

type LogEntry = ReturnType<RunningEmulator['log']>[number];

export const isWrite = (entry: LogEntry): boolean => entry.method !== 'GET';
export const succeeded = (entry: LogEntry): boolean =>
  entry.fault === undefined && entry.status >= 200 && entry.status < 300;

/** API writes the emulator processed (2xx; a faulted request is never processed). */
export function successfulWrites(log: readonly LogEntry[]): LogEntry[] {
  return log.filter((entry) => isWrite(entry) && succeeded(entry));
}

/** The org as the store holds it: group names (lower-cased) → how many groups carry it; members by group name. */
export function storeView(emulator: RunningEmulator) {
  const { state } = emulator.store;
  const groupsByName = new Map<string, number>();
  const members = new Map<string, Set<string>>();
  for (const group of state.groups.values()) {
    const name = group.profile.name.toLowerCase();
    groupsByName.set(name, (groupsByName.get(name) ?? 0) + 1);
    const emails = new Set<string>();
    for (const userId of state.members.get(group.id) ?? []) {
      const email = state.users.get(userId)?.profile.email;
      if (email !== undefined && email !== null) emails.add(email.toLowerCase());
    }
    members.set(name, emails);
  }
  const appsByLabel = new Map<string, number>();
  for (const app of state.apps.values()) appsByLabel.set(app.label, (appsByLabel.get(app.label) ?? 0) + 1);
  return { groupsByName, members, appsByLabel };
}

/** Names that more than one group (or app) carries. */
export function duplicates(counts: ReadonlyMap<string, number>): string[] {
  return [...counts].filter(([, n]) => n > 1).map(([name]) => name);
}
