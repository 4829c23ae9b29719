import { type Change, type ChangeKind, changeKinds, changeWeight, isUserChange } from '../model/change.js';
import type { Config } from '../model/config.js';
import { countBySeverity, type Diagnostic, sortDiagnostics } from '../model/diagnostic.js';
import type { PlanGuardrails } from '../model/guardrails.js';
import type { OrgModel } from '../model/org.js';
import type { Plan, ReadStats } from '../model/plan.js';
import type { FullPlanReason, PlanScope } from '../model/scope.js';

export interface BuildPlanInput {
  readonly config: Config;
  /** okta-access.yaml as shown to people (relative path). */
  readonly configDisplay: string;
  readonly orgUrl: string;
  readonly commit: string | null;
  readonly createdAt: string;
  readonly version: string;
  readonly actual: OrgModel;
  readonly fingerprint: string;
  /** What the files asked for, hashed (src/plan/fingerprint.ts). */
  readonly filesFingerprint?: string;
  readonly groupsFingerprint?: string;
  readonly changes: readonly Change[];
  readonly unmanaged: Plan['unmanaged'];
  readonly campaigns: Plan['campaigns'];
  readonly diagnostics: readonly Diagnostic[];
  readonly reads: ReadStats;
  /** The guardrails' source and the changes to them, when the config's guardrails were replaced by trusted ones. */
  readonly guardrails?: PlanGuardrails;
  /** A scoped plan's scope: managedMemberships (the base of maxDeletePercent) are then the touched groups'. */
  readonly scope?: PlanScope;
  readonly fullPlan?: { readonly reason: FullPlanReason; readonly detail: string };
}

/** Orders the changes, counts them and applies the safety policy; pure. */
export function buildPlan(input: BuildPlanInput): Plan {
  const changes = orderChanges(input.changes);
  const byKind = Object.fromEntries(changeKinds.map((kind) => [kind, 0])) as Record<ChangeKind, number>;
  let destructive = 0;
  let total = 0;
  for (const change of changes) {
    // A user change carries many people: each counts, in the summary and against the deletion limits.
    byKind[change.kind] += changeWeight(change);
    total += changeWeight(change);
    if (change.destructive) destructive += changeWeight(change);
  }
  let managedMemberships = 0;
  for (const group of input.actual.groups.values())
    if (group.managed) managedMemberships += group.members.size;

  const { maxDeletes, maxDeletePercent, percentFloor } = input.config.safety;
  const limit = checkDeleteLimit(destructive, managedMemberships, {
    maxDeletes,
    maxDeletePercent,
    percentFloor,
  });
  const exceeded = limit !== undefined;
  const blockers: string[] = [];
  const { errors } = countBySeverity(input.diagnostics);
  if (errors > 0) blockers.push(`${errors} error${errors === 1 ? '' : 's'} must be fixed first`);
  if (limit !== undefined) blockers.push(limit);
  return {
    formatVersion: 1,
    tool: { name: 'okta-access-gitops', version: input.version },
    createdAt: input.createdAt,
    commit: input.commit,
    config: input.configDisplay,
    org: input.orgUrl,
    ...(input.guardrails === undefined ? {} : { guardrails: input.guardrails }),
    ...(input.scope === undefined ? {} : { scope: input.scope }),
    ...(input.fullPlan === undefined ? {} : { fullPlan: input.fullPlan }),
    fingerprint: input.fingerprint,
    ...(input.filesFingerprint === undefined ? {} : { filesFingerprint: input.filesFingerprint }),
    ...(input.groupsFingerprint === undefined ? {} : { groupsFingerprint: input.groupsFingerprint }),
    changes,
    summary: { total, destructive, byKind, managedMemberships },
    unmanaged: [...input.unmanaged].sort((a, b) => compare(a.group, b.group)),
    campaigns: [...input.campaigns].sort((a, b) => compare(a.campaign, b.campaign)),
    diagnostics: sortDiagnostics(input.diagnostics),
    applicable: blockers.length === 0,
    blockers,
    deleteLimit: { destructive, maxDeletes, maxDeletePercent, percentFloor, exceeded },
    reads: input.reads,
  };
}

/**
 * The deletion limits against a plan: undefined when within them, else the blocker, stating the share and each
 * limit apart. safety.maxDeletes always applies; safety.maxDeletePercent only from `percentFloor` managed
 * memberships, where a percentage is the looser reading (2 removals of 14 memberships are 14 %, and no mass deletion).
 */
export function checkDeleteLimit(
  destructive: number,
  managed: number,
  safety: { readonly maxDeletes: number; readonly maxDeletePercent: number; readonly percentFloor: number },
): string | undefined {
  const percent = managed === 0 ? 0 : (destructive / managed) * 100;
  const overCount = destructive > safety.maxDeletes;
  const overPercent = managed > 0 && managed >= safety.percentFloor && percent > safety.maxDeletePercent;
  if (!overCount && !overPercent) return undefined;
  const changes = `${destructive} destructive change${destructive === 1 ? '' : 's'}`;
  const limits: string[] = [];
  if (overCount) limits.push(`the limit is ${safety.maxDeletes} (safety.maxDeletes)`);
  if (overPercent) {
    limits.push(
      `${changes} = ${formatPercent(percent)} % of ${managed} managed membership${managed === 1 ? '' : 's'}; ` +
        `the limit is ${formatPercent(safety.maxDeletePercent)} % (safety.maxDeletePercent, applies from ${safety.percentFloor} managed)`,
    );
  }
  return (
    `${changes} exceed${destructive === 1 ? 's' : ''} the limits of okta-access.yaml: ${limits.join('; ')}; ` +
    deleteLimitOverride
  );
}

/** How a deletion-limit blocker ends: the override that lifts it. */
export const deleteLimitOverride = 'apply with --allow-deletes if they are intended';

/** The plan's deletion-limit blocker, the one --allow-deletes lifts (plans of earlier versions word it alike). */
export function deleteLimitBlocker(blockers: readonly string[]): string | undefined {
  return blockers.find((blocker) => blocker.endsWith(deleteLimitOverride));
}

function formatPercent(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Apply order (changeKinds), then app, group and email, so the same inputs give the same plan byte for byte. */
export function orderChanges(changes: readonly Change[]): Change[] {
  const rank = new Map(changeKinds.map((kind, index) => [kind, index]));
  const keyOf = (change: Change): string => {
    if (isUserChange(change)) return change.identitySourceId;
    const group =
      'group' in change ? change.group.toLowerCase() : 'campaign' in change ? change.campaign : '';
    const email = 'email' in change ? change.email : '';
    return `${change.app}\u0000${group}\u0000${email}`;
  };
  return [...changes].sort(
    (a, b) => (rank.get(a.kind) ?? 0) - (rank.get(b.kind) ?? 0) || compare(keyOf(a), keyOf(b)),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
