import { isoTime } from '../clock.js';
import type { CampaignRecord, RemediationStatus, ReviewDecision, ReviewRecord } from '../store.js';
import type { EmulatorContext } from '../types.js';
import {
  endOf,
  governanceAdminId,
  isRecurringDefinition,
  kindOf,
  nextLaunchOf,
  record,
  recurrenceEnds,
  schedule,
  targetsOf,
} from './campaign.js';
import { missingTargets, planReviews } from './reviews.js';

/**
 * The campaign state machine: SCHEDULED →(launch: reviews generated)→ ACTIVE →(end: remediation)→ COMPLETED.
 * A RECURRING campaign stays SCHEDULED and launches a new campaign (with `recurringCampaignId`) per occurrence.
 */

export function createCampaignRecord(
  body: Record<string, unknown>,
  context: EmulatorContext,
): CampaignRecord {
  const now = context.clock.now();
  const campaign: CampaignRecord = {
    id: context.ids.next('ici'),
    status: 'SCHEDULED',
    body,
    created: now,
    createdBy: governanceAdminId,
    lastUpdated: now,
    lastUpdatedBy: governanceAdminId,
  };
  context.store.state.campaigns.set(campaign.id, campaign);
  context.store.touch();
  return campaign;
}

export function reviewsOf(campaignId: string, context: EmulatorContext): ReviewRecord[] {
  return [...context.store.state.reviews.values()].filter((review) => review.campaignId === campaignId);
}

function activate(campaign: CampaignRecord, context: EmulatorContext): void {
  const { store, clock, ids } = context;
  const now = clock.now();
  campaign.lastUpdated = now;
  campaign.lastUpdatedBy = governanceAdminId;
  if (missingTargets(campaign, store).length > 0) {
    campaign.status = 'ERROR';
    return;
  }
  for (const plan of planReviews(campaign, store)) {
    const review: ReviewRecord = {
      id: ids.next('icr'),
      campaignId: campaign.id,
      resourceId: plan.resourceId,
      principalId: plan.principalId,
      reviewerId: plan.reviewerId,
      reviewerType: plan.reviewerType,
      decision: 'UNREVIEWED',
      decided: null,
      note: null,
      remediationStatus: 'NONE',
      currentReviewerLevel: 'FIRST',
      created: now,
      lastUpdated: now,
    };
    store.state.reviews.set(review.id, review);
  }
  campaign.status = 'ACTIVE';
  campaign.launched = now;
}

function occurrenceSchedule(definition: CampaignRecord, start: number): Record<string, unknown> {
  const { recurrence: _recurrence, ...settings } = schedule(definition);
  return { ...settings, type: 'ONE_OFF', startDate: isoTime(start) };
}

/** The occurrence of a recurring campaign that starts at `start`: a campaign of its own. */
function occurrenceOf(definition: CampaignRecord, start: number, context: EmulatorContext): CampaignRecord {
  const now = context.clock.now();
  const instance: CampaignRecord = {
    id: context.ids.next('ici'),
    status: 'SCHEDULED',
    // An occurrence is a one-off campaign of its own, as Okta shows launched instances of a recurring campaign.
    body: { ...definition.body, scheduleSettings: occurrenceSchedule(definition, start) },
    created: now,
    createdBy: definition.createdBy,
    lastUpdated: now,
    lastUpdatedBy: governanceAdminId,
    recurringCampaignId: definition.id,
  };
  context.store.state.campaigns.set(instance.id, instance);
  definition.occurrences = (definition.occurrences ?? 0) + 1;
  definition.lastUpdated = now;
  const ends = recurrenceEnds(definition);
  if (ends !== undefined && nextLaunchOf(definition) > ends) definition.status = 'COMPLETED';
  return instance;
}

/**
 * Launches a SCHEDULED campaign and answers the campaign that became ACTIVE: the campaign itself or, for a
 * recurring campaign, its new occurrence (`early`: launched by request now rather than at its scheduled start).
 */
export function launchCampaign(
  campaign: CampaignRecord,
  context: EmulatorContext,
  early: boolean,
): CampaignRecord {
  const launched = isRecurringDefinition(campaign)
    ? occurrenceOf(campaign, early ? context.clock.now() : nextLaunchOf(campaign), context)
    : campaign;
  activate(launched, context);
  context.store.touch();
  return launched;
}

function removeAccess(
  review: ReviewRecord,
  campaign: CampaignRecord,
  context: EmulatorContext,
): RemediationStatus {
  const { store } = context;
  const target = targetsOf(campaign.body).find((candidate) => candidate.resourceId === review.resourceId);
  const kind = target?.kind ?? kindOf(review.resourceId, undefined);
  // App access comes from group assignments here, so taking it away needs a person ("Manual Intervention").
  if (kind !== 'GROUP') return 'MANUAL';
  const group = store.state.groups.get(review.resourceId);
  if (group === undefined || !store.state.users.has(review.principalId)) return 'ERROR';
  if (group.type !== 'OKTA_GROUP') return 'MANUAL';
  store.removeMember(group.id, review.principalId);
  return 'SUCCESS';
}

function denies(review: ReviewRecord, campaign: CampaignRecord): boolean {
  const settings = record(campaign.body.remediationSettings);
  if (review.decision === 'REVOKE') return settings.accessRevoked === 'DENY';
  if (review.decision === 'UNREVIEWED') return settings.noResponse === 'DENY';
  return false;
}

/** Ends an ACTIVE campaign: reviews close, and unless skipped, DENY remediation takes access away. */
export function endCampaign(
  campaign: CampaignRecord,
  context: EmulatorContext,
  skipRemediation: boolean,
): void {
  const now = context.clock.now();
  for (const review of reviewsOf(campaign.id, context)) {
    if (skipRemediation || !denies(review, campaign)) continue;
    review.remediationStatus = removeAccess(review, campaign, context);
    review.lastUpdated = now;
  }
  campaign.status = 'COMPLETED';
  campaign.ended = now;
  campaign.lastUpdated = now;
  campaign.lastUpdatedBy = governanceAdminId;
  context.store.touch();
}

/** Deletes a SCHEDULED or ERROR campaign (a recurring one launches no more occurrences). */
export function deleteCampaign(campaign: CampaignRecord, context: EmulatorContext): void {
  for (const review of reviewsOf(campaign.id, context)) context.store.state.reviews.delete(review.id);
  context.store.state.campaigns.delete(campaign.id);
  context.store.touch();
}

export function decideReview(
  review: ReviewRecord,
  decision: Exclude<ReviewDecision, 'UNREVIEWED'>,
  options: { note?: string | undefined; reviewerId?: string | undefined },
  context: EmulatorContext,
): void {
  const now = context.clock.now();
  review.decision = decision;
  review.decided = now;
  review.lastUpdated = now;
  if (options.note !== undefined) review.note = options.note;
  if (options.reviewerId !== undefined) review.reviewerId = options.reviewerId;
}

/** Launches what is due and ends what is over, by the emulator's clock. Never throws: a failure marks ERROR. */
export function runGovernanceClock(context: EmulatorContext): void {
  const { store, clock } = context;
  const now = clock.now();
  for (const campaign of [...store.state.campaigns.values()]) {
    let launches = 0;
    while (campaign.status === 'SCHEDULED' && launches < 1000) {
      const ends = isRecurringDefinition(campaign) ? recurrenceEnds(campaign) : undefined;
      const next = nextLaunchOf(campaign);
      if (ends !== undefined && next > ends) {
        campaign.status = 'COMPLETED';
        store.touch();
        break;
      }
      if (next > now) break;
      guarded(campaign, context, () => launchCampaign(campaign, context, false));
      launches++;
    }
  }
  for (const campaign of [...store.state.campaigns.values()]) {
    if (campaign.status === 'ACTIVE' && endOf(campaign) <= now) {
      guarded(campaign, context, () => endCampaign(campaign, context, false));
    }
  }
}

function guarded(campaign: CampaignRecord, context: EmulatorContext, work: () => unknown): void {
  try {
    work();
  } catch (error) {
    campaign.status = 'ERROR';
    campaign.lastUpdated = context.clock.now();
    context.store.touch();
    process.stderr.write(`okta-access emulator: campaign ${campaign.id}: ${String(error)}\n`);
  }
}
