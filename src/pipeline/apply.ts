import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createAnotherRun } from '../apply/another-run.js';
import type { ApplyContext } from '../apply/context.js';
import { executeChanges } from '../apply/execute.js';
import { openJournal } from '../apply/journal.js';
import { acquireApplyLock } from '../apply/lock.js';
import { checkStaleness, stillInFiles } from '../apply/staleness.js';
import { desiredOrg } from '../diff/desired.js';
import { loadDesired } from '../load/index.js';
import type { ApplyReport, ChangeOutcome, ChangeResult } from '../model/apply.js';
import { changeKey } from '../model/change.js';
import { countBySeverity, type Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../model/plan.js';
import type { DesiredState } from '../model/state.js';
import type { OktaPort } from '../okta/port.js';
import { scopesFor } from '../okta/scopes.js';
import { deleteLimitBlocker } from '../plan/build.js';
import { planHash } from '../plan/hash.js';
import { type Connection, resolveConnection } from './connection.js';
import { planAgainstOrg } from './plan.js';

export interface ApplyRunOptions {
  readonly configPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly openPort: (connection: Connection) => OktaPort;
  /** A saved plan to apply; without one, apply plans now and asks `confirm`. */
  readonly plan?: Plan;
  /**
   * The plan's hash as it was approved, bound to a pull request's head commit and config (src/plan/hash.ts): what the
   * report and the journal record. Default: the hash of the plan's changes alone.
   */
  readonly planHash?: string;
  /** Asked with the fresh plan when no saved plan was given; false stops before any write. */
  readonly confirm?: (plan: Plan) => Promise<boolean>;
  readonly allowDeletes: boolean;
  readonly concurrency: number;
  /** The journal file; default `.okta-access/apply-journal.jsonl` beside okta-access.yaml. */
  readonly journalPath?: string;
  readonly now?: () => Date;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onStatus?: (message: string) => void;
  /** First delay between polls of an identity-source import (default 1 s). */
  readonly sourcePollMs?: number;
}

export type ApplyRun =
  | { readonly ok: false; readonly reason: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly ok: false;
      readonly reason: 'refused';
      readonly message: string;
      readonly plan?: Plan;
      /** Refused only for want of an override (the deletion limits: --allow-deletes). */
      readonly override?: 'allow-deletes';
    }
  | { readonly ok: true; readonly report: ApplyReport; readonly plan: Plan };

/**
 * Apply: the only writer. Loads the files (nothing is written when any is invalid), reads the org and diffs again,
 * refuses a stale plan, enforces the deletion limits, executes the changes through the handlers, then reads the
 * org back to verify. Level-based: what is already done is recognised from the org itself, the journal only tells
 * which earlier run did it.
 */
export async function runApply(options: ApplyRunOptions): Promise<ApplyRun> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const loaded = await loadDesired({ configPath: options.configPath, env: options.env, now: now() });
  if (loaded.state === undefined || countBySeverity(loaded.diagnostics).errors > 0) {
    return { ok: false, reason: 'invalid', diagnostics: loaded.diagnostics };
  }
  const desired = loaded.state;
  const journalFile =
    options.journalPath ??
    path.join(path.dirname(desired.config.path), '.okta-access', 'apply-journal.jsonl');
  // Beside the journal, before the org is read: a second apply from this checkout stops here, having read nothing.
  mkdirSync(path.dirname(journalFile), { recursive: true });
  const lock = acquireApplyLock(`${journalFile}.lock`);
  if (lock.takenOver !== undefined) options.onStatus?.(lock.takenOver);
  try {
    return await applyLocked(options, loaded.diagnostics, desired, journalFile, startedAt, now);
  } finally {
    lock.release();
  }
}

async function applyLocked(
  options: ApplyRunOptions,
  diagnostics: readonly Diagnostic[],
  desired: DesiredState,
  journalFile: string,
  startedAt: string,
  now: () => Date,
): Promise<ApplyRun> {
  const connection = resolveConnection(
    desired.config,
    options.env,
    scopesFor('apply', { campaigns: desired.campaigns.size > 0, users: desired.config.users !== undefined }),
  );
  const port = options.openPort(connection);
  // A saved scoped plan is checked against a read of the same scope: drift outside it neither blocks nor is applied.
  const scope = options.plan?.scope;
  const scoping = scope === undefined ? undefined : { scope };
  const fresh = await planAgainstOrg(
    desired,
    [...diagnostics],
    connection.orgUrl,
    port,
    now(),
    undefined,
    undefined,
    scoping,
  );

  const plan = options.plan ?? fresh;
  if (options.plan !== undefined && options.plan.org !== connection.orgUrl) {
    return {
      ok: false,
      reason: 'refused',
      message: `the plan was made for ${options.plan.org}, not ${connection.orgUrl}`,
      plan,
    };
  }
  const errors = countBySeverity(fresh.diagnostics).errors;
  if (errors > 0) {
    return {
      ok: false,
      reason: 'refused',
      message: `${errors} error${errors === 1 ? '' : 's'} must be fixed first`,
      plan: fresh,
    };
  }
  if (plan.deleteLimit.exceeded && !options.allowDeletes) {
    return {
      ok: false,
      reason: 'refused',
      message: deleteLimitBlocker(plan.blockers) ?? 'the deletions exceed the limits',
      plan,
      override: 'allow-deletes',
    };
  }
  const files = {
    desired: desiredOrg(desired),
    campaigns: new Set([...desired.campaigns.values()].map((campaign) => campaign.definition.name)),
    ...(desired.config.users === undefined
      ? {}
      : { identitySourceId: desired.config.users.identitySourceId }),
  };
  const staleness = checkStaleness(plan.changes, fresh.changes, {
    orgSame: plan.fingerprint === fresh.fingerprint,
    filesSame:
      plan.filesFingerprint === undefined ? undefined : plan.filesFingerprint === fresh.filesFingerprint,
    groupsSame:
      plan.groupsFingerprint === undefined ? undefined : plan.groupsFingerprint === fresh.groupsFingerprint,
    inFiles: (change) => stillInFiles(change, files),
  });
  if (!staleness.ok) return { ok: false, reason: 'refused', message: staleness.message, plan };
  options.onStatus?.(staleness.message);
  if (options.plan === undefined && options.confirm !== undefined && fresh.changes.length > 0) {
    if (!(await options.confirm(fresh)))
      return { ok: false, reason: 'refused', message: 'apply cancelled; nothing was written', plan };
  }

  const hash = options.planHash ?? planHash(plan);
  const journal = openJournal(journalFile, hash);
  const context: ApplyContext = {
    port,
    marker: desired.config.ownership.marker,
    appIds: new Map(),
    groupIds: new Map(),
    anotherRun: createAnotherRun(),
    campaignIds: new Map(),
    userIds: new Map(),
    sourceSessions: { opened: journal.sessions, record: (id) => journal.recordSession(id) },
    ...(options.onStatus === undefined ? {} : { onStatus: options.onStatus }),
    ...(options.sourcePollMs === undefined ? {} : { sourcePollMs: options.sourcePollMs }),
  };
  const executed = await executeChanges(staleness.toExecute, context, {
    concurrency: options.concurrency,
    journal,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });

  // Planned changes the org already held before this run: done earlier (the journal says by whom) or by someone else;
  // and those the files no longer ask for, dropped.
  const results: ChangeResult[] = [...executed];
  for (const change of plan.changes) {
    const key = changeKey(change);
    if (staleness.dropped.has(key)) {
      results.push({ key, change, outcome: 'skipped', dropped: true, detail: 'no longer in the files' });
      continue;
    }
    if (!staleness.alreadyDone.has(key)) continue;
    results.push(
      journal.done.has(key)
        ? { key, change, outcome: 'skipped', detail: 'done by an earlier run of this plan (journal)' }
        : { key, change, outcome: 'unchanged', detail: 'Okta already held it' },
    );
  }

  // Verification: read the org back and diff again; a change still needed did not take.
  let mismatches = 0;
  const after = await planAgainstOrg(
    desired,
    [],
    connection.orgUrl,
    port,
    now(),
    undefined,
    undefined,
    scoping,
  );
  const remaining = new Set(after.changes.map(changeKey));
  const verified = results.map((result) => {
    if ((result.outcome === 'applied' || result.outcome === 'unchanged') && remaining.has(result.key)) {
      mismatches++;
      return {
        ...result,
        outcome: 'failed' as const,
        verifyFailed: true,
        detail: 'written, but reading the org back shows it did not take',
      };
    }
    return result;
  });
  // Changes still needed that were never planned mean the run did not converge: count them too.
  const attempted = new Set(results.map((result) => result.key));
  const unplanned = after.changes.filter((change) => !attempted.has(changeKey(change))).length;
  mismatches += unplanned;
  const order = new Map(plan.changes.map((change, index) => [changeKey(change), index]));
  verified.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));

  const counts: Record<ChangeOutcome, number> = { applied: 0, unchanged: 0, skipped: 0, failed: 0 };
  for (const result of verified) counts[result.outcome]++;
  const stats = port.stats();
  const report: ApplyReport = {
    formatVersion: 1,
    org: connection.orgUrl,
    config: plan.config,
    commit: plan.commit,
    planHash: hash,
    startedAt,
    finishedAt: now().toISOString(),
    staleness: { fresh: plan.fingerprint === fresh.fingerprint, message: staleness.message },
    results: verified,
    counts,
    verification: { checked: true, mismatches },
    requests: {
      total: stats.requests,
      retries: stats.retries,
      rateLimited: stats.rateLimited,
      waitedMs: stats.waitedMs,
    },
    ok: counts.failed === 0 && unplanned === 0,
  };
  return { ok: true, report, plan };
}
