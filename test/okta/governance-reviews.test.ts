import { describe, expect, it } from 'vitest';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { toReview } from '../../src/okta/governance.js';
import { type Harness, withHarness } from './harness.js';

const dayMs = 86_400_000;
const reviews = '/governance/api/v1/reviews';

const seed: SeedDocument = {
  users: [
    { email: 'mia@example.com', firstName: 'Mia', lastName: 'Manager' },
    { email: 'rita@example.com', firstName: 'Rita', lastName: 'Fallback' },
    { email: 'alice@example.com', firstName: 'Alice', lastName: 'Admin', manager: 'mia@example.com' },
    { email: 'bob@example.com', firstName: 'Bob', lastName: 'Builder', manager: 'mia@example.com' },
    { email: 'carol@example.com', firstName: 'Carol', lastName: 'Nomanager' },
  ],
  groups: [
    { name: 'Payroll Admins', members: ['alice@example.com', 'bob@example.com', 'carol@example.com'] },
  ],
};

function campaignBody(h: Harness): Record<string, unknown> {
  return {
    name: 'Payroll access review',
    scheduleSettings: {
      type: 'ONE_OFF',
      startDate: new Date(Date.now() + dayMs).toISOString(),
      durationInDays: 30,
      timeZone: 'America/New_York',
    },
    resourceSettings: {
      targetTypes: ['GROUP'],
      targetResources: [{ resourceId: h.groupId('Payroll Admins') }],
    },
    principalScopeSettings: { type: 'USERS' },
    reviewerSettings: {
      type: 'REVIEWER_EXPRESSION',
      reviewerScopeExpression: 'user.profile.managerId',
      fallBackReviewerId: h.userId('rita@example.com'),
    },
    remediationSettings: { accessApproved: 'NO_ACTION', accessRevoked: 'DENY', noResponse: 'NO_ACTION' },
  };
}

/** A reviewer's decision, through the emulator's admin surface (Okta's admin API has none). */
async function decide(
  h: Harness,
  campaignId: string,
  email: string,
  decision: 'APPROVE' | 'REVOKE',
  note?: string,
): Promise<void> {
  const response = await fetch(`${h.emulator.url}/__emulator/campaigns/${campaignId}/decisions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      decision,
      principalIds: [h.userId(email)],
      ...(note === undefined ? {} : { note }),
    }),
  });
  expect(response.status).toBe(200);
}

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe.concurrent('listReviews through the Okta port', () => {
  it('maps every review to a plain record, reading in full only the decided ones, for their notes', async () => {
    await withHarness({ seed }, {}, async (h) => {
      const { id } = await h.port.createCampaign(campaignBody(h));
      await h.port.launchCampaign(id);
      await decide(h, id, 'alice@example.com', 'APPROVE', 'still runs payroll');
      await decide(h, id, 'bob@example.com', 'REVOKE', '=moved to sales');
      await decide(h, id, 'carol@example.com', 'APPROVE');
      h.proxy.exchanges.splice(0);

      const listed = await h.port.listReviews(id);
      expect(listed.map((review) => review.id)).toEqual(listed.map((review) => review.id).sort());
      const byEmail = new Map(listed.map((review) => [review.principalEmail, review]));
      const group = h.groupId('Payroll Admins');
      expect(byEmail.get('alice@example.com')).toEqual({
        id: expect.stringMatching(/^icr/),
        campaignId: id,
        principalId: h.userId('alice@example.com'),
        principalEmail: 'alice@example.com',
        principalName: 'Alice Admin',
        resourceId: group,
        decision: 'APPROVE',
        decided: expect.stringMatching(iso),
        note: 'still runs payroll',
        reviewerId: h.userId('mia@example.com'),
        reviewerEmail: 'mia@example.com',
        remediationStatus: 'NONE',
        currentReviewerLevel: 'FIRST',
        created: expect.stringMatching(iso),
      });
      expect(byEmail.get('bob@example.com')).toMatchObject({ decision: 'REVOKE', note: '=moved to sales' });
      // No manager: the fallback reviewer; decided without a note.
      expect(byEmail.get('carol@example.com')).toMatchObject({
        decision: 'APPROVE',
        note: null,
        reviewerId: h.userId('rita@example.com'),
        reviewerEmail: 'rita@example.com',
      });

      // One list page, then one full read per decided review (the list carries no note).
      const paths = h.proxy.exchanges.map((exchange) => exchange.path.split('?')[0]);
      expect(paths.filter((path) => path === reviews)).toHaveLength(1);
      expect(paths.filter((path) => path?.startsWith(`${reviews}/`)).sort()).toEqual(
        listed.map((review) => `${reviews}/${review.id}`).sort(),
      );
      expect(h.port.stats().byEndpoint[`GET ${reviews}/{id}`]).toBe(3);

      await h.port.endCampaign(id);
      const ended = new Map((await h.port.listReviews(id)).map((review) => [review.principalEmail, review]));
      expect(ended.get('bob@example.com')?.remediationStatus).toBe('SUCCESS');
      expect(ended.get('alice@example.com')?.remediationStatus).toBe('NONE');
    });
  });

  it('reads no review in full while none is decided, and leaves an undecided review without note or time', async () => {
    await withHarness({ seed }, {}, async (h) => {
      const { id } = await h.port.createCampaign(campaignBody(h));
      await h.port.launchCampaign(id);
      const listed = await h.port.listReviews(id);
      expect(listed).toHaveLength(3);
      for (const review of listed) {
        expect(review).toMatchObject({
          decision: 'UNREVIEWED',
          decided: null,
          note: null,
          remediationStatus: 'NONE',
        });
      }
      expect(h.port.stats().byEndpoint[`GET ${reviews}/{id}`]).toBeUndefined();
      expect(await h.port.listReviews('ici00000000000000000')).toEqual([]);
    });
  });

  it('follows every page: 250 reviews in two pages of up to 200', async () => {
    const people = Array.from({ length: 250 }, (_, n) => `person${n}@example.com`);
    const bigSeed: SeedDocument = {
      users: [
        ...(seed.users ?? []),
        ...people.map((email, n) => ({ email, firstName: `Person${n}`, lastName: 'Example' })),
      ],
      groups: [{ name: 'Payroll Admins', members: people }],
    };
    await withHarness({ seed: bigSeed }, {}, async (h) => {
      const { id } = await h.port.createCampaign(campaignBody(h));
      await h.port.launchCampaign(id);
      await decide(h, id, 'person7@example.com', 'REVOKE', 'not in payroll any more');
      const listed = await h.port.listReviews(id);
      expect(listed).toHaveLength(250);
      expect(new Set(listed.map((review) => review.principalEmail))).toEqual(new Set(people));
      expect(listed.find((review) => review.decision === 'REVOKE')).toMatchObject({
        principalEmail: 'person7@example.com',
        note: 'not in payroll any more',
      });
      expect(h.port.stats().byEndpoint[`GET ${reviews}`]).toBe(2);
      expect(h.port.stats().byEndpoint[`GET ${reviews}/{id}`]).toBe(1);
      const pages = h.proxy.exchanges.filter((exchange) => exchange.path.startsWith(`${reviews}?`));
      expect(pages[0]?.path).toBe(`${reviews}?filter=campaignId%20eq%20%22${id}%22&limit=200`);
      expect(pages[1]?.path).toMatch(/[?&]after=/);
    });
  });
});

describe('toReview', () => {
  it('takes the note as review-full gives it ({id, note}) or as a string, and leaves missing profile fields null', () => {
    expect(
      toReview({
        id: 'icr1',
        campaignId: 'ici1',
        resourceId: '00g1',
        decision: 'REVOKE',
        decided: '2026-01-02T03:04:05Z',
        remediationStatus: 'SUCCESS',
        principalProfile: { id: '00u1', firstName: 'Only' },
        note: { id: '389dhie83', note: 'reason for revocation' },
      }),
    ).toEqual({
      id: 'icr1',
      campaignId: 'ici1',
      principalId: '00u1',
      principalEmail: null,
      principalName: 'Only',
      resourceId: '00g1',
      decision: 'REVOKE',
      decided: '2026-01-02T03:04:05Z',
      note: 'reason for revocation',
      reviewerId: null,
      reviewerEmail: null,
      remediationStatus: 'SUCCESS',
      currentReviewerLevel: null,
      created: null,
    });
    expect(toReview({ id: 'icr2', note: 'plain' }).note).toBe('plain');
    expect(toReview({ id: 'icr3', note: { id: 'x' } })).toMatchObject({
      note: null,
      decision: 'UNREVIEWED',
      remediationStatus: 'NONE',
    });
  });

  it('refuses a review without an id', () => {
    expect(() => toReview({ decision: 'APPROVE' })).toThrow('Okta returned a review without an id');
    expect(() => toReview(null)).toThrow('Okta returned a review without an id');
  });
});
