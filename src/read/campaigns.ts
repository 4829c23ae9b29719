import { normalizeActual } from '../campaigns/body.js';
import type { ActualCampaign, CampaignStatus, Json } from '../model/campaign.js';
import { carriesMarker } from '../model/ownership.js';
import type { OktaPort } from '../okta/port.js';

/**
 * The campaigns the plan is about: those with a name a campaign file uses, and those carrying the ownership marker.
 * One list, then each relevant campaign in full, and review progress for active and completed ones.
 */
export async function readCampaigns(
  port: OktaPort,
  names: ReadonlySet<string>,
  marker: string,
): Promise<ActualCampaign[]> {
  const summaries = await port.listCampaigns();
  const relevant = summaries.filter(
    (campaign) => names.has(campaign.name) || carriesMarker(campaign.description, marker),
  );
  const result: ActualCampaign[] = [];
  for (const summary of relevant) {
    const full = await port.getCampaign(summary.id);
    if (full === undefined) continue;
    const status = summary.status as CampaignStatus;
    const reviews =
      status === 'ACTIVE' || status === 'COMPLETED' ? await port.reviewProgress(summary.id) : undefined;
    result.push({
      id: summary.id,
      name: summary.name,
      status,
      managed: carriesMarker(summary.description, marker),
      body: normalizeActual(full as { readonly [key: string]: Json }),
      ...(reviews === undefined ? {} : { reviews }),
    });
  }
  return result;
}
