import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { seededRandom } from '../../src/emulator/ids.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { ApplyReport } from '../../src/model/apply.js';
import type { Plan } from '../../src/model/plan.js';
import { captureIo, envOf, planNow } from '../e2e/apply-helpers.js';
import { captureText, registerSecret } from '../support/secrets.js';
import { heavy, scenario, scenarioRepo, stateMismatches } from './scenario.js';
import { duplicatedWrites, isProcessedWrite } from './writes.js';

/**
 * `okta-access apply` (the built binary, in a child process) is SIGKILLed at seeded random points, each time resumed
 * by running it again (which may itself be killed), until a run completes. The kill point is a number of writes in
 * the current run: either after that many were processed, or while that many have reached Okta and the last is
 * still being processed (the client dies before it knows the outcome). The seed is printed; set RELIABILITY_SEED to
 * replay a run.
 */

const bin = fileURLToPath(new URL('../../bin/okta-access.js', import.meta.url));
const kills = heavy ? 60 : 20;
const scale = heavy ? 8 : 2;
const seed = Number(process.env.RELIABILITY_SEED ?? (heavy ? Date.now() % 1_000_000 : 20261123));

const running: RunningEmulator[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const emulator of running.splice(0)) await emulator.stop();
});

type LogEntry = ReturnType<RunningEmulator['log']>[number];

/**
 * A child process that has loaded the CLI and waits for its arguments on stdin, then runs `bin/okta-access.js` with
 * them (the binary itself, as `okta-access apply …` runs it: it imports the already-loaded build). Loading the CLI
 * and the Okta SDK takes a second or more on a busy machine; the next run loads while the current one is killed.
 */
function warmCli(emulator: RunningEmulator) {
  const main = pathToFileURL(fileURLToPath(new URL('../../build/cli/main.js', import.meta.url))).href;
  const script = [
    `await import(${JSON.stringify(main)});`,
    'const args = await new Promise((resolve) => process.stdin.once("data", (data) => resolve(JSON.parse(String(data)))));',
    'process.stdin.destroy();',
    `process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...args];`,
    `await import(${JSON.stringify(pathToFileURL(bin).href)});`,
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...envOf(emulator) },
  });
  children.push(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  captureText(`output of okta-access apply (pid ${child.pid})`, () => output);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => output,
    start: (args: readonly string[]) => child.stdin.write(`${JSON.stringify(['apply', ...args])}\n`),
  };
}

type WarmCli = ReturnType<typeof warmCli>;

/** Writes that reached the emulator (counted on arrival, before the `slow` delay and processing). */
function writesReceived(emulator: RunningEmulator): number {
  let total = 0;
  for (const [endpoint, count] of Object.entries(emulator.counts().byEndpoint))
    if (/^(POST|PUT|PATCH|DELETE) /.test(endpoint) && !endpoint.includes('/oauth2/')) total += count;
  return total;
}

interface KillPoint {
  readonly writes: number;
  readonly mode: 'processed' | 'in flight';
}

/** Runs apply and SIGKILLs it at the kill point; false when it finished first. */
async function applyAndKill(
  emulator: RunningEmulator,
  apply: WarmCli,
  args: readonly string[],
  point: KillPoint,
) {
  const start = emulator.log().length;
  const receivedBefore = writesReceived(emulator);
  apply.start(args);
  let scanned = start;
  let processed = 0;
  const killed = await new Promise<boolean>((resolve) => {
    const poll = setInterval(() => {
      const log = emulator.log();
      for (; scanned < log.length; scanned++) if (isProcessedWrite(log[scanned] as LogEntry)) processed++;
      const reached =
        point.mode === 'processed'
          ? processed >= point.writes
          : writesReceived(emulator) - receivedBefore >= point.writes;
      if (reached) {
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
  if (killed) expect(exit.signal).toBe('SIGKILL');
  // What was on its way still lands after the client died (slow=5): let it.
  await new Promise((resolve) => setTimeout(resolve, 40));
  return { killed, exit, output: apply.output() };
}

describe('apply killed with SIGKILL at random points', () => {
  it(
    `converges after ${kills} kills, every planned write processed exactly once`,
    async () => {
      const random = seededRandom(seed);
      console.info(`crash-resume seed ${seed} (RELIABILITY_SEED=${seed} replays it), ${kills} kills`);
      const token = `rel-crash-${randomBytes(16).toString('hex')}`;
      registerSecret('the emulator API token', token);
      const spec = scenario(scale);
      // Every request takes 5 ms; apply sends 2 at a time.
      const emulator = await startEmulator({
        seed: spec.seed,
        faults: 'slow=5:1',
        randomSeed: seed,
        tokens: [token],
      });
      running.push(emulator);
      const config = scenarioRepo(spec, { campaign: true });
      const directory = mkdtempSync(path.join(tmpdir(), 'okta-access-crash-'));
      const saved = path.join(directory, 'plan.json');
      const { io, output } = captureIo(envOf(emulator));
      expect(
        await run(['plan', '--config', config, '--out', saved, '--format', 'json'], io),
        output.stderr,
      ).toBe(0);
      const plan = JSON.parse(readFileSync(saved, 'utf8')) as Plan;
      const planned = plan.changes.length;
      expect(planned).toBeGreaterThan(100);
      const start = emulator.log().length;

      const args = [saved, '--config', config, '--concurrency', '2'];
      // Kill points average well under planned / kills writes, so that all the kills happen before the work is done.
      const meanWrites = Math.max(2, Math.floor((planned * 0.6) / kills));
      const points: KillPoint[] = [];
      let done = 0;
      let next = warmCli(emulator);
      while (done < kills) {
        const current = next;
        next = warmCli(emulator);
        const point: KillPoint = {
          writes: 1 + Math.floor(random() * (2 * meanWrites - 1)),
          mode: random() < 0.5 ? 'processed' : 'in flight',
        };
        const result = await applyAndKill(emulator, current, args, point);
        expect(
          result.killed,
          `apply finished before kill ${done + 1} (${JSON.stringify(point)}): ${result.output}`,
        ).toBe(true);
        points.push(point);
        done++;
      }
      const before = emulator.log().slice(start).filter(isProcessedWrite);

      // The resume that completes.
      const report = path.join(directory, 'report.json');
      const last = next;
      last.start([...args, '--report', report, '--format', 'json']);
      const exit = await last.exited;
      expect(exit.code, last.output()).toBe(0);
      const result = JSON.parse(readFileSync(report, 'utf8')) as ApplyReport;

      const writes: LogEntry[] = emulator.log().slice(start).filter(isProcessedWrite);
      expect(stateMismatches(emulator, spec, true)).toEqual([]);
      expect(duplicatedWrites(writes, plan.summary.byKind)).toEqual([]);
      expect(writes).toHaveLength(planned);
      expect((await planNow(emulator, config)).changes).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.counts.failed).toBe(0);
      expect(result.counts.applied).toBe(writes.length - before.length);
      expect(result.counts.skipped + result.counts.unchanged).toBe(before.length);
      console.info(
        `crash-resume seed ${seed}: ${planned} changes; kill points ${points
          .map((point) => `${point.writes}${point.mode === 'processed' ? 'p' : 'f'}`)
          .join(
            ' ',
          )}; ${before.length} writes before the last run, ${writes.length - before.length} in it; ` +
          `report ${JSON.stringify(result.counts)}`,
      );
    },
    heavy ? 900_000 : 120_000,
  );
});
