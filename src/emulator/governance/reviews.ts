import type { CampaignRecord, ReviewRecord, Store, UserRecord } from '../store.js';
import {
  firstLevelRule,
  type JsonRecord,
  type ReviewerRule,
  record,
  strings,
  type Target,
  targetsOf,
  text,
} from './campaign.js';
import { parseUserExpression, reviewerReference, userMatches } from './expression.js';
import { appOrn, appsOfGroup, groupOrn, type Orn } from './orn.js';
import { livePrincipals } from './owners.js';

/**
 * Who is reviewed at launch, on what, and by whom: one review per (principal, resource), UNREVIEWED, at the first
 * reviewer level.
 */
export interface ReviewPlan {
  readonly principalId: string;
  readonly resourceId: string;
  readonly reviewerId: string | null;
  readonly reviewerType: ReviewRecord['reviewerType'];
}

const activeStatuses = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY']);

/** Users who hold a resource: a group's members, or the members of the groups assigned to an app. */
function holdersOf(target: Target, store: Store): Set<string> {
  if (target.kind === 'GROUP') {
    return store.state.groups.has(target.resourceId)
      ? new Set(store.membersOf(target.resourceId))
      : new Set();
  }
  if (target.kind === 'APPLICATION') {
    const holders = new Set<string>();
    for (const groupId of store.state.assignments.get(target.resourceId)?.keys() ?? []) {
      if (!store.state.groups.has(groupId)) continue;
      for (const userId of store.membersOf(groupId)) holders.add(userId);
    }
    return holders;
  }
  return new Set();
}

/** principalScopeSettings as a test: listed users, members of listed groups, or users the expression matches. */
function principalScope(body: JsonRecord, store: Store): (user: UserRecord) => boolean {
  const settings = record(body.principalScopeSettings);
  const userIds = new Set(strings(settings.userIds));
  const groupMembers = new Set<string>();
  for (const groupId of strings(settings.groupIds)) {
    if (store.state.groups.has(groupId)) for (const id of store.membersOf(groupId)) groupMembers.add(id);
  }
  const expressionText = text(settings.userScopeExpression);
  const expression = expressionText === undefined ? undefined : parseUserExpression(expressionText);
  const excluded = new Set(strings(settings.excludedUserIds));
  const activeOnly = settings.includeOnlyActiveUsers === true;
  const narrowed = userIds.size > 0 || strings(settings.groupIds).length > 0 || expression !== undefined;
  return (user) => {
    if (excluded.has(user.id)) return false;
    if (activeOnly && !activeStatuses.has(user.status)) return false;
    if (!narrowed) return true;
    return (
      userIds.has(user.id) ||
      groupMembers.has(user.id) ||
      (expression !== undefined && userMatches(expression, user))
    );
  };
}

function usableReviewer(store: Store, id: string | undefined, principalId: string, rule: ReviewerRule) {
  if (id === undefined) return undefined;
  const user = store.findUser(id);
  if (user === undefined || user.status === 'DEPROVISIONED') return undefined;
  if (rule.selfReviewDisabled && user.id === principalId) return undefined;
  return user.id;
}

/** The reviewer of one principal's access under a rule, falling back to `fallBackReviewerId`. */
export function resolveReviewer(
  rule: ReviewerRule,
  principal: UserRecord,
  store: Store,
  target?: Target,
): Pick<ReviewPlan, 'reviewerId' | 'reviewerType'> {
  const fallback = () => {
    const id = usableReviewer(store, rule.fallBackReviewerId, principal.id, rule) ?? rule.fallBackReviewerId;
    return { reviewerId: id ?? null, reviewerType: 'USER' as const };
  };
  switch (rule.type) {
    case 'USER': {
      const id = usableReviewer(store, rule.reviewerId, principal.id, rule);
      return id === undefined && rule.fallBackReviewerId !== undefined
        ? fallback()
        : { reviewerId: id ?? rule.reviewerId ?? null, reviewerType: 'USER' };
    }
    case 'REVIEWER_EXPRESSION': {
      const expression = parseUserExpression(rule.reviewerScopeExpression ?? 'user.profile.managerId');
      const id = usableReviewer(store, reviewerReference(expression, principal), principal.id, rule);
      return id === undefined ? fallback() : { reviewerId: id, reviewerType: 'USER' };
    }
    case 'GROUP': {
      const groupId = rule.reviewerGroupId ?? '';
      const members = store.state.groups.has(groupId) ? [...store.membersOf(groupId)].sort() : [];
      const candidates = members.filter((id) => usableReviewer(store, id, principal.id, rule) !== undefined);
      const [first] = candidates;
      if (first === undefined) return fallback();
      // One member: Okta makes that member a USER reviewer; several: the group reviews (one member is shown).
      return { reviewerId: first, reviewerType: members.length === 1 ? 'USER' : 'GROUP' };
    }
    case 'RESOURCE_OWNER': {
      const candidates = target === undefined ? [] : ownerCandidates(target, store);
      const id = candidates.find(
        (candidate) => usableReviewer(store, candidate, principal.id, rule) !== undefined,
      );
      return id === undefined ? fallback() : { reviewerId: id, reviewerType: 'RESOURCE_OWNER' };
    }
  }
}

/**
 * Who may review a resource as its owner: the users owning it, then members of the groups owning it (each by id).
 * A group without owners falls back to the owners of the first app (by id) it is assigned to that has owners.
 */
function ownerCandidates(target: Target, store: Store): string[] {
  const orgId = store.state.orgId;
  const ownersOf = (orn: string) => livePrincipals(store.state.resourceOwners.get(orn), store);
  let owners: Orn[] = [];
  if (target.kind === 'APPLICATION') {
    const app = store.state.apps.get(target.resourceId);
    if (app !== undefined) owners = ownersOf(appOrn(orgId, app));
  } else if (target.kind === 'GROUP') {
    owners = ownersOf(groupOrn(orgId, target.resourceId));
    for (const app of appsOfGroup(target.resourceId, store)) {
      if (owners.length > 0) break;
      owners = ownersOf(appOrn(orgId, app));
    }
  }
  const users = owners
    .filter((owner) => owner.kind === 'user')
    .map((owner) => owner.record.id)
    .sort();
  const members = owners
    .filter((owner) => owner.kind === 'group')
    .flatMap((owner) => [...store.membersOf(owner.record.id)])
    .sort();
  return [...new Set([...users, ...members])];
}

/** The reviews a campaign's launch creates, in a stable order (resource, then principal id). */
export function planReviews(campaign: CampaignRecord, store: Store): ReviewPlan[] {
  const body = campaign.body;
  const inScope = principalScope(body, store);
  const rule = firstLevelRule(campaign);
  const plans: ReviewPlan[] = [];
  for (const target of resourcesOf(body, store)) {
    for (const principalId of [...holdersOf(target, store)].sort()) {
      const principal = store.state.users.get(principalId);
      if (principal === undefined || !inScope(principal)) continue;
      plans.push({
        principalId,
        resourceId: target.resourceId,
        ...resolveReviewer(rule, principal, store, target),
      });
    }
  }
  return plans;
}

/**
 * RESOURCE campaigns review their target resources. USER campaigns review every resource of the target types
 * the principals hold (groups other than Everyone, apps), less the excluded resources.
 */
function resourcesOf(body: JsonRecord, store: Store): Target[] {
  if (body.campaignType !== 'USER') return targetsOf(body);
  const settings = record(body.resourceSettings);
  const types = new Set(strings(settings.targetTypes));
  const legacy = text(settings.type);
  if (legacy === 'GROUP' || legacy === 'APPLICATION_AND_GROUP') types.add('GROUP');
  if (legacy === 'APPLICATION' || legacy === 'APPLICATION_AND_GROUP') types.add('APPLICATION');
  const excluded = new Set(
    (Array.isArray(settings.excludedResources) ? settings.excludedResources : []).map((item) =>
      text(record(item).resourceId),
    ),
  );
  const targets: Target[] = targetsOf(body);
  const listed = new Set(targets.map((target) => target.resourceId));
  if (types.has('GROUP')) {
    for (const group of store.state.groups.values()) {
      if (group.type === 'BUILT_IN' || listed.has(group.id)) continue;
      targets.push({ resourceId: group.id, resourceType: 'GROUP', kind: 'GROUP' });
    }
  }
  if (types.has('APPLICATION')) {
    for (const app of store.state.apps.values()) {
      if (listed.has(app.id)) continue;
      targets.push({ resourceId: app.id, resourceType: 'APPLICATION', kind: 'APPLICATION' });
    }
  }
  return targets.filter((target) => !excluded.has(target.resourceId));
}

/** A target resource that no longer exists makes the launch fail (the campaign goes to ERROR). */
export function missingTargets(campaign: CampaignRecord, store: Store): string[] {
  return targetsOf(campaign.body)
    .filter(
      (target) =>
        (target.kind === 'GROUP' && !store.state.groups.has(target.resourceId)) ||
        (target.kind === 'APPLICATION' && !store.state.apps.has(target.resourceId)),
    )
    .map((target) => target.resourceId);
}
