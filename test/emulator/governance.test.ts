import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';

const dayMs = 86_400_000;
const seed = {
  users: [
    { email: 'mia@example.com', firstName: 'Mia', lastName: 'Manager' },
    { email: 'rita@example.com', firstName: 'Rita', lastName: 'Fallback' },
    { email: 'alice@example.com', firstName: 'Alice', lastName: 'Admin', manager: 'mia@example.com' },
    { email: 'bob@example.com', firstName: 'Bob', lastName: 'Builder', manager: 'mia@example.com' },
    { email: 'carol@example.com', firstName: 'Carol', lastName: 'Nomanager' },
    {
      email: 'dave@example.com',
      firstName: 'Dave',
      lastName: 'Gone',
      manager: 'mia@example.com',
      status: 'DEPROVISIONED' as const,
    },
  ],
  groups: [
    { name: 'Payroll Admins', members: ['alice@example.com', 'bob@example.com', 'carol@example.com'] },
    { name: 'Payroll Viewers', members: ['bob@example.com', 'dave@example.com'] },
    { name: 'Auditors', members: ['rita@example.com', 'mia@example.com'] },
  ],
};

/** A JSON body as these tests read it: the fields they look at, typed loosely. */
interface Body {
  [key: string]: unknown;
  id: string;
  name: string;
  status: string;
  created: string;
  createdBy: string;
  lastUpdatedBy: string;
  startDate: string;
  decided: string;
  decision: string;
  scheduleSettings: { startDate: string; endDate: string };
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
  error: string;
  now: string;
  resourceId: string;
  remediationStatus: string;
  recurringCampaignId: string;
  principalProfile: { id: string };
  reviewerProfile?: { id: string };
  data: Body[];
  _links: { [name: string]: { href: string } };
}

interface Reply {
  status: number;
  headers: Headers;
  body: Body;
}

type Review = Body;

describe('emulator governance: campaigns and reviews', () => {
  let emulator: RunningEmulator;
  const campaigns = '/governance/api/v1/campaigns';
  const ids: Record<string, string> = {};

  async function call(method: string, path: string, body?: unknown, auth = true): Promise<Reply> {
    const url = path.startsWith('http') ? path : `${emulator.url}${path}`;
    const response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(auth ? { authorization: `SSWS ${emulator.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? undefined : JSON.parse(text),
    };
  }
  const admin = (method: string, path: string, body?: unknown) => call(method, path, body, false);

  async function now(): Promise<number> {
    return Date.parse((await admin('GET', '/__emulator/clock')).body.now);
  }

  async function campaignBody(overrides: Record<string, unknown> = {}, startInMs = dayMs) {
    return {
      name: 'Payroll access review',
      description: 'Managers review payroll access',
      scheduleSettings: {
        type: 'ONE_OFF',
        startDate: new Date((await now()) + startInMs).toISOString(),
        durationInDays: 30,
        timeZone: 'America/New_York',
      },
      resourceSettings: { targetTypes: ['GROUP'], targetResources: [{ resourceId: ids.admins }] },
      principalScopeSettings: { type: 'USERS' },
      reviewerSettings: {
        type: 'REVIEWER_EXPRESSION',
        reviewerScopeExpression: 'user.profile.managerId',
        fallBackReviewerId: ids.rita,
      },
      remediationSettings: { accessApproved: 'NO_ACTION', accessRevoked: 'DENY', noResponse: 'NO_ACTION' },
      ...overrides,
    };
  }

  async function create(overrides: Record<string, unknown> = {}, startInMs = dayMs) {
    const reply = await call('POST', campaigns, await campaignBody(overrides, startInMs));
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body as { id: string; status: string; _links: Record<string, { href: string }> };
  }

  async function launched(overrides: Record<string, unknown> = {}) {
    const campaign = await create(overrides);
    expect((await call('POST', `${campaigns}/${campaign.id}/launch`)).status).toBe(202);
    return campaign;
  }

  async function reviewsOf(campaignId: string): Promise<Review[]> {
    const filter = encodeURIComponent(`campaignId eq "${campaignId}"`);
    const reply = await call('GET', `/governance/api/v1/reviews?filter=${filter}&limit=200`);
    expect(reply.status).toBe(200);
    return reply.body.data;
  }

  function reviewOf(reviews: Review[], principal: string, resource = ids.admins): Review {
    const found = reviews.find(
      (review) => review.principalProfile.id === ids[principal] && review.resourceId === resource,
    );
    if (found === undefined) throw new Error(`no review of ${principal} on ${resource}`);
    return found;
  }

  async function membersOf(groupId: string | undefined): Promise<string[]> {
    const reply = await call('GET', `/api/v1/groups/${groupId}/users`);
    const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    return (reply.body as unknown as { id: string }[]).map((user) => byId.get(user.id) ?? user.id).sort();
  }

  beforeAll(async () => {
    emulator = await startEmulator({ randomSeed: 7 });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(async () => {
    expect((await admin('POST', '/__emulator/reset')).status).toBe(200);
    expect((await admin('POST', '/__emulator/seed', seed)).status).toBe(200);
    for (const name of ['mia', 'rita', 'alice', 'bob', 'carol', 'dave']) {
      ids[name] = emulator.store.findUser(`${name}@example.com`)?.id ?? '';
    }
    ids.admins = emulator.store.groupByName('Payroll Admins')?.id ?? '';
    ids.viewers = emulator.store.groupByName('Payroll Viewers')?.id ?? '';
    ids.auditors = emulator.store.groupByName('Auditors')?.id ?? '';
  });

  it('creates a SCHEDULED campaign (201) with its end date and absolute links, and gets it back', async () => {
    const body = await campaignBody();
    const reply = await call('POST', campaigns, body);
    expect(reply.status).toBe(201);
    const campaign = reply.body;
    expect(campaign.id).toMatch(/^ici[A-Za-z0-9]{17}$/);
    expect(campaign.status).toBe('SCHEDULED');
    expect(campaign.createdBy).toMatch(/^.{1,20}$/);
    expect(campaign.lastUpdatedBy).toBe(campaign.createdBy);
    const start = Date.parse(campaign.scheduleSettings.startDate);
    expect(start).toBe(Date.parse(body.scheduleSettings.startDate));
    expect(Date.parse(campaign.scheduleSettings.endDate) - start).toBe(30 * dayMs);
    const self = `${emulator.url}${campaigns}/${campaign.id}`;
    expect(campaign._links).toEqual({
      launchCampaign: { href: `${self}/launch` },
      endCampaign: { href: `${self}/end` },
      reviews: {
        href: `${emulator.url}/governance/api/v1/reviews?filter=campaignId%20eq%20%22${campaign.id}%22`,
      },
      self: { href: self },
    });
    const fetched = await call('GET', `${campaigns}/${campaign.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(campaign);
    const unknown = await call('GET', `${campaigns}/ici00000000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.errorCode).toBe('E0000007');
  });

  const invalidBodies: [string, (body: Record<string, unknown>) => void, string][] = [
    ['no name', (body) => delete body.name, 'Campaign Name is required'],
    ['no scheduleSettings', (body) => delete body.scheduleSettings, 'scheduleSettings is required'],
    ['no resourceSettings', (body) => delete body.resourceSettings, 'resourceSettings is required'],
    ['no reviewerSettings', (body) => delete body.reviewerSettings, 'reviewerSettings is required'],
    ['no remediationSettings', (body) => delete body.remediationSettings, 'remediationSettings is required'],
    [
      'USER reviewer without reviewerId',
      (body) => Object.assign(body, { reviewerSettings: { type: 'USER' } }),
      'reviewerId is required',
    ],
    [
      'REVIEWER_EXPRESSION without fallBackReviewerId',
      (body) =>
        Object.assign(body, {
          reviewerSettings: {
            type: 'REVIEWER_EXPRESSION',
            reviewerScopeExpression: 'user.profile.managerId',
          },
        }),
      'fallBackReviewerId is required',
    ],
    [
      'RESOURCE_OWNER without fallBackReviewerId',
      (body) => Object.assign(body, { reviewerSettings: { type: 'RESOURCE_OWNER' } }),
      'fallBackReviewerId is required',
    ],
    [
      'GROUP reviewer without reviewerGroupId',
      (body) => Object.assign(body, { reviewerSettings: { type: 'GROUP' } }),
      'reviewerGroupId is required',
    ],
    [
      'MULTI_LEVEL with one level',
      (body) =>
        Object.assign(body, {
          reviewerSettings: {
            type: 'MULTI_LEVEL',
            reviewerLevels: [{ type: 'USER', reviewerId: ids.mia, startReview: { onDay: 0 } }],
          },
        }),
      'exactly 2 levels',
    ],
    [
      'a start date in the past',
      (body) => Object.assign(body.scheduleSettings as object, { startDate: '2020-01-01T00:00:00Z' }),
      'must be in the future',
    ],
    [
      'an unknown target group',
      (body) =>
        Object.assign(body, {
          resourceSettings: { targetResources: [{ resourceId: '00gnosuchgroup000000' }] },
        }),
      '00gnosuchgroup000000 not found',
    ],
    [
      'an unknown reviewer',
      (body) =>
        Object.assign(body, { reviewerSettings: { type: 'USER', reviewerId: '00unosuchuser0000000' } }),
      '00unosuchuser0000000 not found',
    ],
  ];

  it.each(invalidBodies)('refuses a campaign with %s: 400 E0000001', async (_label, mutate, message) => {
    const body: Record<string, unknown> = await campaignBody();
    mutate(body);
    const reply = await call('POST', campaigns, body);
    expect(reply.status).toBe(400);
    expect(reply.body.errorCode).toBe('E0000001');
    expect(reply.body.errorSummary).toMatch(/^Api validation failed: /);
    expect(reply.body.errorSummary).toContain(message);
    expect(emulator.store.state.campaigns.size).toBe(0);
  });

  it('lists campaigns with filters, orderBy and pages that follow the Link header', async () => {
    for (const n of [1, 2, 3, 4, 5]) await create({ name: `Review ${n}` });
    const [active] = (await call('GET', `${campaigns}?filter=${encodeURIComponent('name eq "Review 4"')}`))
      .body.data;
    expect((await call('POST', `${campaigns}/${active?.id}/launch`)).status).toBe(202);

    const byName = await call('GET', `${campaigns}?filter=${encodeURIComponent('name eq "Review 3"')}`);
    expect(byName.status).toBe(200);
    expect(byName.body.data.map((campaign: { name: string }) => campaign.name)).toEqual(['Review 3']);
    expect(byName.body.data[0]).toMatchObject({
      scheduleType: 'ONE_OFF',
      reviewerType: 'REVIEWER_EXPRESSION',
      status: 'SCHEDULED',
    });
    expect(byName.body.data[0]?.scheduleSettings).toBeUndefined();

    const statuses = async (filter: string) =>
      (await call('GET', `${campaigns}?filter=${encodeURIComponent(filter)}`)).body.data.map(
        (campaign: { name: string }) => campaign.name,
      );
    expect(await statuses('status eq "ACTIVE"')).toEqual(['Review 4']);
    expect(await statuses('status eq "SCHEDULED"')).toHaveLength(4);
    expect(await statuses('status eq "COMPLETED" OR status eq "ACTIVE"')).toEqual(['Review 4']);
    expect(await statuses('status eq "SCHEDULED" AND name eq "Review 1"')).toEqual(['Review 1']);

    const all = (await call('GET', `${campaigns}?limit=200`)).body.data as {
      name: string;
      created: string;
    }[];
    expect(all).toHaveLength(5);
    const created = all.map((campaign) => Date.parse(campaign.created));
    expect(created).toEqual([...created].sort((a, b) => a - b));

    const pages: string[][] = [];
    let next: string | undefined = `${campaigns}?limit=2`;
    while (next !== undefined) {
      const page = await call('GET', next);
      expect(page.status).toBe(200);
      pages.push(page.body.data.map((campaign: { name: string }) => campaign.name));
      const link = page.headers.get('link') ?? '';
      expect(link).toContain(`<${page.body._links.self?.href}>; rel="self"`);
      const headerNext = /<([^>]+)>; rel="next"/.exec(link)?.[1];
      expect(headerNext).toBe(page.body._links.next?.href);
      next = headerNext;
    }
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(all.map((campaign) => campaign.name));

    const descending = await call('GET', `${campaigns}?orderBy=${encodeURIComponent('name desc')}&limit=3`);
    expect(descending.body.data.map((campaign: { name: string }) => campaign.name)).toEqual([
      'Review 5',
      'Review 4',
      'Review 3',
    ]);
    const rest = await call('GET', descending.body._links.next?.href ?? 'missing next link');
    expect(rest.body.data.map((campaign: { name: string }) => campaign.name)).toEqual([
      'Review 2',
      'Review 1',
    ]);

    for (const query of ['limit=0', 'limit=201', 'limit=ten', 'orderBy=owner%20asc']) {
      const bad = await call('GET', `${campaigns}?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.errorCode, query).toBe('E0000029');
    }
    const badFilter = await call('GET', `${campaigns}?filter=${encodeURIComponent('owner eq "x"')}`);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errorCode).toBe('E0000053');
  });

  it('deletes a SCHEDULED campaign (204) but refuses to delete an ACTIVE one (409 E0000195)', async () => {
    const scheduled = await create();
    expect((await call('DELETE', `${campaigns}/${scheduled.id}`)).status).toBe(204);
    expect((await call('GET', `${campaigns}/${scheduled.id}`)).status).toBe(404);

    const active = await launched();
    const refused = await call('DELETE', `${campaigns}/${active.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.errorCode).toBe('E0000195');
    expect(refused.body.errorSummary).toBe('Api validation failed due to conflict: Campaign');
    expect((await call('GET', `${campaigns}/${active.id}`)).body.status).toBe('ACTIVE');
  });

  it('launches (202 + Location): one UNREVIEWED review per member, the manager reviewing, else the fallback', async () => {
    const campaign = await create({
      resourceSettings: {
        targetTypes: ['GROUP'],
        targetResources: [{ resourceId: ids.admins }, { resourceId: ids.viewers }],
      },
    });
    expect(await reviewsOf(campaign.id)).toEqual([]);
    const launch = await call('POST', campaign._links.launchCampaign?.href ?? '');
    expect(launch.status).toBe(202);
    expect(launch.headers.get('location')).toBe(campaign._links.self?.href);
    expect((await call('GET', `${campaigns}/${campaign.id}`)).body.status).toBe('ACTIVE');

    const reviews = await reviewsOf(campaign.id);
    expect(reviews).toHaveLength(5); // Payroll Admins: alice, bob, carol; Payroll Viewers: bob, dave
    for (const review of reviews) {
      expect(review.id).toMatch(/^icr[A-Za-z0-9]{17}$/);
      expect(review).toMatchObject({
        campaignId: campaign.id,
        decision: 'UNREVIEWED',
        remediationStatus: 'NONE',
        currentReviewerLevel: 'FIRST',
        reviewerType: 'USER',
      });
    }
    const reviewer = (principal: string, resource: string | undefined) =>
      reviewOf(reviews, principal, resource).reviewerProfile?.id;
    expect(reviewer('alice', ids.admins)).toBe(ids.mia);
    expect(reviewer('bob', ids.admins)).toBe(ids.mia);
    expect(reviewer('bob', ids.viewers)).toBe(ids.mia);
    expect(reviewer('dave', ids.viewers)).toBe(ids.mia);
    expect(reviewer('carol', ids.admins)).toBe(ids.rita);

    const full = await call('GET', `/governance/api/v1/reviews/${reviewOf(reviews, 'carol').id}`);
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({
      id: reviewOf(reviews, 'carol').id,
      principalProfile: { id: ids.carol },
    });

    const again = await call('POST', `${campaigns}/${campaign.id}/launch`);
    expect(again.status).toBe(409);
    expect(again.body.errorCode).toBe('E0000195');
    expect(again.body.errorCauses).toEqual([
      { errorSummary: 'Campaign must be scheduled before it can be started' },
    ]);
    expect(await reviewsOf(campaign.id)).toHaveLength(5);
  });

  it('scopes principals: excludedUserIds, includeOnlyActiveUsers and userIds', async () => {
    const targets = {
      targetTypes: ['GROUP'],
      targetResources: [{ resourceId: ids.admins }, { resourceId: ids.viewers }],
    };
    const narrowed = await launched({
      resourceSettings: targets,
      principalScopeSettings: { type: 'USERS', excludedUserIds: [ids.carol], includeOnlyActiveUsers: true },
    });
    const principals = (reviews: Review[]) => reviews.map((review) => review.principalProfile.id).sort();
    expect(principals(await reviewsOf(narrowed.id))).toEqual([ids.alice, ids.bob, ids.bob].sort());

    const listed = await launched({
      resourceSettings: targets,
      principalScopeSettings: { type: 'USERS', userIds: [ids.bob] },
    });
    expect(principals(await reviewsOf(listed.id))).toEqual([ids.bob, ids.bob]);
  });

  it('takes decisions through the admin surface and filters reviews on them', async () => {
    const campaign = await launched();
    const reviews = await reviewsOf(campaign.id);
    const decided = await admin('POST', `/__emulator/reviews/${reviewOf(reviews, 'alice').id}/decision`, {
      decision: 'REVOKE',
      note: 'Left the payroll team',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ decision: 'REVOKE', note: { note: 'Left the payroll team' } });
    const bulk = await admin('POST', `/__emulator/campaigns/${campaign.id}/decisions`, {
      decision: 'APPROVE',
      principalIds: [ids.bob, ids.carol],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.decided).toBe(2);

    const full = await call('GET', `/governance/api/v1/reviews/${reviewOf(reviews, 'alice').id}`);
    expect(full.body.decision).toBe('REVOKE');
    expect(Date.parse(full.body.decided)).not.toBeNaN();
    const filter = encodeURIComponent(`campaignId eq "${campaign.id}" AND decision eq "REVOKE"`);
    const revoked = await call('GET', `/governance/api/v1/reviews?filter=${filter}`);
    expect(revoked.body.data.map((review: Review) => review.principalProfile.id)).toEqual([ids.alice]);
    const notEq = await call(
      'GET',
      `/governance/api/v1/reviews?filter=${encodeURIComponent('decision ne "APPROVE"')}`,
    );
    expect(notEq.status).toBe(400);
    expect(notEq.body.errorCode).toBe('E0000053');

    const badDecision = await admin('POST', `/__emulator/reviews/${reviewOf(reviews, 'bob').id}/decision`, {
      decision: 'MAYBE',
    });
    expect(badDecision.status).toBe(400);
    expect(
      (await admin('POST', '/__emulator/reviews/icrnosuchreview00000/decision', { decision: 'APPROVE' }))
        .status,
    ).toBe(404);
  });

  it('ends (202 + Location) as COMPLETED; DENY on revoke removes exactly the revoked memberships', async () => {
    const campaign = await launched();
    const reviews = await reviewsOf(campaign.id);
    await admin('POST', `/__emulator/reviews/${reviewOf(reviews, 'alice').id}/decision`, {
      decision: 'REVOKE',
    });
    await admin('POST', `/__emulator/reviews/${reviewOf(reviews, 'bob').id}/decision`, {
      decision: 'APPROVE',
    });
    // carol stays UNREVIEWED; noResponse is NO_ACTION.
    const end = await call('POST', `${campaigns}/${campaign.id}/end`);
    expect(end.status).toBe(202);
    expect(end.headers.get('location')).toBe(`${emulator.url}${campaigns}/${campaign.id}`);
    expect((await call('GET', `${campaigns}/${campaign.id}`)).body.status).toBe('COMPLETED');

    expect(await membersOf(ids.admins)).toEqual(['bob', 'carol']);
    const after = await reviewsOf(campaign.id);
    expect(reviewOf(after, 'alice').remediationStatus).toBe('SUCCESS');
    expect(reviewOf(after, 'bob').remediationStatus).toBe('NONE');
    expect(reviewOf(after, 'carol')).toMatchObject({ decision: 'UNREVIEWED', remediationStatus: 'NONE' });

    const again = await call('POST', `${campaigns}/${campaign.id}/end`);
    expect(again.status).toBe(409);
    expect(again.body.errorCode).toBe('E0000170');
    expect(again.body.errorSummary).toBe('An inactive campaign may not be ended.');
    const late = await admin('POST', `/__emulator/reviews/${reviewOf(after, 'carol').id}/decision`, {
      decision: 'REVOKE',
    });
    expect(late.status).toBe(409);
    expect(late.body.error).toContain('COMPLETED');
  });

  it('leaves revoked access alone with accessRevoked NO_ACTION, and removes unanswered access with noResponse DENY', async () => {
    const campaign = await launched({
      remediationSettings: { accessApproved: 'NO_ACTION', accessRevoked: 'NO_ACTION', noResponse: 'DENY' },
    });
    const reviews = await reviewsOf(campaign.id);
    await admin('POST', `/__emulator/reviews/${reviewOf(reviews, 'alice').id}/decision`, {
      decision: 'REVOKE',
    });
    await admin('POST', `/__emulator/reviews/${reviewOf(reviews, 'bob').id}/decision`, {
      decision: 'APPROVE',
    });
    expect((await call('POST', `${campaigns}/${campaign.id}/end`, {})).status).toBe(202);

    expect(await membersOf(ids.admins)).toEqual(['alice', 'bob']);
    const after = await reviewsOf(campaign.id);
    expect(reviewOf(after, 'alice').remediationStatus).toBe('NONE');
    expect(reviewOf(after, 'carol').remediationStatus).toBe('SUCCESS');
  });

  it('skips remediation when the end request says skipRemediation', async () => {
    const campaign = await launched({
      remediationSettings: { accessApproved: 'NO_ACTION', accessRevoked: 'DENY', noResponse: 'DENY' },
    });
    await admin('POST', `/__emulator/campaigns/${campaign.id}/decisions`, { decision: 'REVOKE' });
    expect((await call('POST', `${campaigns}/${campaign.id}/end`, { skipRemediation: true })).status).toBe(
      202,
    );
    expect(await membersOf(ids.admins)).toEqual(['alice', 'bob', 'carol']);
  });

  it('serves the SDK’s raw HTTP calls: create, launch by the launchCampaign link, conflicts as OktaApiError', async () => {
    const client = new okta.Client({ orgUrl: emulator.url, token: emulator.token, cacheMiddleware: null });
    // The SDK's request options extend node-fetch's RequestInit, whose types the SDK does not ship.
    type Options = Parameters<typeof client.http.postJson>[1];
    const body = await campaignBody({ name: 'Created by the SDK' });
    const created = (await client.http.postJson(`${emulator.url}${campaigns}`, {
      body,
    } as Options)) as unknown as Body;
    expect(created.status).toBe('SCHEDULED');
    const launchUrl = created._links.launchCampaign?.href ?? '';
    const launch = await client.http.http(launchUrl, { method: 'POST' } as Options);
    expect(launch.status).toBe(202);
    const fetched = (await client.http.getJson(`${emulator.url}${campaigns}/${created.id}`)) as Body;
    expect(fetched.status).toBe('ACTIVE');
    const again = await client.http
      .http(launchUrl, { method: 'POST' } as Options)
      .catch((error: unknown) => error);
    expect(again).toMatchObject({ name: 'OktaApiError', status: 409, errorCode: 'E0000195' });
  });

  it('has no update operation: PUT and PATCH on a campaign answer 405', async () => {
    const campaign = await create();
    for (const method of ['PUT', 'PATCH']) {
      const reply = await call(
        method,
        `${campaigns}/${campaign.id}`,
        await campaignBody({ name: 'Renamed' }),
      );
      expect(reply.status, method).toBe(405);
      expect(reply.body.errorCode).toBe('E0000022');
    }
    expect((await call('GET', `${campaigns}/${campaign.id}`)).body.name).toBe('Payroll access review');
  });

  it('launches a scheduled campaign when the admin clock passes its start date, and ends it at its end date', async () => {
    const campaign = await create({}, 3600_000);
    expect((await admin('POST', '/__emulator/clock', { advanceSeconds: 1800 })).status).toBe(200);
    expect(emulator.store.state.campaigns.get(campaign.id)?.status).toBe('SCHEDULED');
    await admin('POST', '/__emulator/clock', { advanceSeconds: 3600 });
    // The clock advance alone launches it, before any API request arrives.
    expect(emulator.store.state.campaigns.get(campaign.id)?.status).toBe('ACTIVE');
    expect(await reviewsOf(campaign.id)).toHaveLength(3);

    await admin('POST', '/__emulator/clock', { advanceSeconds: 30 * 86_400 });
    expect((await call('GET', `${campaigns}/${campaign.id}`)).body.status).toBe('COMPLETED');
  });

  it('launches each occurrence of a RECURRING campaign as a campaign of its own', async () => {
    const start = (await now()) + 3600_000;
    const definition = await create({
      name: 'Quarterly payroll review',
      scheduleSettings: {
        type: 'RECURRING',
        startDate: new Date(start).toISOString(),
        durationInDays: 7,
        timeZone: 'America/Denver',
        recurrence: { interval: 'P3M' },
      },
    });
    await admin('POST', '/__emulator/clock', { advanceSeconds: 7200 });
    const filter = encodeURIComponent(`recurringCampaignId eq "${definition.id}"`);
    const occurrences = (await call('GET', `${campaigns}?filter=${filter}`)).body.data;
    expect(occurrences).toHaveLength(1);
    const [occurrence] = occurrences;
    expect(occurrence).toMatchObject({ status: 'ACTIVE', recurringCampaignId: definition.id });
    expect(Date.parse(occurrence?.startDate ?? '')).toBe(start);
    expect(await reviewsOf(occurrence?.id ?? '')).toHaveLength(3);
    expect((await call('GET', `${campaigns}/${definition.id}`)).body.status).toBe('SCHEDULED');
  });
});
