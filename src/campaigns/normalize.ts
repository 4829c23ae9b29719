import type { Json } from '../model/campaign.js';
import {
  booleanOf,
  byText,
  isObject,
  type JsonObject,
  type MutableObject,
  objectOf,
  pruneEmpty,
  textOf,
  utcInstant,
} from './json.js';

/**
 * The canonical form in which campaigns compare: the create-body (campaign-mutable) fields this tool writes, with
 * the defaults Okta fills in applied, so that a body as built from a file and the campaign Okta returns for it are
 * equal. Both sides go through the same function:
 *
 * - only the fields a campaign file can set are kept; read-only fields (`id`, `status`, `created*`,
 *   `lastUpdated*`, `scheduleSettings.endDate`, `recurringCampaignId`, `_links`) and settings the file cannot
 *   express (`campaignTier`, `autoRemediationSettings`, `justificationRequirement`,
 *   `includeAllEntitlementsAndBundles`, …) are dropped;
 * - dates (`startDate`, `recurrence.ends`) become instants in UTC with milliseconds, whatever zone Okta writes them in;
 * - defaults are filled: `campaignType` RESOURCE, the reviewer flags false, remediation NO_ACTION, every
 *   notification setting (reminders 1 and 2 days before the end), `reportingSettings.createReportingPackageEnabled`
 *   false, `principalScopeSettings.type` USERS and `includeOnlyActiveUsers` false, a reviewer level's
 *   `startReview.onDay` 0;
 * - the legacy `resourceSettings.type` becomes `targetTypes`; a target without `resourceType` gets the campaign's
 *   target type; targets are sorted by `resourceId`, id lists and reminders sorted;
 * - reviewer fields follow the reviewer type (`reviewerId` for USER, `reviewerGroupId` for GROUP,
 *   `reviewerScopeExpression` for REVIEWER_EXPRESSION, `fallBackReviewerId` for all but USER); for MULTI_LEVEL only
 *   the levels count — Okta ignores every other reviewer setting of a multi-level campaign;
 * - nulls, empty lists and empty objects are dropped.
 */
export function canonicalBody(body: unknown): JsonObject {
  const source = objectOf(body);
  const out: MutableObject = {};
  const name = textOf(source.name);
  if (name !== undefined) out.name = name;
  const description = textOf(source.description);
  if (description !== undefined) out.description = description;
  out.campaignType = textOf(source.campaignType) ?? 'RESOURCE';
  out.scheduleSettings = canonicalSchedule(objectOf(source.scheduleSettings));
  out.resourceSettings = canonicalResources(objectOf(source.resourceSettings));
  out.principalScopeSettings = canonicalPrincipals(objectOf(source.principalScopeSettings));
  out.reviewerSettings = canonicalReviewers(objectOf(source.reviewerSettings));
  out.remediationSettings = canonicalRemediation(objectOf(source.remediationSettings));
  out.notificationSettings = canonicalNotifications(objectOf(source.notificationSettings));
  out.reportingSettings = {
    createReportingPackageEnabled: booleanOf(
      objectOf(source.reportingSettings).createReportingPackageEnabled,
      false,
    ),
  };
  return objectOf(pruneEmpty(out));
}

/** Okta's campaign-full → the canonical create-body shape (see canonicalBody). */
export function normalizeActual(campaign: JsonObject): JsonObject {
  return canonicalBody(campaign);
}

/** A create body as built from a file → the canonical shape (see canonicalBody). */
export function normalizeDesired(body: JsonObject): JsonObject {
  return canonicalBody(body);
}

function copy(source: JsonObject, out: MutableObject, keys: readonly string[]): void {
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
}

function canonicalSchedule(settings: JsonObject): JsonObject {
  const out: MutableObject = {};
  copy(settings, out, ['type']);
  const start = textOf(settings.startDate);
  if (start !== undefined) out.startDate = utcInstant(start);
  copy(settings, out, ['durationInDays', 'timeZone']);
  if (isObject(settings.recurrence)) {
    const recurrence = settings.recurrence;
    const canonical: MutableObject = {};
    copy(recurrence, canonical, ['interval', 'repeatOnType']);
    const ends = textOf(recurrence.ends);
    if (ends !== undefined) canonical.ends = utcInstant(ends);
    out.recurrence = canonical;
  }
  return out;
}

const legacyTargetTypes: Readonly<Record<string, readonly string[]>> = {
  GROUP: ['GROUP'],
  APPLICATION: ['APPLICATION'],
  APPLICATION_AND_GROUP: ['APPLICATION', 'GROUP'],
  OKTA_SERVICE_ACCOUNT: ['OKTA_SERVICE_ACCOUNT'],
  APP_SERVICE_ACCOUNT: ['APP_SERVICE_ACCOUNT'],
  COLLECTION: ['COLLECTION'],
};

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(byText);
}

function canonicalResources(settings: JsonObject): JsonObject {
  const given = strings(settings.targetTypes);
  const legacy = textOf(settings.type);
  const targetTypes = sortedUnique(
    given.length > 0 ? given : legacy === undefined ? [] : (legacyTargetTypes[legacy] ?? [legacy]),
  );
  const items = Array.isArray(settings.targetResources) ? settings.targetResources : [];
  const byId = new Map<string, JsonObject>();
  for (const item of items) {
    const target = objectOf(item);
    const resourceId = textOf(target.resourceId);
    if (resourceId === undefined || byId.has(resourceId)) continue;
    const resourceType =
      textOf(target.resourceType) ??
      (targetTypes.length === 1 ? targetTypes[0] : undefined) ??
      (resourceId.startsWith('0oa') ? 'APPLICATION' : 'GROUP');
    byId.set(resourceId, { resourceId, resourceType });
  }
  const targetResources = [...byId.keys()].sort(byText).map((id) => byId.get(id) as JsonObject);
  return { targetTypes, targetResources };
}

function canonicalPrincipals(settings: JsonObject): JsonObject {
  const out: MutableObject = { type: textOf(settings.type) ?? 'USERS' };
  copy(settings, out, ['userScopeExpression']);
  for (const key of ['userIds', 'groupIds', 'excludedUserIds'])
    out[key] = sortedUnique(strings(settings[key]));
  out.includeOnlyActiveUsers = booleanOf(settings.includeOnlyActiveUsers, false);
  const inactiveDays = objectOf(settings.predefinedInactiveUsersScope).inactiveDays;
  if (typeof inactiveDays === 'number') out.predefinedInactiveUsersScope = { inactiveDays };
  return out;
}

/** The reviewer fields each reviewer type uses (Okta drops the others). */
export const reviewerFields: Readonly<Record<string, readonly string[]>> = {
  USER: ['reviewerId'],
  GROUP: ['reviewerGroupId', 'fallBackReviewerId'],
  REVIEWER_EXPRESSION: ['reviewerScopeExpression', 'fallBackReviewerId'],
  RESOURCE_OWNER: ['fallBackReviewerId'],
};

/** Okta Workflows' M51 spells it with a hyphen. */
function reviewerType(value: unknown): string {
  const type = textOf(value) ?? 'USER';
  return type === 'REVIEWER-EXPRESSION' ? 'REVIEWER_EXPRESSION' : type;
}

function selfReviewDisabled(rule: JsonObject): boolean {
  return booleanOf(rule.selfReviewDisabled, booleanOf(rule.isSelfReviewDisabled, false));
}

function canonicalReviewers(settings: JsonObject): JsonObject {
  const type = reviewerType(settings.type);
  if (type === 'MULTI_LEVEL') {
    const levels = Array.isArray(settings.reviewerLevels) ? settings.reviewerLevels : [];
    return {
      type,
      reviewerLevels: levels.map((level) => {
        const rule = objectOf(level);
        const levelType = reviewerType(rule.type);
        const start = objectOf(rule.startReview);
        const out: MutableObject = { type: levelType };
        copy(rule, out, reviewerFields[levelType] ?? []);
        out.selfReviewDisabled = selfReviewDisabled(rule);
        const startReview: MutableObject = { onDay: typeof start.onDay === 'number' ? start.onDay : 0 };
        copy(start, startReview, ['when']);
        out.startReview = startReview;
        return out;
      }),
    };
  }
  const out: MutableObject = { type };
  copy(settings, out, reviewerFields[type] ?? []);
  out.selfReviewDisabled = selfReviewDisabled(settings);
  for (const key of ['justificationRequired', 'bulkDecisionDisabled', 'reassignmentDisabled']) {
    out[key] = booleanOf(settings[key], false);
  }
  return out;
}

function canonicalRemediation(settings: JsonObject): JsonObject {
  return {
    accessApproved: textOf(settings.accessApproved) ?? 'NO_ACTION',
    accessRevoked: textOf(settings.accessRevoked) ?? 'NO_ACTION',
    noResponse: textOf(settings.noResponse) ?? 'NO_ACTION',
  };
}

/** Okta's defaults for notificationSettings (all optional in the create body). */
export const notificationDefaults: Readonly<Record<string, Json>> = {
  notifyReviewerWhenReviewAssigned: false,
  notifyReviewerAtCampaignEnd: false,
  notifyReviewerWhenOverdue: false,
  notifyReviewerDuringMidpointOfReview: false,
  notifyReviewPeriodEnd: false,
  remindersReviewerBeforeCampaignCloseInSecs: [86400, 172800],
};

function canonicalNotifications(settings: JsonObject): JsonObject {
  const out: MutableObject = {};
  for (const [key, fallback] of Object.entries(notificationDefaults)) {
    const value = settings[key];
    if (key === 'remindersReviewerBeforeCampaignCloseInSecs') {
      const seconds = Array.isArray(value) ? value.filter((item) => typeof item === 'number') : [];
      out[key] = seconds.length === 0 ? fallback : [...new Set(seconds)].sort((a, b) => a - b);
    } else {
      out[key] = booleanOf(value, fallback as boolean);
    }
  }
  return out;
}
