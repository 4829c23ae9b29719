import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { ApplyReport } from '../../src/model/apply.js';
import { accessRepo, duplicates, people, storeView } from '../e2e/apply-helpers.js';
import { captureText, registerSecret } from '../support/secrets.js';

const bin = fileURLToPath(new URL('../../bin/okta-access.js', import.meta.url));
const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `okta-access apply --auto-approve` on `configPath` as a separate process, its JSON report written to `report`. */
function applyProcess(emulator: RunningEmulator, configPath: string, report: string, concurrency = 8) {
  const child = spawn(
    process.execPath,
    [
      bin,
      'apply',
      '--config',
      configPath,
      '--auto-approve',
      '--concurrency',
      String(concurrency),
      '--report',
      report,
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        NO_COLOR: '1',
        OKTA_ORG_URL: emulator.url,
        OKTA_API_TOKEN: emulator.token,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => (output.stdout += chunk));
  child.stderr?.on('data', (chunk) => (output.stderr += chunk));
  captureText(`stdout of apply ${child.pid}`, () => output.stdout);
  captureText(`stderr of apply ${child.pid}`, () => output.stderr);
  const finished = new Promise<Finished>((resolve) =>
    child.once('close', (code) => resolve({ code, ...output })),
  );
  return { child, finished };
}

/** An emulator with `users` people; `faults` as in `--faults` (slow requests keep applies running side by side). */
async function emulatorWith(users: number, faults = ''): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    seed: { users: people(users), apps: [{ label: 'Payroll' }] },
    faults,
  });
  running.push(emulator);
  registerSecret('the emulator API token', emulator.token);
  return emulator;
}

function repo(users: number): string {
  const emails = people(users).map((person) => person.email);
  return accessRepo([
    {
      label: 'Payroll',
      // The app exists: Okta lets two apps share a label, so two runs creating it at once would make two.
      create: false,
      entitlements: { Admin: emails.slice(0, users / 2), Viewer: emails.slice(users / 2) },
    },
  ]);
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('two applies at the same time', () => {
  it('from one checkout: the second is refused (APPLY_LOCKED, naming the lock file and the pid holding it)', async () => {
    // Slow requests keep the first apply running while the second starts.
    const emulator = await emulatorWith(40, 'slow=300:1~/api/v1/groups');
    const configPath = repo(40);
    const lockFile = path.join(path.dirname(configPath), '.okta-access', 'apply-journal.jsonl.lock');
    const reports = mkdtempSync(path.join(tmpdir(), 'okta-access-reports-'));
    // One write at a time, 300 ms each: the first apply runs for over ten seconds.
    const first = applyProcess(emulator, configPath, path.join(reports, 'first.json'), 1);
    await until(() => existsSync(lockFile), 20_000);
    const second = applyProcess(emulator, configPath, path.join(reports, 'second.json'));
    const refused = await second.finished;
    const done = await first.finished;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error APPLY_LOCKED');
    expect(refused.stderr).toContain(lockFile);
    expect(refused.stderr).toContain(`pid ${first.child.pid}`);
    expect(existsSync(path.join(reports, 'second.json'))).toBe(false);
    expect(done.code).toBe(0);
    // The lock goes with the run that held it.
    expect(existsSync(lockFile)).toBe(false);
  }, 90_000);

  it('a lock left by a run that is gone is taken over, with a note', async () => {
    const emulator = await emulatorWith(4);
    const configPath = repo(4);
    const lockFile = path.join(path.dirname(configPath), '.okta-access', 'apply-journal.jsonl.lock');
    const gone = Number(
      execFileSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }),
    );
    // The lock a killed run leaves behind.
    mkdirSync(path.dirname(lockFile), { recursive: true });
    writeFileSync(
      lockFile,
      JSON.stringify({ pid: gone, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const reports = mkdtempSync(path.join(tmpdir(), 'okta-access-reports-'));
    const result = await applyProcess(emulator, configPath, path.join(reports, 'report.json')).finished;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`took over the apply lock ${lockFile} left by pid ${gone}`);
    expect(existsSync(lockFile)).toBe(false);
  }, 60_000);

  it('from two checkouts: what the other run wrote is "unchanged (done by another run)", nothing is applied twice', async () => {
    // Every request takes 500 ms: both runs read the org (several requests in turn) before either writes, then race
    // on every write.
    const emulator = await emulatorWith(40, 'slow=500:1');
    const one = repo(40);
    const two = path.join(mkdtempSync(path.join(tmpdir(), 'okta-access-e2e-')), 'okta-access.yaml');
    cpSync(path.dirname(one), path.dirname(two), { recursive: true });
    const reports = mkdtempSync(path.join(tmpdir(), 'okta-access-reports-'));
    const a = applyProcess(emulator, one, path.join(reports, 'a.json'));
    const b = applyProcess(emulator, two, path.join(reports, 'b.json'));
    const [doneA, doneB] = await Promise.all([a.finished, b.finished]);
    expect([doneA.code, doneB.code]).toEqual([0, 0]);
    const reportA = JSON.parse(readFileSync(path.join(reports, 'a.json'), 'utf8')) as ApplyReport;
    const reportB = JSON.parse(readFileSync(path.join(reports, 'b.json'), 'utf8')) as ApplyReport;
    const outcomes = new Map<string, string[]>();
    for (const report of [reportA, reportB]) {
      for (const result of report.results) {
        outcomes.set(result.key, [
          ...(outcomes.get(result.key) ?? []),
          `${result.outcome}${result.detail === undefined ? '' : ` (${result.detail})`}`,
        ]);
      }
    }
    captureText('outcomes of both applies', JSON.stringify([...outcomes]));
    // Each write made once: by one run "applied", by the other reported as the other's.
    expect(outcomes.size).toBe(44);
    for (const [key, list] of outcomes) {
      expect({ key, outcomes: list.sort() }).toEqual({
        key,
        outcomes: ['applied', 'unchanged (done by another run)'],
      });
    }
    const view = storeView(emulator);
    expect(duplicates(view.groupsByName)).toEqual([]);
    expect(duplicates(view.appsByLabel)).toEqual([]);
  }, 90_000);
});
