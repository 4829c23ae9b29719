import { stringify } from 'yaml';
import { defaultCampaignDescription } from '../campaigns/body.js';
import { isObject, type JsonObject, textOf } from '../campaigns/json.js';
import { withoutMarker } from '../model/ownership.js';
import type { GovernanceJson } from '../okta/port.js';
import { fileStem } from './render.js';
import { schemaComment } from './schema-comment.js';

/** Names for the ids a campaign body holds. */
export interface CampaignNames {
  readonly app: string;
  /** Entitlement names by group id: the imported entitlements. */
  readonly entitlementsByGroupId: ReadonlyMap<string, string>;
  /** Emails by user id. */
  readonly emailsByUserId: ReadonlyMap<string, string>;
  /** Group names by id (every group of the org). */
  readonly groupNamesById: ReadonlyMap<string, string>;
  readonly marker: string;
}

export type CampaignFile =
  | { readonly ok: true; readonly name: string; readonly file: string; readonly text: string }
  | { readonly ok: false; readonly name: string; readonly reason: string };

type Doc = Record<string, unknown>;

/** Whether a campaign reviews only groups of the imported entitlements (and at least one). */
export function targetsOnly(
  campaign: { readonly [key: string]: GovernanceJson },
  groupIds: ReadonlySet<string>,
): boolean {
  const targets = targetIds(campaign);
  return targets !== undefined && targets.length > 0 && targets.every((id) => groupIds.has(id));
}

function targetIds(campaign: JsonObject): string[] | undefined {
  const resources = isObject(campaign.resourceSettings)
    ? campaign.resourceSettings.targetResources
    : undefined;
  if (!Array.isArray(resources)) return undefined;
  const ids: string[] = [];
  for (const resource of resources) {
    if (!isObject(resource) || textOf(resource.resourceType) !== 'GROUP') return undefined;
    const id = textOf(resource.resourceId);
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return ids;
}

/**
 * Okta's campaign (campaign-full) → a campaign file, names instead of ids: the inverse of buildCampaignBody for the
 * settings a campaign file can hold. Pure. A campaign that names a user or group the org does not have, or has a
 * setting a file cannot express, comes back with the reason instead.
 */
export function campaignFileOf(campaign: JsonObject, names: CampaignNames): CampaignFile {
  const name = textOf(campaign.name) ?? '';
  const fail = (reason: string): CampaignFile => ({ ok: false, name, reason });
  const unknown: string[] = [];
  const email = (id: unknown): string | undefined => {
    const text = textOf(id);
    if (text === undefined) return undefined;
    const found = names.emailsByUserId.get(text);
    if (found === undefined) unknown.push(`user ${text}`);
    return found;
  };
  const group = (id: unknown): string | undefined => {
    const text = textOf(id);
    if (text === undefined) return undefined;
    const found = names.groupNamesById.get(text);
    if (found === undefined) unknown.push(`group ${text}`);
    return found;
  };

  const targets = targetIds(campaign) ?? [];
  const entitlements = targets.flatMap((id) => {
    const entitlement = names.entitlementsByGroupId.get(id);
    return entitlement === undefined ? [] : [entitlement];
  });
  if (entitlements.length !== targets.length || targets.length === 0)
    return fail('it reviews groups that are not entitlements of the app');
  const all = new Set(names.entitlementsByGroupId.values());
  const reviewsAll =
    entitlements.length === all.size && entitlements.every((entitlement) => all.has(entitlement));

  const doc: Doc = { name };
  const description = withoutMarker(textOf(campaign.description), names.marker);
  if (description !== undefined && description !== defaultCampaignDescription) doc.description = description;
  doc.resources = [{ app: names.app, entitlements: reviewsAll ? 'all' : [...entitlements].sort() }];

  const schedule = objectAt(campaign, 'scheduleSettings');
  const recurrence = objectAt(schedule, 'recurrence');
  doc.schedule = compact({
    type: textOf(schedule.type),
    startDate: textOf(schedule.startDate),
    durationInDays: schedule.durationInDays,
    timeZone: textOf(schedule.timeZone),
    recurrence:
      Object.keys(recurrence).length === 0
        ? undefined
        : compact({
            interval: textOf(recurrence.interval),
            repeatOnType: textOf(recurrence.repeatOnType),
            ends: textOf(recurrence.ends),
          }),
  });

  const principals = objectAt(campaign, 'principalScopeSettings');
  const inactive = objectAt(principals, 'predefinedInactiveUsersScope');
  const ids = (key: string) => (Array.isArray(principals[key]) ? (principals[key] as unknown[]) : undefined);
  const principalDoc = compact({
    userScopeExpression: textOf(principals.userScopeExpression),
    users: ids('userIds')?.map(email),
    groups: ids('groupIds')?.map(group),
    excludedUsers: ids('excludedUserIds')?.map(email),
    includeOnlyActiveUsers:
      typeof principals.includeOnlyActiveUsers === 'boolean' ? principals.includeOnlyActiveUsers : undefined,
    inactiveDays: typeof inactive.inactiveDays === 'number' ? inactive.inactiveDays : undefined,
  });
  if (Object.keys(principalDoc).length > 0) doc.principals = principalDoc;

  const reviewers = objectAt(campaign, 'reviewerSettings');
  const rule = (source: JsonObject): Doc =>
    compact({
      type: textOf(source.type),
      user: source.reviewerId === undefined ? undefined : email(source.reviewerId),
      group: source.reviewerGroupId === undefined ? undefined : group(source.reviewerGroupId),
      expression: textOf(source.reviewerScopeExpression),
      fallbackReviewer:
        source.fallBackReviewerId === undefined ? undefined : email(source.fallBackReviewerId),
      selfReviewDisabled:
        typeof source.selfReviewDisabled === 'boolean' ? source.selfReviewDisabled : undefined,
    });
  const flags = compact({
    justificationRequired: booleanAt(reviewers, 'justificationRequired'),
    bulkDecisionDisabled: booleanAt(reviewers, 'bulkDecisionDisabled'),
    reassignmentDisabled: booleanAt(reviewers, 'reassignmentDisabled'),
  });
  if (textOf(reviewers.type) === 'MULTI_LEVEL') {
    const levels = Array.isArray(reviewers.reviewerLevels) ? reviewers.reviewerLevels.filter(isObject) : [];
    doc.reviewers = {
      type: 'MULTI_LEVEL',
      levels: levels.map((level) => {
        const start = objectAt(level, 'startReview');
        return compact({
          ...rule(level),
          startReview: compact({
            onDay: typeof start.onDay === 'number' ? start.onDay : 0,
            when: textOf(start.when),
          }),
        });
      }),
      ...flags,
    };
  } else {
    doc.reviewers = { ...rule(reviewers), ...flags };
  }

  const remediation = objectAt(campaign, 'remediationSettings');
  const remediationDoc = compact({
    accessRevoked: textOf(remediation.accessRevoked),
    noResponse: textOf(remediation.noResponse),
  });
  if (Object.keys(remediationDoc).length > 0) doc.remediation = remediationDoc;
  const notifications = objectAt(campaign, 'notificationSettings');
  const notificationDoc: Doc = {};
  for (const [key, value] of Object.entries(notifications)) {
    if (typeof value !== 'boolean' && !Array.isArray(value)) continue;
    notificationDoc[
      key === 'remindersReviewerBeforeCampaignCloseInSecs' ? 'remindersBeforeCloseInSecs' : key
    ] = value;
  }
  if (Object.keys(notificationDoc).length > 0) doc.notifications = notificationDoc;
  const reporting = objectAt(campaign, 'reportingSettings');
  if (typeof reporting.createReportingPackageEnabled === 'boolean')
    doc.reporting = { createReportingPackage: reporting.createReportingPackageEnabled };

  if (unknown.length > 0) return fail(`it names what the org no longer has: ${unknown.join(', ')}`);
  const status = textOf(campaign.status) ?? 'unknown';
  const header = [
    schemaComment('campaign', 1),
    `# Imported by okta-access import (Okta status ${status}). Okta has no campaign update, so a campaign without`,
    '# the ownership marker stays as it is: the plan reports it (CAMPAIGN_UNMANAGED) and creates none in its place.',
  ];
  return {
    ok: true,
    name,
    file: `${fileStem(name)}.yaml`,
    text: `${header.join('\n')}\n${stringify(doc, { lineWidth: 0 })}`,
  };
}

function objectAt(value: unknown, key: string): JsonObject {
  if (!isObject(value)) return {};
  const inner = value[key];
  return isObject(inner) ? inner : {};
}

function booleanAt(value: JsonObject, key: string): boolean | undefined {
  const inner = value[key];
  return typeof inner === 'boolean' ? inner : undefined;
}

/** Leaves out undefined values, so the YAML holds only what Okta set. */
function compact(fields: Doc): Doc {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
