import { afterAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { ApplyReport } from '../../src/model/apply.js';
import type { ChangeKind } from '../../src/model/change.js';
import type { Plan } from '../../src/model/plan.js';
import { createOktaPort } from '../../src/okta/client.js';
import { OktaRequestError } from '../../src/okta/errors.js';
import type { OktaPort } from '../../src/okta/port.js';
import type { Connection } from '../../src/pipeline/connection.js';
import { applyNow, fastRetries, oktaApi, planNow, testPort } from '../e2e/apply-helpers.js';
import {
  addCampaign,
  advanceClock,
  heavy,
  type Scenario,
  scenario,
  scenarioRepo,
  setFaults,
  stateMismatches,
} from './scenario.js';
import { duplicatedWrites, processedWrites } from './writes.js';

/**
 * Each kind of fault Okta shows in production, against each operation that talks to it: plan (reads only), apply
 * (app, group, assignment and membership writes) and campaign launch (governance create + launch). Plan under faults
 * must give the plan computed without them; apply and launch, re-run as an operator would until they report success,
 * must leave the org in the desired state (read back from the emulator's store) with no write processed twice (see
 * writes.ts for what counts as a write and as a duplicate). Fault sequences are seeded: a failure names its seed.
 */

interface FaultKind {
  readonly name: string;
  /** The emulator's fault spec (src/emulator/faults.ts) while the operation runs; the seed is added per case. */
  readonly faults: string;
  /** Okta's eventual consistency: new groups and users are missing from `search` results for this long. */
  readonly searchLagMs?: number;
  /** Whether the faults show in the request log (latency and lag do not fail a request). */
  readonly logged: boolean;
  /** Added for campaign launch: the same fault, more often, on the governance API alone. */
  readonly governance?: string;
  /** The client's request timeout, for faults that answer later than it waits. */
  readonly requestTimeoutMs?: number;
  /** Whether a PUT or DELETE may be processed twice (re-sent after its answer was lost; it sets the same state). */
  readonly idempotentRepeats?: boolean;
  /** The failure this kind injects, also scheduled on the plan's first requests so that every seed meets it. */
  readonly failure?: '429' | '503' | 'reset';
}

const kinds: readonly FaultKind[] = [
  { name: '429 storm', faults: '429:0.3', governance: '429:0.4~/governance/', failure: '429', logged: true },
  {
    name: '5xx',
    faults: '500:0.05,502:0.03,503:0.05',
    governance: '503:0.35~/governance/',
    failure: '503',
    logged: true,
  },
  {
    name: 'connection resets',
    faults: 'reset:0.08',
    governance: 'reset:0.5~/governance/',
    failure: 'reset',
    logged: true,
  },
  { name: 'latency', faults: 'slow=30:0.5,slow=200:0.03', logged: false },
  // Okta processed the request but the answer came after the client stopped waiting: the create, launch or PUT
  // took effect, and the client cannot know. Only on app and campaign requests (creates there are not unique by name).
  {
    name: 'lost responses',
    faults: 'slow=400:0.3~/api/v1/apps',
    governance: 'slow=400:0.4~/governance/',
    requestTimeoutMs: 150,
    idempotentRepeats: true,
    logged: false,
  },
  { name: 'eventual-consistency lag', faults: '', searchLagMs: 600_000, logged: false },
];

const seeds = heavy ? [3, 17, 101] : [3];
const scale = heavy ? 5 : 1;
/** Enough re-runs for the non-retried POSTs that a fault refused; one more than ever needed here. */
const maxRuns = 8;

const running: RunningEmulator[] = [];
afterAll(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function org(spec: Scenario, kind: FaultKind, seed: number): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    seed: spec.seed,
    randomSeed: seed,
    ...(kind.searchLagMs === undefined ? {} : { searchLagMs: kind.searchLagMs }),
  });
  running.push(emulator);
  return emulator;
}

function faultSpec(kind: FaultKind, seed: number, governance = false): string {
  const rules = [kind.faults, governance ? (kind.governance ?? '') : ''].filter((rule) => rule !== '');
  return rules.length === 0 ? '' : `seed=${seed},${rules.join(',')}`;
}

/** What a plan says, without when it was made and how many requests it took. */
function comparable(plan: Plan) {
  const { createdAt: _createdAt, reads: _reads, ...rest } = plan;
  return rest;
}

function byKind(plan: Plan): Partial<Record<ChangeKind, number>> {
  return plan.summary.byKind;
}

/** Applies until a run reports success, as an operator re-runs a failed apply; every run must be allowed to start. */
async function applyUntilDone(
  emulator: RunningEmulator,
  config: string,
  kind?: FaultKind,
): Promise<ApplyReport[]> {
  const reports: ApplyReport[] = [];
  for (let attempt = 0; attempt < maxRuns; attempt++) {
    // A read that Okta kept refusing through every retry ends the run with an error, as the CLI reports it (exit 1).
    const result = await applyNow(emulator, config, { openPort: portFor(kind) }).catch((error: unknown) => {
      if (error instanceof OktaRequestError) return undefined;
      throw error;
    });
    if (result === undefined) continue;
    if (!result.ok) throw new Error(`apply refused: ${JSON.stringify(result).slice(0, 1500)}`);
    reports.push(result.report);
    if (result.report.ok) return reports;
  }
  throw new Error(`apply did not succeed in ${maxRuns} runs: ${JSON.stringify(reports.at(-1)?.counts)}`);
}

/** The real port (SDK, limiter, retries) with test timings, and the kind's request timeout. */
function portFor(kind?: FaultKind): (connection: Connection) => OktaPort {
  if (kind?.requestTimeoutMs === undefined) return testPort({ concurrency: 4 });
  const timeout = kind.requestTimeoutMs;
  return (connection) => {
    if (connection.auth.kind !== 'token') throw new Error('tests use an SSWS token');
    return createOktaPort({
      orgUrl: connection.orgUrl,
      auth: { token: connection.auth.token },
      concurrency: 4,
      maxCapacity: 1,
      retryTiming: fastRetries,
      requestTimeoutMs: timeout,
    });
  };
}

/** Every write processed since `start` is a planned change, processed once (a PUT or DELETE re-sent after a lost answer
 * excepted, when the kind loses answers: it sets the same state again). */
function expectWritesExactlyPlanned(
  emulator: RunningEmulator,
  start: number,
  plan: Plan,
  kind: FaultKind,
): number {
  const writes = processedWrites(emulator.log().slice(start));
  const repeats = kind.idempotentRepeats === true;
  expect(duplicatedWrites(writes, byKind(plan), { idempotentRepeats: repeats })).toEqual([]);
  const distinct = repeats
    ? new Set(
        writes.map((write) => `${write.method} ${write.path} ${write.method === 'POST' ? write.n : ''}`),
      ).size
    : writes.length;
  expect(distinct).toBe(plan.changes.length);
  return writes.length;
}

function faulted(emulator: RunningEmulator, start: number): number {
  return emulator
    .log()
    .slice(start)
    .filter((entry) => entry.fault !== undefined).length;
}

describe.each(seeds)('the fault matrix (seed %i)', (seed) => {
  describe.each(kinds)('$name', (kind) => {
    it('plan: the same plan as without faults, and no write', async () => {
      const spec = scenario(scale);
      const emulator = await org(spec, kind, seed);
      // Half the work done moments ago (so that, with lag, its groups are not yet searchable): Ledger and its
      // Viewer group exist; the plan is then for the whole scenario and its campaign.
      const halfway = scenarioRepo({
        ...spec,
        apps: spec.apps.map((app) =>
          app.label === 'Ledger' ? { ...app, entitlements: { Viewer: app.entitlements.Viewer ?? [] } } : app,
        ),
      });
      await applyUntilDone(emulator, halfway);
      // A new hire that HR created through the API moments ago, given Ledger access in the files: with lag, Okta's
      // search does not find them yet.
      await oktaApi(emulator, 'POST', '/api/v1/users?activate=true', {
        profile: {
          firstName: 'New',
          lastName: 'Hire',
          email: 'new.hire@example.com',
          login: 'new.hire@example.com',
        },
      });
      const config = scenarioRepo(
        {
          ...spec,
          apps: spec.apps.map((app) =>
            app.label === 'Ledger'
              ? {
                  ...app,
                  entitlements: {
                    ...app.entitlements,
                    Approver: [...(app.entitlements.Approver ?? []), 'new.hire@example.com'],
                  },
                }
              : app,
          ),
        },
        { campaign: true },
      );

      const start = emulator.log().length;
      let clean: Plan;
      let underFaults: Plan;
      if (kind.searchLagMs === undefined) {
        clean = await planNow(emulator, config);
        // The requests are numbered since the emulator started: the plan's 2nd and 3rd meet the failure for sure.
        const next = emulator.counts().total;
        const scheduled = kind.failure === undefined ? '' : `,${kind.failure}@${next + 2}-${next + 3}`;
        await setFaults(emulator, `${faultSpec(kind, seed)}${scheduled}`);
        underFaults = await planNow(emulator, config, portFor(kind));
        await setFaults(emulator, '');
      } else {
        underFaults = await planNow(emulator, config);
        await advanceClock(emulator, kind.searchLagMs / 1000 + 1);
        clean = await planNow(emulator, config);
      }
      expect(clean.changes.length).toBeGreaterThan(30);
      expect(byKind(clean)).toMatchObject({ 'group.create': 2, 'campaign.create': 1, 'campaign.launch': 1 });
      expect(comparable(underFaults)).toEqual(comparable(clean));
      expect(processedWrites(emulator.log().slice(start))).toEqual([]);
      if (kind.logged) expect(faulted(emulator, start)).toBeGreaterThan(0);
    });

    it('apply: converges to the desired state, each planned write processed exactly once', async () => {
      const spec = scenario(scale);
      const emulator = await org(spec, kind, seed);
      const config = scenarioRepo(spec);
      const plan = await planNow(emulator, config);
      expect(byKind(plan)).toMatchObject({ 'app.create': 1, 'group.create': 3, 'group.delete': 1 });

      const start = emulator.log().length;
      await setFaults(emulator, faultSpec(kind, seed));
      const reports = await applyUntilDone(emulator, config, kind);
      await setFaults(emulator, '');

      expect(stateMismatches(emulator, spec)).toEqual([]);
      // Right away (with lag: while the new groups are still missing from search results), nothing is left to do.
      expect((await planNow(emulator, config)).changes).toEqual([]);
      for (const report of reports) expect(report.verification.mismatches).toBe(0);
      const writes = expectWritesExactlyPlanned(emulator, start, plan, kind);
      if (kind.logged) expect(faulted(emulator, start)).toBeGreaterThan(0);
      console.info(
        `fault matrix ${kind.name} × apply (seed ${seed}): ${plan.changes.length} changes, ${writes} writes in ` +
          `${reports.length} run(s), ${faulted(emulator, start)} faulted requests`,
      );
    });

    it('campaign launch: one campaign, launched, each write processed exactly once', async () => {
      const spec = scenario(scale);
      const emulator = await org(spec, kind, seed);
      const config = scenarioRepo(spec);
      await applyUntilDone(emulator, config);
      addCampaign(config);
      const plan = await planNow(emulator, config);
      expect(plan.changes.map((change) => change.kind)).toEqual(['campaign.create', 'campaign.launch']);

      const start = emulator.log().length;
      await setFaults(emulator, faultSpec(kind, seed, true));
      const reports = await applyUntilDone(emulator, config, kind);
      await setFaults(emulator, '');

      expect(stateMismatches(emulator, spec, true)).toEqual([]);
      expect((await planNow(emulator, config)).changes).toEqual([]);
      expectWritesExactlyPlanned(emulator, start, plan, kind);
      // The faults met the governance API (with the default seed, the create and the launch themselves).
      if (kind.logged)
        expect(
          emulator
            .log()
            .slice(start)
            .filter((entry) => entry.path.startsWith('/governance/') && entry.fault !== undefined).length,
        ).toBeGreaterThan(0);
      console.info(
        `fault matrix ${kind.name} × campaign launch (seed ${seed}): ${reports.length} run(s), ` +
          `${faulted(emulator, start)} faulted requests`,
      );
    });
  });
});
