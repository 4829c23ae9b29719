import type { CampaignRecord } from '../store.js';
import { addDays, addDuration, parseDateTime } from './time.js';

/** Reading a campaign's create body (campaign-mutable) once it has been validated. */
export type JsonRecord = Record<string, unknown>;

/** The admin every campaign is created, launched and ended by (the owner of the emulator's API token). */
export const governanceAdminId = '00uemulatoradmin0001';

export type ReviewerKind = 'USER' | 'REVIEWER_EXPRESSION' | 'GROUP' | 'RESOURCE_OWNER';
export type CampaignReviewerType = ReviewerKind | 'MULTI_LEVEL';

/** How one reviewer level picks a reviewer (the whole reviewerSettings, or one of MULTI_LEVEL's levels). */
export interface ReviewerRule {
  readonly type: ReviewerKind;
  readonly reviewerId?: string;
  readonly reviewerScopeExpression?: string;
  readonly fallBackReviewerId?: string;
  readonly reviewerGroupId?: string;
  readonly selfReviewDisabled: boolean;
}

export type TargetKind = 'GROUP' | 'APPLICATION' | 'OTHER';

export interface Target {
  readonly resourceId: string;
  readonly resourceType: string;
  readonly kind: TargetKind;
}

export function record(value: unknown): JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : {};
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function schedule(campaign: CampaignRecord): JsonRecord {
  return record(campaign.body.scheduleSettings);
}

export function timeZone(campaign: CampaignRecord): string {
  return text(schedule(campaign).timeZone) ?? 'UTC';
}

export function isRecurring(campaign: CampaignRecord): boolean {
  return schedule(campaign).type === 'RECURRING';
}

/** A RECURRING campaign as created: it launches instances, each a campaign with `recurringCampaignId`. */
export function isRecurringDefinition(campaign: CampaignRecord): boolean {
  return isRecurring(campaign) && campaign.recurringCampaignId === undefined;
}

export function startOf(campaign: CampaignRecord): number {
  return parseDateTime(schedule(campaign).startDate) ?? campaign.created;
}

export function durationDays(campaign: CampaignRecord): number {
  const days = schedule(campaign).durationInDays;
  return typeof days === 'number' ? days : 0;
}

export function endOf(campaign: CampaignRecord): number {
  return addDays(startOf(campaign), durationDays(campaign));
}

/** When the campaign launches next: its start date, or for a recurring definition its next occurrence. */
export function nextLaunchOf(campaign: CampaignRecord): number {
  if (!isRecurringDefinition(campaign)) return startOf(campaign);
  const interval = text(record(schedule(campaign).recurrence).interval) ?? 'P1M';
  return addDuration(startOf(campaign), interval, timeZone(campaign), campaign.occurrences ?? 0);
}

/** The recurrence's last date, if any. */
export function recurrenceEnds(campaign: CampaignRecord): number | undefined {
  return parseDateTime(record(schedule(campaign).recurrence).ends);
}

export function reviewerTypeOf(campaign: CampaignRecord): CampaignReviewerType {
  return (text(record(campaign.body.reviewerSettings).type) ?? 'USER') as CampaignReviewerType;
}

function ruleFrom(value: JsonRecord): ReviewerRule {
  const optional = (key: string) => {
    const found = text(value[key]);
    return found === undefined ? {} : { [key]: found };
  };
  const selfReviewDisabled = value.selfReviewDisabled ?? value.isSelfReviewDisabled;
  return {
    type: (text(value.type) ?? 'USER') as ReviewerKind,
    ...optional('reviewerId'),
    ...optional('reviewerScopeExpression'),
    ...optional('fallBackReviewerId'),
    ...optional('reviewerGroupId'),
    selfReviewDisabled: selfReviewDisabled === true,
  };
}

/** The rule of the reviewers who review first (MULTI_LEVEL: the first level). */
export function firstLevelRule(campaign: CampaignRecord): ReviewerRule {
  const settings = record(campaign.body.reviewerSettings);
  if (settings.type !== 'MULTI_LEVEL') return ruleFrom(settings);
  const [first] = Array.isArray(settings.reviewerLevels) ? settings.reviewerLevels : [];
  return ruleFrom(record(first));
}

/** GROUP and APPLICATION resources are reviewed; the other kinds are accepted but generate no reviews. */
export function kindOf(resourceId: string, resourceType: string | undefined): TargetKind {
  const type =
    resourceType ??
    (resourceId.startsWith('00g') ? 'GROUP' : resourceId.startsWith('0oa') ? 'APPLICATION' : '');
  if (type === 'GROUP') return 'GROUP';
  if (type === 'APPLICATION') return 'APPLICATION';
  return 'OTHER';
}

/** The resource type Okta shows for a target: as sent, else from the campaign's target types, else the id. */
export function resourceTypeOf(body: JsonRecord, item: JsonRecord): string {
  const given = text(item.resourceType);
  if (given !== undefined) return given;
  const settings = record(body.resourceSettings);
  const [targetType] = strings(settings.targetTypes);
  if (targetType !== undefined) return targetType;
  const legacy = text(settings.type);
  if (legacy === 'GROUP' || legacy === 'APPLICATION') return legacy;
  const resourceId = text(item.resourceId) ?? '';
  return kindOf(resourceId, undefined) === 'APPLICATION' ? 'APPLICATION' : 'GROUP';
}

export function targetsOf(body: JsonRecord): Target[] {
  const items = record(body.resourceSettings).targetResources;
  if (!Array.isArray(items)) return [];
  const seen = new Set<string>();
  const targets: Target[] = [];
  for (const item of items) {
    const resourceId = text(record(item).resourceId);
    if (resourceId === undefined || seen.has(resourceId)) continue;
    seen.add(resourceId);
    const resourceType = resourceTypeOf(body, record(item));
    targets.push({ resourceId, resourceType, kind: kindOf(resourceId, resourceType) });
  }
  return targets;
}
