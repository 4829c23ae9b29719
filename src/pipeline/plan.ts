import path from 'node:path';
import { desiredOrg } from '../diff/desired.js';
import { diff } from '../diff/diff.js';
import { currentCommit } from '../git/commit.js';
import { loadDesired } from '../load/index.js';
import { displayPath } from '../load/paths.js';
import { countBySeverity, type Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../model/plan.js';
import type { DesiredState } from '../model/state.js';
import type { OktaPort } from '../okta/port.js';
import { buildPlan } from '../plan/build.js';
import { fingerprintActual } from '../plan/fingerprint.js';
import { readActual } from '../read/actual.js';
import { type Connection, resolveConnection } from './connection.js';
import { toolVersion } from './version.js';

export interface PlanRunOptions {
  readonly configPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Opens the Okta port for a connection (the CLI passes the real one; tests may pass the same with options). */
  readonly openPort: (connection: Connection) => OktaPort;
  readonly now?: Date;
  readonly onProgress?: (step: string, done: number, total: number) => void;
}

export type PlanRun =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: true; readonly plan: Plan; readonly desired: DesiredState; readonly port: OktaPort };

/**
 * The thin shell around the pure stages: load the files (stop on any error, before Okta is contacted), read Okta
 * set-wise, diff, and build the plan.
 */
export async function runPlan(options: PlanRunOptions): Promise<PlanRun> {
  const now = options.now ?? new Date();
  const loaded = await loadDesired({ configPath: options.configPath, env: options.env, now });
  if (loaded.state === undefined || countBySeverity(loaded.diagnostics).errors > 0) {
    return { ok: false, diagnostics: loaded.diagnostics };
  }
  const desiredState = loaded.state;
  const connection = resolveConnection(desiredState.config, options.env);
  const port = options.openPort(connection);
  const plan = await planAgainstOrg(
    desiredState,
    loaded.diagnostics,
    connection.orgUrl,
    port,
    now,
    options.onProgress,
  );
  return { ok: true, plan, desired: desiredState, port };
}

/** Reads the org for a loaded desired state, diffs and builds the plan (also apply's fresh look and read-back). */
export async function planAgainstOrg(
  desiredState: DesiredState,
  loadDiagnostics: readonly Diagnostic[],
  orgUrl: string,
  port: OktaPort,
  now: Date,
  onProgress?: (step: string, done: number, total: number) => void,
): Promise<Plan> {
  const before = port.stats().requests;
  const desired = desiredOrg(desiredState);
  const emails = new Set<string>();
  for (const group of desired.groups.values()) for (const email of group.members.keys()) emails.add(email);
  const read = await readActual(port, desired, {
    marker: desiredState.config.ownership.marker,
    naming: desiredState.config.naming.group,
    emails,
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  const result = diff({
    desired,
    actual: read.actual,
    users: read.users,
    protectedGroups: new Set(desiredState.config.safety.protectedGroups.map((name) => name.toLowerCase())),
  });
  const stats = port.stats();
  return buildPlan({
    config: desiredState.config,
    configDisplay: displayPath(desiredState.config.path),
    orgUrl,
    commit: await currentCommit(path.dirname(desiredState.config.path)),
    createdAt: now.toISOString(),
    version: toolVersion(),
    actual: read.actual,
    fingerprint: fingerprintActual(read.actual, read.users),
    changes: result.changes,
    unmanaged: result.unmanaged,
    diagnostics: [...loadDiagnostics, ...read.diagnostics, ...result.diagnostics],
    reads: {
      requests: stats.requests - before,
      byEndpoint: stats.byEndpoint,
      userResolution: read.userResolution,
      userResolutionReason: read.userResolutionReason,
    },
  });
}
