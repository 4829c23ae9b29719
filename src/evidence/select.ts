import { UserError } from '../model/errors.js';
import { carriesMarker } from '../model/ownership.js';
import type { GovernanceJson, OktaCampaignSummary, OktaReview } from '../okta/port.js';
import type { LaunchSource } from './model.js';

/** Choosing what a pack is about, from what Okta answered: which campaign, when it launched, which groups. */

const launched = new Set(['ACTIVE', 'COMPLETED']);

/**
 * The launched campaign (ACTIVE or COMPLETED) named `name` that carries the ownership marker; `id` picks one when
 * several are (the occurrences of a recurring campaign). Anything else is a UserError that says what Okta has.
 */
export function selectCampaign(
  summaries: readonly OktaCampaignSummary[],
  name: string,
  marker: string,
  id: string | undefined,
): OktaCampaignSummary {
  const named = summaries.filter((campaign) => campaign.name === name);
  const managed = named.filter((campaign) => carriesMarker(campaign.description, marker));
  if (id !== undefined) {
    const chosen = managed.find((campaign) => campaign.id === id);
    if (chosen === undefined) {
      throw new UserError('EVIDENCE_CAMPAIGN_ID', `Okta has no campaign "${name}" with id ${id}`, {
        hint: idsHint(managed),
      });
    }
    return requireLaunched(chosen);
  }
  if (managed.length === 0) {
    throw new UserError(
      'EVIDENCE_CAMPAIGN_NOT_IN_OKTA',
      named.length === 0
        ? `Okta has no campaign named "${name}"`
        : `Okta's campaign "${name}" does not carry the ownership marker ${marker}: okta-access did not create it`,
      { hint: 'a campaign has evidence once `okta-access apply` has created and launched it' },
    );
  }
  const running = managed.filter((campaign) => launched.has(campaign.status));
  const [only, ...others] = running;
  if (only === undefined) {
    const statuses = [...new Set(managed.map((campaign) => campaign.status))].sort().join(', ');
    throw new UserError(
      'EVIDENCE_CAMPAIGN_NOT_LAUNCHED',
      `campaign "${name}" is ${statuses} in Okta: it has not launched, so there is no population or decision yet`,
      { hint: 'launch it (launch: on-apply, or wait for its start date), then make the pack' },
    );
  }
  if (others.length > 0) {
    throw new UserError(
      'EVIDENCE_CAMPAIGN_AMBIGUOUS',
      `${running.length} launched campaigns in Okta are named "${name}" (occurrences of a recurring campaign)`,
      { hint: `choose one with --campaign-id: ${idsHint(running)}` },
    );
  }
  return only;
}

function idsHint(campaigns: readonly OktaCampaignSummary[]): string {
  if (campaigns.length === 0) return 'okta-access created no campaign of that name';
  return campaigns
    .map((campaign) => `${campaign.id} (${campaign.status})`)
    .sort()
    .join(', ');
}

function requireLaunched(campaign: OktaCampaignSummary): OktaCampaignSummary {
  if (launched.has(campaign.status)) return campaign;
  throw new UserError(
    'EVIDENCE_CAMPAIGN_NOT_LAUNCHED',
    `campaign ${campaign.id} is ${campaign.status} in Okta: it has not launched, so there is no population or decision yet`,
  );
}

type JsonObject = { readonly [key: string]: GovernanceJson };

function instantOf(value: GovernanceJson | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function objectAt(value: GovernanceJson | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/**
 * When the campaign launched: Okta's `launchedDate` when campaign-full has one; else the earliest time a review was
 * generated (reviews are made at launch, also when a campaign is launched before its start date); else its start.
 */
export function launchOf(
  full: JsonObject,
  reviews: readonly OktaReview[],
): { instant: string; from: LaunchSource } | undefined {
  const launchedDate = instantOf(full.launchedDate);
  if (launchedDate !== undefined) return { instant: iso(launchedDate), from: 'campaign.launchedDate' };
  let earliest: number | undefined;
  for (const review of reviews) {
    const created = instantOf(review.created);
    if (created !== undefined && (earliest === undefined || created < earliest)) earliest = created;
  }
  if (earliest !== undefined) return { instant: iso(earliest), from: 'reviews.created' };
  const start = instantOf(objectAt(full.scheduleSettings).startDate);
  if (start !== undefined) return { instant: iso(start), from: 'campaign.scheduleSettings.startDate' };
  return undefined;
}

/** UTC, to the second (as Okta and Git keep time): a commit of the same second counts as at or before. */
function iso(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * The targets of campaign-full: group ids (resourceType GROUP, or no type with the `00g` prefix of a group id) and
 * the ids of any other target (an app), which access-after cannot list.
 */
export function targetsOf(full: JsonObject): { groups: string[]; others: string[] } {
  const resources = objectAt(full.resourceSettings).targetResources;
  const groups = new Set<string>();
  const others = new Set<string>();
  for (const item of Array.isArray(resources) ? resources : []) {
    const target = objectAt(item);
    const id = target.resourceId;
    if (typeof id !== 'string' || id === '') continue;
    const type = target.resourceType;
    const isGroup = type === 'GROUP' || (type === undefined && id.startsWith('00g'));
    (isGroup ? groups : others).add(id);
  }
  return { groups: [...groups].sort(), others: [...others].sort() };
}
