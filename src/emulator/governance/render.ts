import type { CampaignRecord, ReviewRecord, Store, UserRecord } from '../store.js';
import {
  endOf,
  firstLevelRule,
  governanceAdminId,
  type JsonRecord,
  record,
  resourceTypeOf,
  reviewerTypeOf,
  schedule,
  startOf,
  text,
  timeZone,
} from './campaign.js';
import { parseDateTime, secondsIso, zonedIso } from './time.js';

/** Campaigns and reviews as Okta Identity Governance shows them (campaign-full, campaign-sparse, review-*). */
export const governanceBase = '/governance/api/v1';

export function campaignUrl(baseUrl: string, campaignId: string): string {
  return `${baseUrl}${governanceBase}/campaigns/${campaignId}`;
}

function campaignLinks(campaign: CampaignRecord, baseUrl: string): JsonRecord {
  const self = campaignUrl(baseUrl, campaign.id);
  const filter = encodeURIComponent(`campaignId eq "${campaign.id}"`);
  return {
    launchCampaign: { href: `${self}/launch` },
    endCampaign: { href: `${self}/end` },
    ...(campaign.recurringCampaignId === undefined
      ? {}
      : { recurringCampaignDetails: { href: campaignUrl(baseUrl, campaign.recurringCampaignId) } }),
    reviews: { href: `${baseUrl}${governanceBase}/reviews?filter=${filter}` },
    self: { href: self },
  };
}

/** The properties of `source` named in `keys` that are present (not undefined or null). */
function pick(source: JsonRecord, keys: readonly string[]): JsonRecord {
  const picked: JsonRecord = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined && value !== null) picked[key] = value;
  }
  return picked;
}

function endsOf(recurrence: JsonRecord, zone: string): JsonRecord {
  const ends = parseDateTime(recurrence.ends);
  return ends === undefined ? {} : { ends: zonedIso(ends, zone) };
}

function renderSchedule(campaign: CampaignRecord): JsonRecord {
  const settings = schedule(campaign);
  const zone = timeZone(campaign);
  const recurrence = record(settings.recurrence);
  return {
    type: settings.type,
    startDate: zonedIso(startOf(campaign), zone),
    durationInDays: settings.durationInDays,
    timeZone: zone,
    // A recurring campaign has no end of its own: each occurrence has.
    ...(settings.type === 'RECURRING' ? {} : { endDate: zonedIso(endOf(campaign), zone) }),
    ...(settings.recurrence === undefined || settings.recurrence === null
      ? {}
      : { recurrence: { ...pick(recurrence, ['interval', 'repeatOnType']), ...endsOf(recurrence, zone) } }),
  };
}

const targetKeys = [
  'resourceId',
  'entitlements',
  'entitlementBundles',
  'entitlementValueScopeByGovernanceLabelValues',
  'includeBundlesHavingSameEntitlementValues',
  'entitlementBundleScopeByGovernanceLabelValues',
  'appServiceAccounts',
  'includeAllAppServiceAccounts',
];

function renderResources(body: JsonRecord): JsonRecord {
  const settings = record(body.resourceSettings);
  const targets = Array.isArray(settings.targetResources) ? settings.targetResources : undefined;
  return {
    ...pick(settings, ['type', 'targetTypes']),
    ...(targets === undefined
      ? {}
      : {
          targetResources: targets.map((item) => ({
            ...pick(record(item), targetKeys),
            resourceType: resourceTypeOf(body, record(item)),
            includeAllEntitlementsAndBundles: record(item).includeAllEntitlementsAndBundles === true,
          })),
        }),
    ...pick(settings, [
      'excludedResources',
      'individuallyAssignedAppsOnly',
      'individuallyAssignedGroupsOnly',
      'includeEntitlements',
      'onlyIncludeOutOfPolicyEntitlements',
      'includeAdminRoles',
      'includeAllOktaServiceAccounts',
    ]),
  };
}

function renderPrincipals(body: JsonRecord): JsonRecord {
  const settings = record(body.principalScopeSettings);
  return {
    type: 'USERS',
    ...pick(settings, ['userScopeExpression']),
    excludedUserIds: settings.excludedUserIds ?? [],
    userIds: settings.userIds ?? [],
    groupIds: settings.groupIds ?? [],
    includeOnlyActiveUsers: settings.includeOnlyActiveUsers === true,
    ...pick(settings, ['predefinedInactiveUsersScope', 'onlyIncludeUsersWithSODConflicts']),
  };
}

const ruleKeys: Record<string, readonly string[]> = {
  USER: ['reviewerId'],
  REVIEWER_EXPRESSION: ['reviewerScopeExpression', 'fallBackReviewerId'],
  GROUP: ['reviewerGroupId', 'fallBackReviewerId'],
  RESOURCE_OWNER: ['fallBackReviewerId'],
};

function selfReviewDisabled(rule: JsonRecord): boolean {
  return (rule.selfReviewDisabled ?? rule.isSelfReviewDisabled) === true;
}

function renderReviewers(body: JsonRecord): JsonRecord {
  const settings = record(body.reviewerSettings);
  const type = text(settings.type) ?? 'USER';
  const flags = pick(settings, ['reassignmentDisabled', 'justificationRequirement']);
  if (type === 'MULTI_LEVEL') {
    const levels = Array.isArray(settings.reviewerLevels) ? settings.reviewerLevels : [];
    return {
      type,
      reviewerLevels: levels.map((level) => {
        const rule = record(level);
        const levelType = text(rule.type) ?? 'USER';
        return {
          type: levelType,
          startReview: pick(record(rule.startReview), ['onDay', 'when']),
          ...pick(rule, ruleKeys[levelType] ?? []),
          selfReviewDisabled: selfReviewDisabled(rule),
        };
      }),
      ...pick(settings, ['justificationRequired', 'bulkDecisionDisabled']),
      ...flags,
    };
  }
  return {
    type,
    ...pick(settings, ruleKeys[type] ?? []),
    selfReviewDisabled: selfReviewDisabled(settings),
    justificationRequired: settings.justificationRequired === true,
    bulkDecisionDisabled: settings.bulkDecisionDisabled === true,
    ...flags,
  };
}

function renderNotifications(body: JsonRecord): JsonRecord {
  const settings = record(body.notificationSettings);
  return {
    notifyReviewerWhenReviewAssigned: settings.notifyReviewerWhenReviewAssigned === true,
    notifyReviewerAtCampaignEnd: settings.notifyReviewerAtCampaignEnd === true,
    remindersReviewerBeforeCampaignCloseInSecs: settings.remindersReviewerBeforeCampaignCloseInSecs ?? [
      86400, 172800,
    ],
    notifyReviewerWhenOverdue: settings.notifyReviewerWhenOverdue === true,
    notifyReviewerDuringMidpointOfReview: settings.notifyReviewerDuringMidpointOfReview === true,
    notifyReviewPeriodEnd: settings.notifyReviewPeriodEnd === true,
  };
}

function standard(campaign: CampaignRecord): JsonRecord {
  return {
    id: campaign.id,
    createdBy: campaign.createdBy,
    created: secondsIso(campaign.created),
    lastUpdated: secondsIso(campaign.lastUpdated),
    lastUpdatedBy: campaign.lastUpdatedBy,
  };
}

/** campaign-full: what create and get answer. */
export function renderCampaignFull(campaign: CampaignRecord, baseUrl: string): JsonRecord {
  const body = campaign.body;
  return {
    ...standard(campaign),
    name: body.name,
    ...pick(body, ['description']),
    campaignType: body.campaignType ?? 'RESOURCE',
    scheduleSettings: renderSchedule(campaign),
    resourceSettings: renderResources(body),
    principalScopeSettings: renderPrincipals(body),
    reviewerSettings: renderReviewers(body),
    notificationSettings: renderNotifications(body),
    remediationSettings: pick(record(body.remediationSettings), [
      'accessApproved',
      'accessRevoked',
      'noResponse',
      'autoRemediationSettings',
    ]),
    ...(campaign.recurringCampaignId === undefined
      ? {}
      : { recurringCampaignId: campaign.recurringCampaignId }),
    ...pick(body, ['reportingSettings']),
    status: campaign.status,
    _links: campaignLinks(campaign, baseUrl),
  };
}

/** campaign-sparse: one item of the campaign list. */
export function renderCampaignSparse(campaign: CampaignRecord, baseUrl: string): JsonRecord {
  const zone = timeZone(campaign);
  return {
    ...standard(campaign),
    name: campaign.body.name,
    ...pick(campaign.body, ['description']),
    startDate: zonedIso(startOf(campaign), zone),
    endDate: zonedIso(endOf(campaign), zone),
    scheduleType: schedule(campaign).type,
    ...(campaign.recurringCampaignId === undefined
      ? {}
      : { recurringCampaignId: campaign.recurringCampaignId }),
    reviewerType: reviewerTypeOf(campaign),
    status: campaign.status,
    _links: campaignLinks(campaign, baseUrl),
  };
}

/** principal-profile-enriched: Okta keeps ACTIVE and INACTIVE only. */
export function profileOf(user: UserRecord): JsonRecord {
  const active = ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY'].includes(user.status);
  const field = (key: string, max: number) => {
    const value = user.profile[key];
    return typeof value === 'string' && value !== '' && value.length <= max ? { [key]: value } : {};
  };
  return {
    id: user.id,
    ...field('email', 100),
    ...field('firstName', 255),
    ...field('lastName', 255),
    ...field('login', 100),
    status: active ? 'ACTIVE' : 'INACTIVE',
    type: 'USER',
  };
}

export interface ReviewContext {
  readonly store: Store;
  readonly baseUrl: string;
  /** The admin whose API token launched the campaign (reviews' createdBy). */
  readonly adminId: string;
  /** The group whose members review, for reviews assigned to a reviewer group. */
  readonly reviewerGroupId?: string | undefined;
}

/** What rendering a review needs to know of its campaign. */
export function reviewContextFor(review: ReviewRecord, baseUrl: string, store: Store): ReviewContext {
  const campaign = store.state.campaigns.get(review.campaignId);
  return {
    store,
    baseUrl,
    adminId: campaign?.createdBy ?? governanceAdminId,
    reviewerGroupId: campaign === undefined ? undefined : firstLevelRule(campaign).reviewerGroupId,
  };
}

/** review-sparse (list) or review-full (get, with the note). */
export function renderReview(review: ReviewRecord, context: ReviewContext, full: boolean): JsonRecord {
  const { store, baseUrl } = context;
  const principal = store.state.users.get(review.principalId);
  const reviewer = review.reviewerId === null ? undefined : store.state.users.get(review.reviewerId);
  const group =
    context.reviewerGroupId === undefined ? undefined : store.state.groups.get(context.reviewerGroupId);
  const decidedBy = review.decided === null ? undefined : review.reviewerId;
  return {
    id: review.id,
    campaignId: review.campaignId,
    resourceId: review.resourceId,
    decision: review.decision,
    ...(review.decided === null ? {} : { decided: secondsIso(review.decided) }),
    remediationStatus: review.remediationStatus,
    principalProfile:
      principal === undefined
        ? { id: review.principalId, status: 'INACTIVE', type: 'UNKNOWN' }
        : profileOf(principal),
    ...(reviewer === undefined ? {} : { reviewerProfile: profileOf(reviewer) }),
    reviewerType: review.reviewerType,
    ...(review.reviewerType === 'GROUP' && group !== undefined
      ? { reviewerGroupProfile: { name: group.profile.name, groupId: group.id, groupType: 'GROUP' } }
      : {}),
    currentReviewerLevel: review.currentReviewerLevel,
    ...(full && review.note !== null && review.note !== '' ? { note: { note: review.note } } : {}),
    created: secondsIso(review.created),
    createdBy: context.adminId,
    lastUpdated: secondsIso(review.lastUpdated),
    lastUpdatedBy: decidedBy ?? context.adminId,
    _links: {
      self: { href: `${baseUrl}${governanceBase}/reviews/${review.id}` },
      reassignReview: { href: `${campaignUrl(baseUrl, review.campaignId)}/reviews/reassign` },
    },
  };
}
