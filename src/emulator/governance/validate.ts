import { type JsonRecord, record, targetsOf } from './campaign.js';
import {
  booleans,
  type CheckContext,
  idList,
  idObjects,
  invalid,
  missing,
  object,
  requireGroup,
  requireUser,
  string,
} from './checks.js';
import { ExpressionError, parseUserExpression, type UserExpression } from './expression.js';
import { isDuration, isTimeZone, parseDateTime } from './time.js';

const reviewerKinds = ['USER', 'REVIEWER_EXPRESSION', 'GROUP', 'RESOURCE_OWNER'];
const targetTypes = ['GROUP', 'APPLICATION', 'APP_SERVICE_ACCOUNT', 'OKTA_SERVICE_ACCOUNT', 'COLLECTION'];
const resourceTypes = [
  'GROUP',
  'APPLICATION',
  'GOVERNANCE_LABEL_VALUE',
  'APP_SERVICE_ACCOUNT',
  'OKTA_SERVICE_ACCOUNT',
  'COLLECTION',
];
const legacyResourceTypes = [
  'GROUP',
  'APPLICATION',
  'APPLICATION_AND_GROUP',
  'OKTA_SERVICE_ACCOUNT',
  'APP_SERVICE_ACCOUNT',
  'COLLECTION',
];

function checkSchedule(body: JsonRecord, context: CheckContext): void {
  const settings = object(body, 'scheduleSettings', 'scheduleSettings', true) ?? {};
  const type = string(settings, 'type', '/scheduleSettings/type', {
    required: true,
    oneOf: ['ONE_OFF', 'RECURRING'],
  });
  string(settings, 'startDate', '/scheduleSettings/startDate', { required: true });
  const start = parseDateTime(settings.startDate);
  if (start === undefined)
    throw invalid('/scheduleSettings/startDate must be an ISO-8601 date-time with an offset');
  if (start <= context.now) throw invalid('/scheduleSettings/startDate must be in the future');
  const days = settings.durationInDays;
  if (days === undefined || days === null) throw invalid('/scheduleSettings/durationInDays is required');
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 1) {
    throw invalid('/scheduleSettings/durationInDays must be a number of at least 1');
  }
  const zone = string(settings, 'timeZone', '/scheduleSettings/timeZone', { required: true, max: 64 }) ?? '';
  if (!isTimeZone(zone)) throw invalid(`/scheduleSettings/timeZone ${zone} is not an IANA time zone`);
  const recurrence = object(settings, 'recurrence', '/scheduleSettings/recurrence', type === 'RECURRING');
  if (recurrence === undefined) return;
  string(recurrence, 'interval', '/scheduleSettings/recurrence/interval', { required: true });
  if (!isDuration(recurrence.interval)) {
    throw invalid('/scheduleSettings/recurrence/interval must be an ISO-8601 duration such as P1M');
  }
  string(recurrence, 'repeatOnType', '/scheduleSettings/recurrence/repeatOnType', {
    oneOf: ['SAME_DAY_AS_START_DATE', 'SAME_WEEKDAY_AS_START_DATE', 'LAST_WEEKDAY_AS_START_DATE'],
  });
  if (recurrence.ends !== undefined) {
    const ends = parseDateTime(recurrence.ends);
    if (ends === undefined) throw invalid('/scheduleSettings/recurrence/ends must be an ISO-8601 date-time');
    if (ends <= start) throw invalid('/scheduleSettings/recurrence/ends must be after the start date');
  }
}

function checkResources(body: JsonRecord, context: CheckContext, userCampaign: boolean): void {
  const settings = object(body, 'resourceSettings', 'resourceSettings', true) ?? {};
  string(settings, 'type', '/resourceSettings/type', { oneOf: legacyResourceTypes });
  const types = settings.targetTypes;
  if (types !== undefined && (!Array.isArray(types) || types.some((type) => !targetTypes.includes(type)))) {
    throw invalid(`/resourceSettings/targetTypes must list values of ${targetTypes.join(', ')}`);
  }
  booleans(
    settings,
    [
      'individuallyAssignedAppsOnly',
      'individuallyAssignedGroupsOnly',
      'includeEntitlements',
      'onlyIncludeOutOfPolicyEntitlements',
      'includeAdminRoles',
      'includeAllOktaServiceAccounts',
    ],
    '/resourceSettings',
  );
  const items = settings.targetResources;
  if (items !== undefined && !Array.isArray(items))
    throw invalid('/resourceSettings/targetResources must be a list');
  if (!userCampaign && (!Array.isArray(items) || items.length === 0)) {
    throw invalid('/resourceSettings/targetResources is required');
  }
  for (const [index, item] of (Array.isArray(items) ? items : []).entries()) {
    const path = `/resourceSettings/targetResources/${index}`;
    const target = record(item);
    string(target, 'resourceId', `${path}/resourceId`, { required: true, max: 36 });
    string(target, 'resourceType', `${path}/resourceType`, { oneOf: resourceTypes });
    booleans(
      target,
      [
        'includeAllEntitlementsAndBundles',
        'includeBundlesHavingSameEntitlementValues',
        'includeAllAppServiceAccounts',
      ],
      path,
    );
    idObjects(
      target,
      [
        'entitlements',
        'entitlementBundles',
        'entitlementValueScopeByGovernanceLabelValues',
        'entitlementBundleScopeByGovernanceLabelValues',
        'appServiceAccounts',
      ],
      path,
    );
  }
  for (const [index, target] of targetsOf(body).entries()) {
    const path = `/resourceSettings/targetResources/${index}/resourceId`;
    if (target.kind === 'GROUP') requireGroup(context, path, target.resourceId);
    if (target.kind === 'APPLICATION' && !context.store.state.apps.has(target.resourceId)) {
      throw missing(path, target.resourceId);
    }
  }
  const excluded = settings.excludedResources;
  if (excluded !== undefined && !Array.isArray(excluded))
    throw invalid('/resourceSettings/excludedResources must be a list');
}

/** Parses a scope expression, or answers 400 naming what the emulator evaluates. */
function checkExpression(expression: string, path: string): UserExpression {
  try {
    return parseUserExpression(expression);
  } catch (error) {
    if (error instanceof ExpressionError)
      throw invalid(`${path} is not a valid expression: ${error.message}`);
    throw error;
  }
}

function checkPrincipals(body: JsonRecord, context: CheckContext, userCampaign: boolean): void {
  const settings = object(body, 'principalScopeSettings', 'principalScopeSettings', userCampaign);
  if (settings === undefined) return;
  string(settings, 'type', '/principalScopeSettings/type', { required: true, oneOf: ['USERS'] });
  const expression = string(settings, 'userScopeExpression', '/principalScopeSettings/userScopeExpression', {
    max: 7000,
  });
  if (expression !== undefined) checkExpression(expression, '/principalScopeSettings/userScopeExpression');
  const userIds = idList(settings, 'userIds', '/principalScopeSettings/userIds', 100);
  const groupIds = idList(settings, 'groupIds', '/principalScopeSettings/groupIds', 5);
  const excluded = idList(settings, 'excludedUserIds', '/principalScopeSettings/excludedUserIds', 50);
  booleans(
    settings,
    ['includeOnlyActiveUsers', 'onlyIncludeUsersWithSODConflicts'],
    '/principalScopeSettings',
  );
  const inactive = object(
    settings,
    'predefinedInactiveUsersScope',
    '/principalScopeSettings/predefinedInactiveUsersScope',
    false,
  );
  if (inactive !== undefined) {
    const days = inactive.inactiveDays;
    const extra = Object.keys(inactive).filter((key) => key !== 'inactiveDays');
    if (
      extra.length > 0 ||
      (days !== undefined && (!Number.isInteger(days) || Number(days) < 30 || Number(days) > 365))
    ) {
      throw invalid(
        '/principalScopeSettings/predefinedInactiveUsersScope/inactiveDays must be a whole number from 30 to 365',
      );
    }
  }
  if (userCampaign && userIds.length === 0 && groupIds.length === 0 && expression === undefined) {
    throw invalid(
      'principalScopeSettings needs userIds, groupIds or userScopeExpression for a USER campaign',
    );
  }
  for (const [index, id] of userIds.entries())
    requireUser(context, `/principalScopeSettings/userIds/${index}`, id);
  for (const [index, id] of excluded.entries()) {
    requireUser(context, `/principalScopeSettings/excludedUserIds/${index}`, id);
  }
  for (const [index, id] of groupIds.entries())
    requireGroup(context, `/principalScopeSettings/groupIds/${index}`, id);
}

function checkRule(rule: JsonRecord, path: string, context: CheckContext, kinds: readonly string[]): void {
  const type = string(rule, 'type', `${path}/type`, { required: true, oneOf: kinds });
  const reviewerId = string(rule, 'reviewerId', `${path}/reviewerId`, { max: 20 });
  const expression = string(rule, 'reviewerScopeExpression', `${path}/reviewerScopeExpression`, {
    max: 2000,
  });
  const fallback = string(rule, 'fallBackReviewerId', `${path}/fallBackReviewerId`, { max: 20 });
  const groupId = string(rule, 'reviewerGroupId', `${path}/reviewerGroupId`, { max: 20 });
  booleans(rule, ['isSelfReviewDisabled', 'selfReviewDisabled'], path);
  if (type === 'USER' && reviewerId === undefined)
    throw invalid(`${path}/reviewerId is required for reviewer type USER`);
  if (type === 'GROUP' && groupId === undefined) {
    throw invalid(`${path}/reviewerGroupId is required for reviewer type GROUP`);
  }
  if ((type === 'REVIEWER_EXPRESSION' || type === 'RESOURCE_OWNER') && fallback === undefined) {
    throw invalid(`${path}/fallBackReviewerId is required for reviewer type ${type}`);
  }
  if (type === 'REVIEWER_EXPRESSION') {
    if (expression === undefined) {
      throw invalid(`${path}/reviewerScopeExpression is required for reviewer type REVIEWER_EXPRESSION`);
    }
    if (checkExpression(expression, `${path}/reviewerScopeExpression`).kind !== 'path') {
      throw invalid(
        `${path}/reviewerScopeExpression must name a user attribute, such as user.profile.managerId`,
      );
    }
  }
  if (type === 'USER') requireUser(context, `${path}/reviewerId`, reviewerId);
  if (type === 'GROUP') requireGroup(context, `${path}/reviewerGroupId`, groupId);
  requireUser(context, `${path}/fallBackReviewerId`, fallback);
}

function checkReviewers(body: JsonRecord, context: CheckContext): void {
  const settings = object(body, 'reviewerSettings', 'reviewerSettings', true) ?? {};
  booleans(
    settings,
    ['justificationRequired', 'bulkDecisionDisabled', 'reassignmentDisabled'],
    '/reviewerSettings',
  );
  string(settings, 'justificationRequirement', '/reviewerSettings/justificationRequirement', {
    oneOf: ['OPTIONAL', 'REQUIRED_FOR_REVOKE', 'REQUIRED_FOR_ALL', 'DISABLED'],
  });
  if (settings.type !== 'MULTI_LEVEL') {
    checkRule(settings, '/reviewerSettings', context, reviewerKinds);
    return;
  }
  const levels = settings.reviewerLevels;
  if (!Array.isArray(levels) || levels.length !== 2) {
    throw invalid(
      '/reviewerSettings/reviewerLevels must have exactly 2 levels for reviewer type MULTI_LEVEL',
    );
  }
  for (const [index, level] of levels.entries()) {
    const path = `/reviewerSettings/reviewerLevels/${index}`;
    const rule = object({ level }, 'level', path, true) ?? {};
    checkRule(rule, path, context, reviewerKinds);
    const start = object(rule, 'startReview', `${path}/startReview`, true) ?? {};
    if (!Number.isInteger(start.onDay) || Number(start.onDay) < 0) {
      throw invalid(`${path}/startReview/onDay must be a whole number of days`);
    }
    string(start, 'when', `${path}/startReview/when`, {
      oneOf: ['LOWER_LEVEL_APPROVES', 'LOWER_LEVEL_APPROVES_OR_REJECTS'],
    });
  }
}

function checkRemediation(body: JsonRecord): void {
  const settings = object(body, 'remediationSettings', 'remediationSettings', true) ?? {};
  string(settings, 'accessApproved', '/remediationSettings/accessApproved', {
    required: true,
    oneOf: ['NO_ACTION'],
  });
  for (const key of ['accessRevoked', 'noResponse']) {
    string(settings, key, `/remediationSettings/${key}`, { required: true, oneOf: ['NO_ACTION', 'DENY'] });
  }
  const auto = object(
    settings,
    'autoRemediationSettings',
    '/remediationSettings/autoRemediationSettings',
    false,
  );
  if (auto !== undefined) {
    booleans(auto, ['includeAllIndirectAssignments'], '/remediationSettings/autoRemediationSettings');
    if (auto.includeOnly !== undefined && !Array.isArray(auto.includeOnly)) {
      throw invalid('/remediationSettings/autoRemediationSettings/includeOnly must be a list');
    }
  }
}

function checkNotifications(body: JsonRecord): void {
  const settings = object(body, 'notificationSettings', 'notificationSettings', false);
  if (settings !== undefined) {
    booleans(
      settings,
      [
        'notifyReviewerWhenReviewAssigned',
        'notifyReviewerAtCampaignEnd',
        'notifyReviewerWhenOverdue',
        'notifyReviewerDuringMidpointOfReview',
        'notifyReviewPeriodEnd',
      ],
      '/notificationSettings',
    );
    const reminders = settings.remindersReviewerBeforeCampaignCloseInSecs;
    if (
      reminders !== undefined &&
      (!Array.isArray(reminders) ||
        reminders.length < 1 ||
        reminders.length > 3 ||
        reminders.some((seconds) => !Number.isInteger(seconds)))
    ) {
      throw invalid(
        '/notificationSettings/remindersReviewerBeforeCampaignCloseInSecs must list 1 to 3 whole numbers',
      );
    }
  }
  const reporting = object(body, 'reportingSettings', 'reportingSettings', false);
  if (reporting !== undefined) booleans(reporting, ['createReportingPackageEnabled'], '/reportingSettings');
}

/**
 * Checks a createCampaign body (campaign-mutable) as Okta does, answering 400 E0000001 "Api validation failed: …"
 * at the first problem, and returns it as a record. References (users, groups, apps) must exist in the org.
 */
export function validateCampaignBody(body: unknown, context: CheckContext): JsonRecord {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalid('Campaign Name is required');
  const campaign = body as JsonRecord;
  if (typeof campaign.name !== 'string' || campaign.name.trim() === '')
    throw invalid('Campaign Name is required');
  if (campaign.name.length > 255) throw invalid('Campaign Name must be at most 255 characters');
  string(campaign, 'description', '/description', { max: 1000 });
  const type = string(campaign, 'campaignType', '/campaignType', { oneOf: ['RESOURCE', 'USER'] });
  string(campaign, 'campaignTier', '/campaignTier', { oneOf: ['BASIC', 'PREMIUM'] });
  checkSchedule(campaign, context);
  checkResources(campaign, context, type === 'USER');
  checkPrincipals(campaign, context, type === 'USER');
  checkReviewers(campaign, context);
  checkRemediation(campaign);
  checkNotifications(campaign);
  return campaign;
}
