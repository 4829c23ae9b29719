import path from 'node:path';
import { buildCampaignBody, campaignEmails } from '../campaigns/body.js';
import { diffCampaigns } from '../diff/campaigns.js';
import { desiredOrg } from '../diff/desired.js';
import { diff, holdKey } from '../diff/diff.js';
import { checkManagers } from '../diff/managers.js';
import { diffUsers, type OwnedUser } from '../diff/users.js';
import { currentCommit } from '../git/commit.js';
import { confusableWithOrg } from '../load/confusable.js';
import type { TrustedGuardrails } from '../load/guardrails.js';
import { loadDesired } from '../load/index.js';
import { displayPath } from '../load/paths.js';
import type { ActualCampaign, CampaignStatusNote, DesiredCampaign } from '../model/campaign.js';
import type { Change } from '../model/change.js';
import type { UserSourcing } from '../model/config.js';
import { countBySeverity, type Diagnostic } from '../model/diagnostic.js';
import type { PlanGuardrails } from '../model/guardrails.js';
import type { Plan } from '../model/plan.js';
import type { ScopeDecision } from '../model/scope.js';
import type { DesiredState } from '../model/state.js';
import { isNotFound } from '../okta/errors.js';
import type { OktaPort } from '../okta/port.js';
import { scopesFor } from '../okta/scopes.js';
import { buildPlan } from '../plan/build.js';
import { fingerprintActual, fingerprintDesired, fingerprintGroups } from '../plan/fingerprint.js';
import { restrictDesired } from '../plan/scope.js';
import { type ActualRead, readActual } from '../read/actual.js';
import { readCampaigns } from '../read/campaigns.js';
import { readScoped } from '../read/scoped.js';
import { type Connection, resolveConnection } from './connection.js';
import { type GitScopeSpec, scopeFromGit } from './scope.js';
import { toolVersion } from './version.js';

export interface PlanRunOptions {
  readonly configPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Opens the Okta port for a connection (the CLI passes the real one; tests may pass the same with options). */
  readonly openPort: (connection: Connection) => OktaPort;
  readonly now?: Date;
  readonly onProgress?: (step: string, done: number, total: number) => void;
  /**
   * The guardrails of the trusted base (a pull request's base branch): in force instead of the config's own, whose
   * differences the plan records (`plan.guardrails`). Without it the config's guardrails apply (a local plan).
   */
  readonly trusted?: TrustedGuardrails;
  /**
   * Plan only what the change from this Git range touches (`plan --scope git:BASE...HEAD`); the plan falls back to a
   * full one, saying why, when the change cannot be scoped soundly or the full read is cheaper.
   */
  readonly scope?: GitScopeSpec;
}

export type PlanRun =
  | {
      readonly ok: false;
      readonly diagnostics: readonly Diagnostic[];
      /** With trusted guardrails: the ones the (invalid) files would change, when the config itself loaded. */
      readonly guardrails?: PlanGuardrails;
    }
  | { readonly ok: true; readonly plan: Plan; readonly desired: DesiredState; readonly port: OktaPort };

/**
 * The thin shell around the pure stages: load the files (stop on any error, before Okta is contacted), read Okta
 * set-wise, diff, and build the plan.
 */
export async function runPlan(options: PlanRunOptions): Promise<PlanRun> {
  const now = options.now ?? new Date();
  const { trusted } = options;
  const loaded = await loadDesired({
    configPath: options.configPath,
    env: options.env,
    now,
    ...(trusted === undefined ? {} : { trusted: trusted.guardrails }),
  });
  const diagnostics = [...loaded.diagnostics, ...(trusted?.diagnostics ?? [])];
  const guardrails: PlanGuardrails | undefined =
    trusted === undefined || loaded.guardrailChanges === undefined
      ? undefined
      : { source: trusted.source, changes: loaded.guardrailChanges };
  if (loaded.state === undefined || countBySeverity(loaded.diagnostics).errors > 0) {
    return { ok: false, diagnostics, ...(guardrails === undefined ? {} : { guardrails }) };
  }
  const desiredState = loaded.state;
  const connection = resolveConnection(
    desiredState.config,
    options.env,
    scopesFor('plan', {
      campaigns: desiredState.campaigns.size > 0,
      users: desiredState.config.users !== undefined,
    }),
  );
  const scoping =
    options.scope === undefined
      ? undefined
      : scopingOf(await scopeFromGit(options.configPath, options.scope, desiredState, options.env, now));
  const port = options.openPort(connection);
  const plan = await planAgainstOrg(
    desiredState,
    diagnostics,
    connection.orgUrl,
    port,
    now,
    options.onProgress,
    guardrails,
    scoping,
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
  guardrails?: PlanGuardrails,
  scoping?: Scoping,
): Promise<Plan> {
  const before = port.stats().requests;
  const scope = scoping?.scope;
  // A scoped plan diffs the touched groups and apps only (decideScope leaves user sourcing and campaign changes to a
  // full plan): the desired org restricted to them, against a read of them alone.
  const desired =
    scope === undefined ? desiredOrg(desiredState) : restrictDesired(desiredOrg(desiredState), scope);
  const emails = new Set<string>();
  for (const group of desired.groups.values()) for (const email of group.members.keys()) emails.add(email);
  const sourcing = desiredState.config.users;
  if (scope === undefined) {
    for (const campaign of desiredState.campaigns.values()) {
      for (const email of campaignEmails(campaign.definition)) emails.add(email);
    }
    // Managers are checked against the org like members (and sourcing names them by Okta id): resolve them too.
    for (const person of desiredState.people.values()) {
      if (sourcing !== undefined) emails.add(person.email);
      if (person.managerEmail !== undefined) emails.add(person.managerEmail);
    }
  }
  const readOptions = {
    marker: desiredState.config.ownership.marker,
    naming: desiredState.config.naming.group,
    emails,
    ...(onProgress === undefined ? {} : { onProgress }),
  };
  const read =
    scope === undefined
      ? await readActual(port, desired, readOptions)
      : await readScoped(port, desired, scope, readOptions);
  // Campaigns Okta holds (only when the repository has campaign files): for planning them, and for the holds —
  // memberships revoked in a completed campaign are not re-added while their rows are still in Git.
  const actualCampaigns =
    desiredState.campaigns.size === 0
      ? []
      : await readCampaigns(
          port,
          new Set([...desiredState.campaigns.values()].map((campaign) => campaign.definition.name)),
          desiredState.config.ownership.marker,
        );
  const holds = await readHolds(port, actualCampaigns);
  const source = sourcing === undefined ? undefined : await readOwned(port, sourcing);
  const users =
    sourcing === undefined || source?.owned === undefined
      ? undefined
      : diffUsers({ sourcing, people: desiredState.people, users: read.users, owned: source.owned });
  const result = diff({
    desired,
    actual: read.actual,
    users: read.users,
    holds,
    ...(users === undefined ? {} : { sourced: users.sourced }),
    protectedGroups: new Set(desiredState.config.safety.protectedGroups.map((name) => name.toLowerCase())),
  });
  const campaigns =
    scope === undefined
      ? planCampaigns(desiredState, read, actualCampaigns, now)
      : { changes: [], notes: [], diagnostics: [] };
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
    filesFingerprint: fingerprintDesired(desired, desiredState),
    groupsFingerprint: fingerprintGroups(read.actual),
    changes: [...(users?.changes ?? []), ...result.changes, ...campaigns.changes],
    unmanaged: result.unmanaged,
    campaigns: campaigns.notes,
    diagnostics: [
      ...loadDiagnostics,
      ...read.diagnostics,
      ...(users?.diagnostics ?? []),
      ...(source?.diagnostics ?? []),
      ...result.diagnostics,
      ...(scope === undefined ? checkManagers(desiredState.people, read.users, sourcing !== undefined) : []),
      ...confusableWithOrg(desiredState.apps, read.groupIdsByName.keys()),
      ...campaigns.diagnostics,
    ],
    reads: {
      requests: stats.requests - before,
      byEndpoint: stats.byEndpoint,
      userResolution: read.userResolution,
      userResolutionReason: read.userResolutionReason,
    },
    ...(guardrails === undefined ? {} : { guardrails }),
    ...(scope === undefined ? {} : { scope }),
    ...(scoping?.fullPlan === undefined ? {} : { fullPlan: scoping.fullPlan }),
  });
}

/** A scoped plan's scope, or why a plan asked to be scoped is a full one. */
export type Scoping = Pick<Plan, 'scope' | 'fullPlan'>;

/** The scoping a decision gives. */
export function scopingOf(decision: ScopeDecision): Scoping {
  return decision.kind === 'scoped'
    ? { scope: decision.scope }
    : { fullPlan: { reason: decision.reason, detail: decision.detail } };
}

/**
 * Campaign files → create bodies with today's ids → diff with the campaigns Okta holds. Skipped entirely (no
 * governance request) when the repository has no campaign files, so orgs without Identity Governance can plan.
 */
function planCampaigns(
  desiredState: DesiredState,
  read: ActualRead,
  actual: readonly ActualCampaign[],
  now: Date,
): { changes: Change[]; notes: CampaignStatusNote[]; diagnostics: Diagnostic[] } {
  if (desiredState.campaigns.size === 0) return { changes: [], notes: [], diagnostics: [] };
  const marker = desiredState.config.ownership.marker;
  const users = new Map([...read.users].map(([email, user]) => [email, user.id]));
  const diagnostics: Diagnostic[] = [];
  const desired: DesiredCampaign[] = [];
  for (const { definition, source } of desiredState.campaigns.values()) {
    const built = buildCampaignBody(
      definition,
      desiredState.apps,
      { users, groups: read.groupIdsByName },
      marker,
    );
    for (const missing of built.missing) {
      diagnostics.push({
        severity: 'error',
        code: 'CAMPAIGN_UNRESOLVED',
        message: `campaign "${definition.name}" names ${missing.kind === 'user' ? 'a user' : 'a group'} Okta does not have: ${missing.name} (at ${missing.path.join('.')})`,
        hint:
          missing.kind === 'user'
            ? 'check the email, or create the user in Okta first'
            : 'check the group name',
        file: source.file,
        line: source.line,
        col: 1,
      });
    }
    if (built.missing.length > 0) continue;
    desired.push({
      name: definition.name,
      app: definition.resources[0]?.app ?? '',
      body: built.body,
      targetGroups: built.targetGroups,
      launch: definition.launch ?? 'at-start-date',
      end: definition.end === true,
      source: { file: source.file, line: source.line },
    });
  }
  const result = diffCampaigns({ desired, actual, now });
  return {
    changes: result.changes,
    notes: result.notes,
    diagnostics: [...diagnostics, ...result.diagnostics],
  };
}

/**
 * The users the identity source owns, set-wise (its app users), by lower-cased email; or, when Okta has no such
 * identity source, the diagnostic that says so (then nobody is sourced and unknown people stay USER_NOT_FOUND).
 */
async function readOwned(
  port: OktaPort,
  sourcing: UserSourcing,
): Promise<{ owned?: Map<string, OwnedUser>; diagnostics: Diagnostic[] }> {
  let listed: Awaited<ReturnType<OktaPort['listSourcedUsers']>>;
  try {
    listed = await port.listSourcedUsers(sourcing.identitySourceId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const notFound: Diagnostic = {
      severity: 'error',
      code: 'SOURCE_NOT_FOUND',
      message: `Okta has no identity source (Custom Identity Source app) with the id ${sourcing.identitySourceId}`,
      hint: 'copy the id of the Custom Identity Source app instance (Applications › the app › its URL), or remove users:',
      file: sourcing.declared.file,
      line: sourcing.declared.line,
      col: sourcing.declared.col ?? 1,
    };
    return { diagnostics: [notFound] };
  }
  const owned = new Map<string, OwnedUser>();
  for (const user of listed) {
    const email = user.email === '' ? user.externalId.toLowerCase() : user.email;
    owned.set(email, { userId: user.userId, externalId: user.externalId, status: user.status });
  }
  return { owned, diagnostics: [] };
}

/** REVOKE decisions of the completed managed campaigns, by user and group: what no plan may grant again. */
async function readHolds(port: OktaPort, campaigns: readonly ActualCampaign[]): Promise<Map<string, string>> {
  const holds = new Map<string, string>();
  for (const campaign of campaigns) {
    if (!campaign.managed || campaign.status !== 'COMPLETED') continue;
    for (const review of await port.listReviews(campaign.id)) {
      if (review.decision === 'REVOKE')
        holds.set(holdKey(review.principalId, review.resourceId), campaign.name);
    }
  }
  return holds;
}
