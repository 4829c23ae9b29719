import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { OktaRequestError } from '../../src/okta/errors.js';
import { nextPageUrl } from '../../src/okta/governance.js';
import { type Harness, withHarness } from './harness.js';

const dayMs = 86_400_000;
const campaigns = '/governance/api/v1/campaigns';
const fast = { retryTiming: { baseMs: 10, maxMs: 50, concurrencyMs: 5 } };

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

/** A create body like the governance spec's CampaignWithReviewerScopeExpression, starting a day from now. */
function campaignBody(h: Harness, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Payroll access review',
    description: 'Managers review payroll access',
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
    ...overrides,
  };
}

/** Reviewers decide in Okta's end-user app; the emulator's admin surface stands in for them. */
async function decide(h: Harness, campaignId: string, principalIds: readonly string[]): Promise<number> {
  const response = await fetch(`${h.emulator.url}/__emulator/campaigns/${campaignId}/decisions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ decision: 'APPROVE', principalIds }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { decided: number }).decided;
}

async function failure(run: () => Promise<unknown>): Promise<OktaRequestError> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OktaRequestError);
  return error as OktaRequestError;
}

/** The governance operations of the port, over raw SDK calls, against the emulator through a recording proxy. */
describe.concurrent('governance through the Okta port', () => {
  it('creates, lists, gets, launches, follows the reviews of, ends and deletes campaigns', async () => {
    await withHarness({ seed }, {}, async (h) => {
      const payroll = await h.port.createCampaign(campaignBody(h));
      expect(payroll.status).toBe('SCHEDULED');
      expect(payroll.id).toMatch(/^ici[A-Za-z0-9]{17}$/);
      const spare = await h.port.createCampaign(
        campaignBody(h, { name: 'Spare review', description: undefined }),
      );

      expect(await h.port.listCampaigns()).toEqual([
        {
          id: payroll.id,
          name: 'Payroll access review',
          status: 'SCHEDULED',
          description: 'Managers review payroll access',
        },
        { id: spare.id, name: 'Spare review', status: 'SCHEDULED', description: null },
      ]);
      const full = await h.port.getCampaign(payroll.id);
      expect(full).toMatchObject({
        id: payroll.id,
        name: 'Payroll access review',
        status: 'SCHEDULED',
        reviewerSettings: { type: 'REVIEWER_EXPRESSION', fallBackReviewerId: h.userId('rita@example.com') },
        remediationSettings: { accessRevoked: 'DENY' },
        _links: { launchCampaign: { href: `${h.proxy.url}${campaigns}/${payroll.id}/launch` } },
      });
      expect(await h.port.reviewProgress(payroll.id)).toEqual({ total: 0, decided: 0 });

      await h.port.launchCampaign(payroll.id);
      expect((await h.port.getCampaign(payroll.id))?.status).toBe('ACTIVE');
      expect(await h.port.reviewProgress(payroll.id)).toEqual({ total: 3, decided: 0 });
      expect(
        await decide(h, payroll.id, [h.userId('alice@example.com'), h.userId('carol@example.com')]),
      ).toBe(2);
      expect(await h.port.reviewProgress(payroll.id)).toEqual({ total: 3, decided: 2 });

      await h.port.endCampaign(payroll.id);
      expect((await h.port.getCampaign(payroll.id))?.status).toBe('COMPLETED');
      await h.port.deleteCampaign(spare.id);
      expect(await h.port.getCampaign(spare.id)).toBeUndefined();
      expect((await h.port.listCampaigns()).map((campaign) => [campaign.id, campaign.status])).toEqual([
        [payroll.id, 'COMPLETED'],
      ]);

      // Counted per templated endpoint, ids never in the key.
      expect(h.port.stats()).toMatchObject({ requests: 14, retries: 0, rateLimited: 0 });
      expect(h.port.stats().byEndpoint).toEqual({
        [`POST ${campaigns}`]: 2,
        [`GET ${campaigns}`]: 2,
        [`GET ${campaigns}/{id}`]: 4,
        [`POST ${campaigns}/{id}/launch`]: 1,
        [`POST ${campaigns}/{id}/end`]: 1,
        [`DELETE ${campaigns}/{id}`]: 1,
        'GET /governance/api/v1/reviews': 3,
      });
    });
  });

  it('sends what Okta expects: SSWS auth, a JSON create body, bodiless launch and end, an encoded review filter', async () => {
    await withHarness({ seed }, {}, async (h) => {
      const body = campaignBody(h);
      const { id } = await h.port.createCampaign(body);
      await h.port.launchCampaign(id);
      await h.port.reviewProgress(id);
      await h.port.endCampaign(id);
      const [create, launch, reviews, end] = h.proxy.exchanges;
      expect(create).toMatchObject({ method: 'POST', path: campaigns, status: 201 });
      expect(create?.requestHeaders.authorization).toBe(`SSWS ${h.emulator.token}`);
      expect(create?.requestHeaders['content-type']).toBe('application/json');
      expect(JSON.parse(create?.requestBody ?? '')).toEqual(body);
      expect(launch).toMatchObject({ method: 'POST', path: `${campaigns}/${id}/launch`, status: 202 });
      expect(launch?.requestBody).toBe('');
      expect(reviews).toMatchObject({
        method: 'GET',
        path: `/governance/api/v1/reviews?filter=campaignId%20eq%20%22${id}%22&limit=200`,
        status: 200,
      });
      expect(end).toMatchObject({
        method: 'POST',
        path: `${campaigns}/${id}/end`,
        status: 202,
        requestBody: '',
      });
      expect(
        h.proxy.exchanges.every((exchange) => exchange.requestHeaders.accept === 'application/json'),
      ).toBe(true);
    });
  });

  it('pages through 230 campaigns: two pages of up to 200, following the next link', async () => {
    await withHarness({ seed }, {}, async (h) => {
      const created = await Promise.all(
        Array.from({ length: 230 }, (_, n) =>
          h.port.createCampaign(campaignBody(h, { name: `Review ${n}` })),
        ),
      );
      const listed = await h.port.listCampaigns();
      expect(listed).toHaveLength(230);
      expect(new Set(listed.map((campaign) => campaign.id))).toEqual(new Set(created.map((item) => item.id)));
      expect(h.port.stats().byEndpoint[`GET ${campaigns}`]).toBe(2);
      const pages = h.proxy.exchanges.filter((exchange) => exchange.method === 'GET');
      expect(pages).toHaveLength(2);
      expect(pages[0]?.path).toBe(`${campaigns}?limit=200`);
      expect(pages[1]?.path).toMatch(/^\/governance\/api\/v1\/campaigns\?(?=.*\bafter=)(?=.*\blimit=200\b)/);
    });
  });

  it('counts the progress of 250 reviews across two pages', async () => {
    const people = Array.from({ length: 250 }, (_, n) => `person${n}@example.com`);
    const bigSeed: SeedDocument = {
      users: [
        ...(seed.users ?? []),
        ...people.map((email, n) => ({
          email,
          firstName: `Person${n}`,
          lastName: 'Example',
          manager: 'mia@example.com',
        })),
      ],
      groups: [{ name: 'Payroll Admins', members: people }],
    };
    await withHarness({ seed: bigSeed }, {}, async (h) => {
      const { id } = await h.port.createCampaign(campaignBody(h));
      await h.port.launchCampaign(id);
      expect(await h.port.reviewProgress(id)).toEqual({ total: 250, decided: 0 });
      const approved = people.slice(0, 120).map((email) => h.userId(email));
      expect(await decide(h, id, approved)).toBe(120);
      expect(await h.port.reviewProgress(id)).toEqual({ total: 250, decided: 120 });
      expect(h.port.stats().byEndpoint['GET /governance/api/v1/reviews']).toBe(4);
    });
  });

  it('surfaces a conflict as OktaRequestError: launching twice and deleting an ACTIVE campaign (409 E0000195)', async () => {
    await withHarness({ seed }, {}, async (h) => {
      const { id } = await h.port.createCampaign(campaignBody(h));
      await h.port.launchCampaign(id);

      const again = await failure(() => h.port.launchCampaign(id));
      expect(again).toMatchObject({
        status: 409,
        errorCode: 'E0000195',
        summary: 'Api validation failed due to conflict: Campaign',
        causes: ['Campaign must be scheduled before it can be started'],
        endpoint: `POST ${campaigns}/{id}/launch`,
        code: 'OKTA_REQUEST_FAILED',
      });
      expect(again.message).toBe(
        `Okta answered 409 E0000195 to POST ${campaigns}/{id}/launch: Api validation failed due to conflict: Campaign; Campaign must be scheduled before it can be started`,
      );

      const refused = await failure(() => h.port.deleteCampaign(id));
      expect(refused).toMatchObject({
        status: 409,
        errorCode: 'E0000195',
        endpoint: `DELETE ${campaigns}/{id}`,
      });
      expect((await h.port.getCampaign(id))?.status).toBe('ACTIVE');

      await h.port.endCampaign(id);
      const ended = await failure(() => h.port.endCampaign(id));
      expect(ended).toMatchObject({
        status: 409,
        errorCode: 'E0000170',
        endpoint: `POST ${campaigns}/{id}/end`,
      });
      // A 409 is an answer, not a failure to repeat.
      expect(h.port.stats().retries).toBe(0);
    });
  });

  it('answers undefined for a campaign that is not there; every other operation surfaces the 404', async () => {
    await withHarness({ seed }, {}, async (h) => {
      const missing = 'ici00000000000000000';
      expect(await h.port.getCampaign(missing)).toBeUndefined();
      for (const run of [
        () => h.port.launchCampaign(missing),
        () => h.port.endCampaign(missing),
        () => h.port.deleteCampaign(missing),
      ]) {
        expect(await failure(run)).toMatchObject({ status: 404, errorCode: 'E0000007' });
      }
      expect(await h.port.reviewProgress(missing)).toEqual({ total: 0, decided: 0 });
      expect(h.port.stats().byEndpoint).toEqual({
        [`GET ${campaigns}/{id}`]: 1,
        [`POST ${campaigns}/{id}/launch`]: 1,
        [`POST ${campaigns}/{id}/end`]: 1,
        [`DELETE ${campaigns}/{id}`]: 1,
        'GET /governance/api/v1/reviews': 1,
      });
    });
  });

  it('refuses an empty campaign id before sending anything', async () => {
    await withHarness({ seed }, {}, async (h) => {
      await expect(h.port.getCampaign('')).rejects.toThrow(RangeError);
      await expect(h.port.launchCampaign(' ')).rejects.toThrow(RangeError);
      await expect(h.port.reviewProgress('')).rejects.toThrow(RangeError);
      expect(h.port.stats().requests).toBe(0);
    });
  });

  it('surfaces a refused create (400 E0000001) with the causes Okta gave', async () => {
    await withHarness({ seed }, {}, async (h) => {
      const body = campaignBody(h);
      delete body.name;
      const error = await failure(() => h.port.createCampaign(body));
      expect(error).toMatchObject({ status: 400, errorCode: 'E0000001', endpoint: `POST ${campaigns}` });
      expect(error.summary).toContain('Campaign Name is required');
    });
  });
});

describe('governance with a service app’s private key', () => {
  it('sends the Bearer token to the raw calls, and a missing manage scope answers 403', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const clientId = '0oagovernanceapp0001';
    const client = {
      clientId,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      scopes: ['okta.governance.accessCertifications.read'],
    };
    const auth = {
      clientId,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      scopes: ['okta.governance.accessCertifications.read'],
    };
    await withHarness({ seed, clients: [client] }, { auth }, async (h) => {
      expect(await h.port.listCampaigns()).toEqual([]);
      const denied = await failure(() => h.port.createCampaign(campaignBody(h)));
      expect(denied).toMatchObject({ status: 403, endpoint: `POST ${campaigns}` });
      expect(h.port.stats().byEndpoint).toEqual({
        'POST /oauth2/v1/token': 1,
        [`GET ${campaigns}`]: 1,
        [`POST ${campaigns}`]: 1,
      });
      const list = h.proxy.exchanges.find((exchange) => exchange.path.startsWith(campaigns));
      expect(list?.requestHeaders.authorization).toMatch(/^Bearer /);
    });
  });
});

/** The executor's rules (decision record 0003) hold for the raw governance calls. */
describe.concurrent('governance retries', () => {
  it('does not retry a campaign create answered 503: it may have been applied', async () => {
    await withHarness({ seed, faults: '503@1' }, fast, async (h) => {
      const error = await failure(() => h.port.createCampaign(campaignBody(h)));
      expect(error).toMatchObject({ status: 503, endpoint: `POST ${campaigns}` });
      expect(h.port.stats()).toMatchObject({ requests: 1, retries: 0 });
    });
  });

  it('does not retry a campaign create whose connection was reset', async () => {
    await withHarness({ seed, faults: 'reset@1' }, fast, async (h) => {
      const error = await failure(() => h.port.createCampaign(campaignBody(h)));
      expect(error).toMatchObject({ status: 0, networkCode: 'ECONNRESET', endpoint: `POST ${campaigns}` });
      expect(h.port.stats()).toMatchObject({ requests: 1, retries: 0 });
      expect(h.emulator.counts().byEndpoint[`POST ${campaigns}`]).toBe(1);
    });
  });

  it('does not retry a launch answered 502', async () => {
    await withHarness({ seed, faults: '502@2' }, fast, async (h) => {
      const { id } = await h.port.createCampaign(campaignBody(h));
      const error = await failure(() => h.port.launchCampaign(id));
      expect(error).toMatchObject({ status: 502, endpoint: `POST ${campaigns}/{id}/launch` });
      expect(h.port.stats().byEndpoint[`POST ${campaigns}/{id}/launch`]).toBe(1);
      expect((await h.port.getCampaign(id))?.status).toBe('SCHEDULED');
    });
  });

  it('retries a create refused with 429: Okta did not process it, and one campaign results', async () => {
    await withHarness({ seed, faults: '429@1' }, fast, async (h) => {
      expect(await h.port.createCampaign(campaignBody(h))).toMatchObject({ status: 'SCHEDULED' });
      expect(h.port.stats()).toMatchObject({ requests: 2, retries: 1, rateLimited: 1 });
      expect(h.emulator.store.state.campaigns.size).toBe(1);
    });
  });

  it('retries reads and deletes answered 503, list pages included', async () => {
    await withHarness({ seed, faults: '503@2,503@4,503@6,503@8' }, fast, async (h) => {
      const { id } = await h.port.createCampaign(campaignBody(h)); // 1
      expect((await h.port.getCampaign(id))?.status).toBe('SCHEDULED'); // 2 (503), 3
      expect(await h.port.listCampaigns()).toHaveLength(1); // 4 (503), 5
      expect(await h.port.reviewProgress(id)).toEqual({ total: 0, decided: 0 }); // 6 (503), 7
      await h.port.deleteCampaign(id); // 8 (503), 9
      expect(h.emulator.store.state.campaigns.size).toBe(0);
      expect(h.port.stats()).toMatchObject({ requests: 9, retries: 4 });
      expect(h.events.map((event) => event.reason)).toEqual(Array(4).fill('server-error'));
    });
  });
});

describe('nextPageUrl', () => {
  const org = 'https://example.okta.com';

  it('prefers the envelope’s _links.next, then the Link header, and ends without either', () => {
    const body = { data: [], _links: { next: { href: `${org}${campaigns}?after=a&limit=200` } } };
    const link = `<${org}${campaigns}?limit=200>; rel="self", <${org}${campaigns}?after=b&limit=200>; rel="next"`;
    expect(nextPageUrl(body, link, org)).toBe(`${org}${campaigns}?after=a&limit=200`);
    expect(nextPageUrl({ data: [] }, link, org)).toBe(`${org}${campaigns}?after=b&limit=200`);
    expect(nextPageUrl({ data: [], _links: { self: { href: org } } }, `<${org}/x>; rel="self"`, org)).toBe(
      undefined,
    );
    expect(nextPageUrl(undefined, '', org)).toBeUndefined();
  });

  it('keeps the credentials on the org: a link to another origin is rebased onto the org URL', () => {
    const body = { _links: { next: { href: `https://elsewhere.example${campaigns}?after=c` } } };
    expect(nextPageUrl(body, '', org)).toBe(`${org}${campaigns}?after=c`);
    expect(nextPageUrl({ _links: { next: { href: `${campaigns}?after=d` } } }, '', org)).toBe(
      `${org}${campaigns}?after=d`,
    );
  });
});
