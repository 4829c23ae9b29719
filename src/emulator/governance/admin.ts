import type { ReviewRecord } from '../store.js';
import type { EmulatorContext, EmulatorResponse, Route } from '../types.js';
import { decideReview, reviewsOf, runGovernanceClock } from './lifecycle.js';
import { renderReview, reviewContextFor } from './render.js';

/**
 * Reviewers' decisions, set through the admin surface: Okta's admin API has no decision endpoint (reviewers decide
 * in the end-user app), so tests and demos decide here. Plain JSON answers, not Okta error bodies.
 */
type Decision = 'APPROVE' | 'REVOKE';

interface DecisionInput {
  readonly decision: Decision;
  readonly note?: string;
  readonly reviewerId?: string;
  readonly principalIds?: readonly string[];
  readonly resourceIds?: readonly string[];
}

class AdminError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'AdminError';
    this.status = status;
  }
}

function idList(value: unknown, name: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new AdminError(400, `${name} must be a list of ids`);
  }
  return value as string[];
}

function readInput(body: unknown, context: EmulatorContext): DecisionInput {
  const input = (body ?? {}) as Record<string, unknown>;
  if (input.decision !== 'APPROVE' && input.decision !== 'REVOKE') {
    throw new AdminError(400, 'send {"decision": "APPROVE" | "REVOKE", "note"?: "…", "reviewerId"?: "00u…"}');
  }
  const note = input.note;
  if (note !== undefined && (typeof note !== 'string' || note.length < 1 || note.length > 300)) {
    throw new AdminError(400, 'note must be a string of 1 to 300 characters');
  }
  const reviewerId = input.reviewerId;
  if (reviewerId !== undefined) {
    if (typeof reviewerId !== 'string' || context.store.state.users.get(reviewerId) === undefined) {
      throw new AdminError(400, `reviewerId ${String(reviewerId)} is not a user of the org`);
    }
  }
  const principalIds = idList(input.principalIds, 'principalIds');
  const resourceIds = idList(input.resourceIds, 'resourceIds');
  return {
    decision: input.decision,
    ...(typeof note === 'string' ? { note } : {}),
    ...(typeof reviewerId === 'string' ? { reviewerId } : {}),
    ...(principalIds === undefined ? {} : { principalIds }),
    ...(resourceIds === undefined ? {} : { resourceIds }),
  };
}

function requireActive(campaignId: string, context: EmulatorContext): void {
  const campaign = context.store.state.campaigns.get(campaignId);
  if (campaign === undefined) throw new AdminError(404, `no campaign ${campaignId}`);
  if (campaign.status !== 'ACTIVE') {
    throw new AdminError(
      409,
      `campaign ${campaignId} is ${campaign.status}: decisions are taken only while it is ACTIVE`,
    );
  }
}

function decide(reviews: readonly ReviewRecord[], input: DecisionInput, context: EmulatorContext): void {
  for (const review of reviews) {
    decideReview(review, input.decision, { note: input.note, reviewerId: input.reviewerId }, context);
  }
  context.store.touch();
}

function answer(work: () => EmulatorResponse, context: EmulatorContext): EmulatorResponse {
  try {
    // Decisions count only while the campaign runs by the emulator's clock: let due launches and ends happen first.
    runGovernanceClock(context);
    return work();
  } catch (error) {
    if (error instanceof AdminError) return { status: error.status, body: { error: error.message } };
    throw error;
  }
}

export const governanceAdminRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/__emulator/reviews/:reviewId/decision',
    open: true,
    handler: (request, { reviewId = '' }, context) =>
      answer(() => {
        const review = context.store.state.reviews.get(reviewId);
        if (review === undefined) throw new AdminError(404, `no review ${reviewId}`);
        const input = readInput(request.body, context);
        requireActive(review.campaignId, context);
        decide([review], input, context);
        const rendered = renderReview(review, reviewContextFor(review, request.baseUrl, context.store), true);
        return { status: 200, body: rendered };
      }, context),
  },
  {
    method: 'POST',
    pattern: '/__emulator/campaigns/:campaignId/decisions',
    open: true,
    handler: (request, { campaignId = '' }, context) =>
      answer(() => {
        const input = readInput(request.body, context);
        requireActive(campaignId, context);
        const principals = input.principalIds === undefined ? undefined : new Set(input.principalIds);
        const resources = input.resourceIds === undefined ? undefined : new Set(input.resourceIds);
        const reviews = reviewsOf(campaignId, context).filter(
          (review) =>
            (principals === undefined || principals.has(review.principalId)) &&
            (resources === undefined || resources.has(review.resourceId)),
        );
        decide(reviews, input, context);
        return {
          status: 200,
          body: {
            campaignId,
            decision: input.decision,
            decided: reviews.length,
            reviewIds: reviews.map((review) => review.id),
          },
        };
      }, context),
  },
];
