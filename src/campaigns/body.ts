import type { Json } from '../model/campaign.js';
import type { App, CampaignDefinition, ReviewerLevel, ReviewerType } from '../model/state.js';
import { byText, type JsonObject, type MutableObject, utcInstant } from './json.js';

export { compareBodies } from './compare.js';
export { canonicalBody, normalizeActual, normalizeDesired } from './normalize.js';

/** Okta ids for the names a campaign file uses. */
export interface Resolution {
  /** User ids by lower-cased email (reviewers, principals, fallback reviewers). */
  readonly users: ReadonlyMap<string, string>;
  /** Group ids by lower-cased group name (target entitlement groups, principal groups, reviewer groups). */
  readonly groups: ReadonlyMap<string, string>;
}

export type MissingPath = readonly (string | number)[];

export interface MissingName {
  readonly kind: 'user' | 'group';
  readonly name: string;
  readonly path: MissingPath;
}

export interface BuiltBody {
  /** The create body (campaign-mutable), with every id known; targets of unknown groups left out. */
  readonly body: { readonly [key: string]: Json };
  /** Every entitlement group the campaign reviews, by name (targetResources). */
  readonly targetGroups: readonly string[];
  /** Names that could not be resolved: users and principal/reviewer groups that Okta does not have. */
  readonly missing: readonly MissingName[];
}

/** The description of a campaign file without one. */
export const defaultCampaignDescription = 'Access review managed by okta-access-gitops';
/** Okta's limit on a campaign description. */
export const campaignDescriptionMax = 1000;

/** The file's description (or the default) and the ownership marker, within Okta's 1000 characters. */
export function campaignDescription(description: string | undefined, marker: string): string {
  const text = description ?? defaultCampaignDescription;
  const room = campaignDescriptionMax - marker.length - 1;
  if (text.length <= room) return `${text} ${marker}`;
  const cut = room > 1 ? `${text.slice(0, room - 1)}…` : '';
  return `${cut} ${marker}`.slice(0, campaignDescriptionMax);
}

/** The names a campaign file asks to be resolved, each with the YAML path it is written at. */
interface NameUse {
  readonly kind: 'user' | 'group';
  readonly name: string;
  readonly path: MissingPath;
}

/** The reviewer types whose rule uses a fallback reviewer (Okta ignores it for USER). */
const fallbackTypes: ReadonlySet<ReviewerType> = new Set(['REVIEWER_EXPRESSION', 'GROUP', 'RESOURCE_OWNER']);

type Rule = Omit<ReviewerLevel, 'type' | 'startReview'> & { readonly type: ReviewerType };

function ruleNames(rule: Rule, path: MissingPath): NameUse[] {
  const uses: NameUse[] = [];
  if (rule.type === 'USER' && rule.user !== undefined)
    uses.push({ kind: 'user', name: rule.user, path: [...path, 'user'] });
  if (rule.type === 'GROUP' && rule.group !== undefined)
    uses.push({ kind: 'group', name: rule.group, path: [...path, 'group'] });
  if (fallbackTypes.has(rule.type) && rule.fallbackReviewer !== undefined) {
    uses.push({ kind: 'user', name: rule.fallbackReviewer, path: [...path, 'fallbackReviewer'] });
  }
  return uses;
}

/** Every user and group a campaign names besides its targets, in file order. */
function namesUsed(definition: CampaignDefinition): NameUse[] {
  const { reviewers, principals } = definition;
  const uses: NameUse[] = [];
  if (reviewers.type === 'MULTI_LEVEL') {
    for (const [index, level] of (reviewers.levels ?? []).entries()) {
      uses.push(...ruleNames(level, ['reviewers', 'levels', index]));
    }
  } else {
    uses.push(...ruleNames(reviewers, ['reviewers']));
  }
  for (const [index, email] of (principals?.users ?? []).entries()) {
    uses.push({ kind: 'user', name: email, path: ['principals', 'users', index] });
  }
  for (const [index, name] of (principals?.groups ?? []).entries()) {
    uses.push({ kind: 'group', name, path: ['principals', 'groups', index] });
  }
  for (const [index, email] of (principals?.excludedUsers ?? []).entries()) {
    uses.push({ kind: 'user', name: email, path: ['principals', 'excludedUsers', index] });
  }
  return uses;
}

function uniqueLower(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.toLowerCase()))].sort(byText);
}

/** The emails a campaign names (reviewers, fallback reviewers, levels, principals), lower-cased, sorted. */
export function campaignEmails(definition: CampaignDefinition): string[] {
  return uniqueLower(
    namesUsed(definition)
      .filter((use) => use.kind === 'user')
      .map((use) => use.name),
  );
}

/** The group names a campaign names besides its targets (reviewer and principal groups), lower-cased, sorted. */
export function campaignGroupNames(definition: CampaignDefinition): string[] {
  return uniqueLower(
    namesUsed(definition)
      .filter((use) => use.kind === 'group')
      .map((use) => use.name),
  );
}

/**
 * The group names a campaign names besides its targets (reviewer and principal groups), as first written (names
 * compare without case), in file order.
 */
export function campaignGroupsAsWritten(definition: CampaignDefinition): string[] {
  const byLower = new Map<string, string>();
  for (const use of namesUsed(definition)) {
    if (use.kind === 'group' && !byLower.has(use.name.toLowerCase()))
      byLower.set(use.name.toLowerCase(), use.name);
  }
  return [...byLower.values()];
}

/**
 * The Okta groups of the entitlements a campaign reviews: for each resource, the app's entitlements (all, or those
 * listed), by group name, without duplicates (names compare without case), sorted. Unknown apps and entitlements
 * are skipped: validation reports them.
 */
export function campaignTargetGroups(
  definition: CampaignDefinition,
  apps: ReadonlyMap<string, App>,
): string[] {
  const byLower = new Map<string, string>();
  for (const resource of definition.resources) {
    const app = apps.get(resource.app);
    if (app === undefined) continue;
    const entitlements =
      resource.entitlements === 'all'
        ? [...app.entitlements.values()]
        : resource.entitlements.flatMap((name) => {
            const entitlement = app.entitlements.get(name);
            return entitlement === undefined ? [] : [entitlement];
          });
    for (const { groupName } of entitlements) {
      const key = groupName.toLowerCase();
      if (!byLower.has(key)) byLower.set(key, groupName);
    }
  }
  return [...byLower.values()].sort(byText);
}

/**
 * A campaign file → Okta's create body (campaign-mutable), ids looked up in `resolution`. Target groups Okta does not
 * have yet are left out of the body and listed in `targetGroups` (apply resolves them once it has created them);
 * any other name the resolution lacks is listed in `missing` with its YAML path, and its field is left out.
 */
export function buildCampaignBody(
  definition: CampaignDefinition,
  apps: ReadonlyMap<string, App>,
  resolution: Resolution,
  marker: string,
): BuiltBody {
  const missing: MissingName[] = [];
  const ids = new Map<string, string | undefined>();
  for (const use of namesUsed(definition)) {
    const table = use.kind === 'user' ? resolution.users : resolution.groups;
    const id = table.get(use.name.toLowerCase());
    if (id === undefined) missing.push(use);
    ids.set(`${use.kind}:${use.path.join('.')}`, id);
  }
  /** The id of the name written at `path`, if it resolved. */
  const idAt = (kind: 'user' | 'group', path: MissingPath) => ids.get(`${kind}:${path.join('.')}`);

  const targetGroups = campaignTargetGroups(definition, apps);
  const targetResources: Json[] = [];
  for (const name of targetGroups) {
    const resourceId = resolution.groups.get(name.toLowerCase());
    if (resourceId !== undefined) targetResources.push({ resourceId, resourceType: 'GROUP' });
  }

  const body: MutableObject = {
    name: definition.name,
    description: campaignDescription(definition.description, marker),
    campaignType: 'RESOURCE',
    scheduleSettings: scheduleSettings(definition),
    resourceSettings: { targetTypes: ['GROUP'], targetResources },
    principalScopeSettings: principalScopeSettings(definition, idAt),
    reviewerSettings: reviewerSettings(definition, idAt),
    remediationSettings: {
      accessApproved: 'NO_ACTION',
      accessRevoked: definition.remediation?.accessRevoked ?? 'NO_ACTION',
      noResponse: definition.remediation?.noResponse ?? 'NO_ACTION',
    },
  };
  const notifications = notificationSettings(definition);
  if (notifications !== undefined) body.notificationSettings = notifications;
  const createReportingPackage = definition.reporting?.createReportingPackage;
  if (createReportingPackage !== undefined) {
    body.reportingSettings = { createReportingPackageEnabled: createReportingPackage };
  }
  return { body, targetGroups, missing };
}

type IdAt = (kind: 'user' | 'group', path: MissingPath) => string | undefined;

function scheduleSettings(definition: CampaignDefinition): JsonObject {
  const { schedule } = definition;
  const out: MutableObject = {
    type: schedule.type,
    startDate: utcInstant(schedule.startDate),
    durationInDays: schedule.durationInDays,
    timeZone: schedule.timeZone,
  };
  const recurrence = schedule.recurrence;
  if (recurrence !== undefined) {
    out.recurrence = {
      interval: recurrence.interval,
      ...(recurrence.repeatOnType === undefined ? {} : { repeatOnType: recurrence.repeatOnType }),
      ...(recurrence.ends === undefined ? {} : { ends: utcInstant(recurrence.ends) }),
    };
  }
  return out;
}

function resolvedList(
  names: readonly string[] | undefined,
  kind: 'user' | 'group',
  key: string,
  idAt: IdAt,
): string[] | undefined {
  if (names === undefined) return undefined;
  const ids = names.flatMap((_, index) => {
    const id = idAt(kind, ['principals', key, index]);
    return id === undefined ? [] : [id];
  });
  return [...new Set(ids)].sort(byText);
}

function principalScopeSettings(definition: CampaignDefinition, idAt: IdAt): JsonObject {
  const principals = definition.principals ?? {};
  const out: MutableObject = { type: 'USERS' };
  if (principals.userScopeExpression !== undefined) out.userScopeExpression = principals.userScopeExpression;
  const lists = [
    ['userIds', resolvedList(principals.users, 'user', 'users', idAt)],
    ['groupIds', resolvedList(principals.groups, 'group', 'groups', idAt)],
    ['excludedUserIds', resolvedList(principals.excludedUsers, 'user', 'excludedUsers', idAt)],
  ] as const;
  for (const [key, ids] of lists) if (ids !== undefined && ids.length > 0) out[key] = ids;
  if (principals.includeOnlyActiveUsers !== undefined)
    out.includeOnlyActiveUsers = principals.includeOnlyActiveUsers;
  if (principals.inactiveDays !== undefined) {
    out.predefinedInactiveUsersScope = { inactiveDays: principals.inactiveDays };
  }
  return out;
}

/** One reviewer rule (the whole reviewerSettings, or one level) with the fields its type uses. */
function ruleFields(rule: Rule, path: MissingPath, idAt: IdAt): MutableObject {
  const out: MutableObject = { type: rule.type };
  if (rule.type === 'USER') {
    const id = idAt('user', [...path, 'user']);
    if (id !== undefined) out.reviewerId = id;
  }
  if (rule.type === 'GROUP') {
    const id = idAt('group', [...path, 'group']);
    if (id !== undefined) out.reviewerGroupId = id;
  }
  if (rule.type === 'REVIEWER_EXPRESSION' && rule.expression !== undefined) {
    out.reviewerScopeExpression = rule.expression;
  }
  if (fallbackTypes.has(rule.type)) {
    const id = idAt('user', [...path, 'fallbackReviewer']);
    if (id !== undefined) out.fallBackReviewerId = id;
  }
  return out;
}

function reviewerSettings(definition: CampaignDefinition, idAt: IdAt): JsonObject {
  const { reviewers } = definition;
  const flags: MutableObject = {};
  for (const key of ['justificationRequired', 'bulkDecisionDisabled', 'reassignmentDisabled'] as const) {
    const value = reviewers[key];
    if (value !== undefined) flags[key] = value;
  }
  if (reviewers.type !== 'MULTI_LEVEL') {
    const out = ruleFields(reviewers, ['reviewers'], idAt);
    if (reviewers.selfReviewDisabled !== undefined) out.selfReviewDisabled = reviewers.selfReviewDisabled;
    return { ...out, ...flags };
  }
  // Okta reads only the levels of a multi-level campaign: a self-review setting given for the whole campaign
  // applies to each level that does not set its own.
  const reviewerLevels = (reviewers.levels ?? []).map((level, index) => {
    const out = ruleFields(level, ['reviewers', 'levels', index], idAt);
    const selfReview = level.selfReviewDisabled ?? reviewers.selfReviewDisabled;
    if (selfReview !== undefined) out.selfReviewDisabled = selfReview;
    const start = level.startReview;
    out.startReview = {
      onDay: start?.onDay ?? 0,
      ...(start?.when === undefined ? {} : { when: start.when }),
    };
    return out;
  });
  return { type: 'MULTI_LEVEL', reviewerLevels, ...flags };
}

/** The file's `notifications`, in Okta's names; undefined when the file sets none. */
function notificationSettings(definition: CampaignDefinition): JsonObject | undefined {
  const notifications = definition.notifications;
  if (notifications === undefined) return undefined;
  const out: MutableObject = {};
  for (const [key, value] of Object.entries(notifications)) {
    const name = key === 'remindersBeforeCloseInSecs' ? 'remindersReviewerBeforeCampaignCloseInSecs' : key;
    out[name] = typeof value === 'boolean' ? value : [...value];
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
