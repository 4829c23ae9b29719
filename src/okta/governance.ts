import { isNotFound } from './errors.js';
import type { GovernanceJson, OktaCampaignSummary, OktaPort, OktaReview } from './port.js';
import type { PortContext } from './port-context.js';
import { quote } from './queries.js';
import type { SdkClient } from './sdk-client.js';

type GovernanceOperations = Pick<
  OktaPort,
  | 'listCampaigns'
  | 'getCampaign'
  | 'createCampaign'
  | 'deleteCampaign'
  | 'launchCampaign'
  | 'endCampaign'
  | 'reviewProgress'
  | 'listReviews'
>;

type JsonObject = { [key: string]: GovernanceJson };

/** The largest page Okta's governance lists serve (1–200). */
const governancePageSize = 200;

const campaignsPath = '/governance/api/v1/campaigns';
const reviewsPath = '/governance/api/v1/reviews';

/** Templated endpoints, as the executor counts them: errors name these, never a raw id. */
const endpoints = {
  listCampaigns: `GET ${campaignsPath}`,
  getCampaign: `GET ${campaignsPath}/{id}`,
  createCampaign: `POST ${campaignsPath}`,
  deleteCampaign: `DELETE ${campaignsPath}/{id}`,
  launchCampaign: `POST ${campaignsPath}/{id}/launch`,
  endCampaign: `POST ${campaignsPath}/{id}/end`,
  listReviews: `GET ${reviewsPath}`,
  getReview: `GET ${reviewsPath}/{id}`,
} as const;

/**
 * The SDK's request options extend node-fetch's `RequestInit`, whose types are not installed, so TypeScript sees only
 * `url`, `startTime` and `agent` on them; these are the node-fetch fields sent.
 */
type SdkRequestOptions = NonNullable<Parameters<SdkClient['http']['getJson']>[1]>;

export interface RawRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** The part of node-fetch's Response read here. */
interface RawResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** Raw governance requests through the SDK's HTTP client (its auth, executor, limiter and request counting). */
export interface GovernanceRequests {
  json(url: string, request: RawRequest, what: string): Promise<{ body: unknown; link: string }>;
  /** A request whose answer has no body worth reading (202, 204): read anyway, so the socket is reused. */
  noContent(url: string, request: RawRequest): Promise<void>;
  /** Every item of a governance list, following `_links.next` (or the Link header) from `firstUrl`. */
  listAll(firstUrl: string, what: string): Promise<unknown[]>;
}

export function governanceRequests(client: PortContext['client'], orgUrl: string): GovernanceRequests {
  async function send(url: string, request: RawRequest): Promise<RawResponse> {
    // A fresh object per call: the SDK writes `url`, `method` and the merged headers into it.
    const options = { ...request, headers: { ...request.headers } } as SdkRequestOptions;
    return (await client.http.http(url, options)) as RawResponse;
  }

  async function json(
    url: string,
    request: RawRequest,
    what: string,
  ): Promise<{ body: unknown; link: string }> {
    const response = await send(url, request);
    const text = await response.text();
    return { body: parseJson(text, what), link: response.headers.get('link') ?? '' };
  }

  async function noContent(url: string, request: RawRequest): Promise<void> {
    const response = await send(url, request);
    await response.text();
  }

  async function listAll(firstUrl: string, what: string): Promise<unknown[]> {
    const items: unknown[] = [];
    const seen = new Set<string>();
    let url: string | undefined = firstUrl;
    while (url !== undefined) {
      if (seen.has(url)) throw new Error(`Okta's ${what} list links back to a page already read`);
      seen.add(url);
      const { body, link } = await json(url, { method: 'GET', headers: acceptJson }, what);
      const data = isObject(body) ? body.data : undefined;
      if (!Array.isArray(data)) throw new Error(`Okta answered the ${what} list without a data array`);
      items.push(...data);
      url = nextPageUrl(body, link, orgUrl);
    }
    return items;
  }

  return { json, noContent, listAll };
}

/**
 * Okta Identity Governance (campaigns, reviews), which the SDK does not cover: raw calls through `client.http.http`,
 * so they carry the client's auth (SSWS or OAuth) and pass the same executor, limiter and request counting as every
 * other call. `http` answers non-2xx by throwing the SDK's OktaApiError / HttpError, which `call` maps to
 * OktaRequestError. The POSTs (create, launch, end) are retried by the executor only after a 429, never after a 5xx
 * or a broken connection (decision record 0003): apply re-reads and converges instead.
 */
export function governanceOperations({ client, call }: PortContext, orgUrl: string): GovernanceOperations {
  const { json, noContent, listAll } = governanceRequests(client, orgUrl);

  const campaignUrl = (campaignId: string, suffix = '') =>
    `${orgUrl}${campaignsPath}/${encodeURIComponent(requireId(campaignId))}${suffix}`;

  /** Every review of a campaign, as Okta lists them (review-sparse). */
  function listCampaignReviews(campaignId: string): Promise<unknown[]> {
    const filter = encodeURIComponent(`campaignId eq ${quote(requireId(campaignId))}`);
    return listAll(`${orgUrl}${reviewsPath}?filter=${filter}&limit=${governancePageSize}`, 'review');
  }

  /** One review in full (review-full: with its note). */
  function getReview(reviewId: string): Promise<unknown> {
    return call(endpoints.getReview, async () => {
      const { body } = await json(
        `${orgUrl}${reviewsPath}/${encodeURIComponent(reviewId)}`,
        { method: 'GET', headers: acceptJson },
        'review',
      );
      if (!isObject(body)) throw new Error('Okta answered a review read without a JSON object');
      return body;
    });
  }

  /** The note of a review the list gave without one: read in full when it is decided (notes justify decisions). */
  async function withNote(item: unknown): Promise<OktaReview> {
    const review = toReview(item);
    if (isObject(item) && 'note' in item) return review;
    if (review.decision === 'UNREVIEWED') return review;
    const full = await getReview(review.id);
    return { ...review, note: isObject(full) ? noteText(full.note) : null };
  }

  return {
    listCampaigns: () =>
      call(endpoints.listCampaigns, async () => {
        const items = await listAll(`${orgUrl}${campaignsPath}?limit=${governancePageSize}`, 'campaign');
        return items.map(toCampaignSummary);
      }),

    async getCampaign(campaignId) {
      try {
        return await call(endpoints.getCampaign, async () => {
          const { body } = await json(
            campaignUrl(campaignId),
            { method: 'GET', headers: acceptJson },
            'campaign',
          );
          if (!isObject(body)) throw new Error('Okta answered a campaign read without a JSON object');
          return body;
        });
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    createCampaign: (campaign) =>
      call(endpoints.createCampaign, async () => {
        const { body } = await json(
          `${orgUrl}${campaignsPath}`,
          {
            method: 'POST',
            headers: { ...acceptJson, 'Content-Type': 'application/json' },
            // A string, so the executor may resend it after a 429 (Okta did not process that attempt).
            body: JSON.stringify(campaign),
          },
          'campaign',
        );
        const id = isObject(body) ? body.id : undefined;
        const status = isObject(body) ? body.status : undefined;
        if (typeof id !== 'string' || id === '' || typeof status !== 'string') {
          throw new Error('Okta created a campaign but answered without its id and status');
        }
        return { id, status };
      }),

    deleteCampaign: (campaignId) =>
      call(endpoints.deleteCampaign, () =>
        noContent(campaignUrl(campaignId), { method: 'DELETE', headers: acceptJson }),
      ),

    launchCampaign: (campaignId) =>
      call(endpoints.launchCampaign, () =>
        noContent(campaignUrl(campaignId, '/launch'), { method: 'POST', headers: acceptJson }),
      ),

    // No body: Okta's defaults (remediation runs as the campaign's settings say).
    endCampaign: (campaignId) =>
      call(endpoints.endCampaign, () =>
        noContent(campaignUrl(campaignId, '/end'), { method: 'POST', headers: acceptJson }),
      ),

    reviewProgress: (campaignId) =>
      call(endpoints.listReviews, async () => {
        const reviews = await listCampaignReviews(campaignId);
        const decided = reviews.filter((review) => {
          const decision = isObject(review) ? review.decision : undefined;
          return typeof decision === 'string' && decision !== 'UNREVIEWED';
        }).length;
        return { total: reviews.length, decided };
      }),

    async listReviews(campaignId) {
      const items = await call(endpoints.listReviews, () => listCampaignReviews(campaignId));
      // In parallel: the executor bounds the requests in flight and keeps to the rate limits.
      const reviews = await Promise.all(items.map(withNote));
      return reviews.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
  };
}

export const acceptJson: Record<string, string> = { Accept: 'application/json' };

/**
 * The next page's URL: `_links.next.href` from the envelope, else the Link header's `rel="next"`; undefined on the
 * last page. A link to another origin is rebased onto the org URL's (path and query kept), so that the credentials
 * the client sends never leave the configured org.
 */
export function nextPageUrl(body: unknown, linkHeader: string, orgUrl: string): string | undefined {
  const links = isObject(body) ? body._links : undefined;
  const next = isObject(links) ? links.next : undefined;
  const href = isObject(next) && typeof next.href === 'string' ? next.href : nextFromLinkHeader(linkHeader);
  if (href === undefined || href === '') return undefined;
  const org = new URL(orgUrl);
  const target = new URL(href, org);
  if (target.origin === org.origin) return target.href;
  return new URL(`${target.pathname}${target.search}`, org.origin).href;
}

function nextFromLinkHeader(header: string): string | undefined {
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match === null) continue;
    const rel = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(match[2] ?? '')?.[1] ?? '';
    if (rel.split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}

function toCampaignSummary(item: unknown): OktaCampaignSummary {
  if (!isObject(item) || typeof item.id !== 'string' || item.id === '') {
    throw new Error('Okta returned a campaign without an id');
  }
  return {
    id: item.id,
    name: typeof item.name === 'string' ? item.name : '',
    status: typeof item.status === 'string' ? item.status : '',
    description: typeof item.description === 'string' ? item.description : null,
  };
}

/** A review (review-sparse or review-full) as a plain record; its note as the item carries it (null if none). */
export function toReview(item: unknown): OktaReview {
  if (!isObject(item) || typeof item.id !== 'string' || item.id === '') {
    throw new Error('Okta returned a review without an id');
  }
  const principal = isObject(item.principalProfile) ? item.principalProfile : {};
  const reviewer = isObject(item.reviewerProfile) ? item.reviewerProfile : undefined;
  return {
    id: item.id,
    campaignId: stringOrNull(item.campaignId) ?? '',
    principalId: stringOrNull(principal.id) ?? '',
    principalEmail: stringOrNull(principal.email),
    principalName: fullName(principal),
    resourceId: stringOrNull(item.resourceId) ?? '',
    decision: stringOrNull(item.decision) ?? 'UNREVIEWED',
    decided: stringOrNull(item.decided),
    note: noteText(item.note),
    reviewerId: reviewer === undefined ? null : stringOrNull(reviewer.id),
    reviewerEmail: reviewer === undefined ? null : stringOrNull(reviewer.email),
    remediationStatus: stringOrNull(item.remediationStatus) ?? 'NONE',
    currentReviewerLevel: stringOrNull(item.currentReviewerLevel),
    created: stringOrNull(item.created),
  };
}

/** review-full's `note` is an object `{id, note}`; a bare string is accepted too. */
function noteText(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (isObject(value) && typeof value.note === 'string' && value.note !== '') return value.note;
  return null;
}

function fullName(profile: JsonObject): string | null {
  const name = [stringOrNull(profile.firstName), stringOrNull(profile.lastName)]
    .filter((part): part is string => part !== null && part !== '')
    .join(' ');
  return name === '' ? null : name;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function parseJson(text: string, what: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`Okta answered a ${what} request with a body that is not JSON`);
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireId(campaignId: string): string {
  if (campaignId.trim() === '') throw new RangeError('a campaign id is required');
  return campaignId;
}
