import { notFound, OktaError } from '../errors.js';
import { createdKey } from '../paging.js';
import type { CampaignRecord } from '../store.js';
import type { EmulatorContext, EmulatorRequest, Route } from '../types.js';
import { governanceAdminRoutes as adminRoutes } from './admin.js';
import { endOf, reviewerTypeOf, schedule, startOf } from './campaign.js';
import { invalid } from './checks.js';
import {
  createCampaignRecord,
  deleteCampaign,
  endCampaign,
  launchCampaign,
  runGovernanceClock,
} from './lifecycle.js';
import { listResponse, timeKey } from './list.js';
import { resourceOwnerRoutes } from './owners.js';
import {
  campaignUrl,
  renderCampaignFull,
  renderCampaignSparse,
  renderReview,
  reviewContextFor,
} from './render.js';
import { riskRuleRoutes } from './risk-rules.js';
import { validateCampaignBody } from './validate.js';

const read = 'okta.governance.accessCertifications.read';
const manage = 'okta.governance.accessCertifications.manage';
const campaigns = '/governance/api/v1/campaigns';

function requireCampaign(context: EmulatorContext, campaignId: string): CampaignRecord {
  const campaign = context.store.state.campaigns.get(campaignId);
  if (campaign === undefined) throw notFound('Campaign', campaignId);
  return campaign;
}

function notScheduled(): OktaError {
  return new OktaError(409, 'E0000195', 'Api validation failed due to conflict: Campaign', [
    'Campaign must be scheduled before it can be started',
  ]);
}

function listCampaigns(request: EmulatorRequest, context: EmulatorContext) {
  return listResponse(request, [...context.store.state.campaigns.values()], {
    filterRules: {
      attributes: new Set([
        'name',
        'status',
        'scheduleType',
        'reviewerType',
        'startDate',
        'endDate',
        'recurringCampaignId',
      ]),
      operators: new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'pr'] as const),
      allowNot: false,
      caseInsensitive: false,
    },
    view: (campaign) => ({
      name: campaign.body.name,
      status: campaign.status,
      scheduleType: schedule(campaign).type,
      reviewerType: reviewerTypeOf(campaign),
      startDate: new Date(startOf(campaign)).toISOString(),
      endDate: new Date(endOf(campaign)).toISOString(),
      recurringCampaignId: campaign.recurringCampaignId ?? null,
    }),
    dateAttributes: new Set(['startDate', 'endDate']),
    orderBy: {
      name: (campaign) => String(campaign.body.name).toLowerCase(),
      created: (campaign) => timeKey(campaign.created),
      startDate: (campaign) => timeKey(startOf(campaign)),
      endDate: (campaign) => timeKey(endOf(campaign)),
      status: (campaign) => campaign.status,
    },
    defaultOrder: 'created asc',
    tiebreak: (campaign) => createdKey(campaign.created, campaign.id),
    render: (campaign) => renderCampaignSparse(campaign, request.baseUrl),
  });
}

function listReviews(request: EmulatorRequest, context: EmulatorContext) {
  return listResponse(request, [...context.store.state.reviews.values()], {
    filterRules: {
      attributes: new Set([
        'campaignId',
        'principalId',
        'reviewerId',
        'decision',
        'resourceId',
        'reviewerType',
        'reviewerLevel',
        'entitlementValueId',
        'entitlementBundleId',
      ]),
      operators: new Set(['eq'] as const),
      allowNot: false,
      caseInsensitive: false,
    },
    view: (review) => ({
      campaignId: review.campaignId,
      principalId: review.principalId,
      reviewerId: review.reviewerId,
      decision: review.decision,
      resourceId: review.resourceId,
      reviewerType: review.reviewerType,
      reviewerLevel: review.currentReviewerLevel,
    }),
    dateAttributes: new Set(),
    orderBy: {
      decided: (review) => timeKey(review.decided),
      decision: (review) => review.decision,
      remediationStatus: (review) => review.remediationStatus,
      created: (review) => timeKey(review.created),
    },
    defaultOrder: 'created asc',
    tiebreak: (review) => createdKey(review.created, review.id),
    render: (review) => renderReview(review, reviewContextFor(review, request.baseUrl, context.store), false),
  });
}

function skipRemediation(body: unknown): boolean {
  if (body === undefined || body === null) return false;
  const skip = (body as { skipRemediation?: unknown }).skipRemediation;
  if (skip !== undefined && typeof skip !== 'boolean') throw invalid('/skipRemediation must be a boolean');
  return skip === true;
}

/** Okta Identity Governance: campaigns and reviews. */
export const governanceRoutes: Route[] = [
  {
    method: 'POST',
    pattern: campaigns,
    scope: manage,
    handler: (request, _params, context) => {
      const body = validateCampaignBody(request.body, { store: context.store, now: context.clock.now() });
      const campaign = createCampaignRecord(body, context);
      return { status: 201, body: renderCampaignFull(campaign, request.baseUrl) };
    },
  },
  {
    method: 'GET',
    pattern: campaigns,
    scope: read,
    handler: (request, _params, context) => listCampaigns(request, context),
  },
  {
    method: 'GET',
    pattern: `${campaigns}/:campaignId`,
    scope: read,
    handler: (request, { campaignId = '' }, context) => ({
      status: 200,
      body: renderCampaignFull(requireCampaign(context, campaignId), request.baseUrl),
    }),
  },
  {
    method: 'DELETE',
    pattern: `${campaigns}/:campaignId`,
    scope: manage,
    handler: (_request, { campaignId = '' }, context) => {
      const campaign = requireCampaign(context, campaignId);
      if (campaign.status !== 'SCHEDULED' && campaign.status !== 'ERROR') {
        throw new OktaError(409, 'E0000195', 'Api validation failed due to conflict: Campaign', [
          `Only a SCHEDULED or ERROR campaign can be deleted; this one is ${campaign.status}`,
        ]);
      }
      deleteCampaign(campaign, context);
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    pattern: `${campaigns}/:campaignId/launch`,
    scope: manage,
    handler: (request, { campaignId = '' }, context) => {
      const campaign = requireCampaign(context, campaignId);
      if (campaign.status !== 'SCHEDULED') throw notScheduled();
      const launched = launchCampaign(campaign, context, true);
      return { status: 202, headers: { location: campaignUrl(request.baseUrl, launched.id) } };
    },
  },
  {
    method: 'POST',
    pattern: `${campaigns}/:campaignId/end`,
    scope: manage,
    handler: (request, { campaignId = '' }, context) => {
      const campaign = requireCampaign(context, campaignId);
      const skip = skipRemediation(request.body);
      if (campaign.status !== 'ACTIVE') {
        throw new OktaError(409, 'E0000170', 'An inactive campaign may not be ended.');
      }
      endCampaign(campaign, context, skip);
      return { status: 202, headers: { location: campaignUrl(request.baseUrl, campaign.id) } };
    },
  },
  {
    method: 'GET',
    pattern: '/governance/api/v1/reviews',
    scope: read,
    handler: (request, _params, context) => listReviews(request, context),
  },
  {
    method: 'GET',
    pattern: '/governance/api/v1/reviews/:reviewId',
    scope: read,
    handler: (request, { reviewId = '' }, context) => {
      const review = context.store.state.reviews.get(reviewId);
      if (review === undefined) throw notFound('Review', reviewId);
      return {
        status: 200,
        body: renderReview(review, reviewContextFor(review, request.baseUrl, context.store), true),
      };
    },
  },
  ...resourceOwnerRoutes,
  ...riskRuleRoutes,
];

/** Admin-surface routes for governance (`/__emulator/...`, `open: true`): reviewers' decisions. */
export const governanceAdminRoutes: Route[] = adminRoutes;

/** Time-driven governance work (a scheduled campaign launches at its start date, an active one ends at its end). */
export function governanceTick(context: EmulatorContext): void {
  runGovernanceClock(context);
}
