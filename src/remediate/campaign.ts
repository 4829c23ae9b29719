import { UserError } from '../model/errors.js';
import { carriesMarker } from '../model/ownership.js';
import type { OktaCampaignSummary, OktaPort } from '../okta/port.js';

/**
 * The managed campaign called `name`: matched by its name and the ownership marker in its description, as the plan
 * matches campaigns. Of several (a recurring campaign's occurrences share a name), the completed one that ended
 * last. Anything but COMPLETED is refused: decisions may still change while a campaign runs.
 */
export async function findCompletedCampaign(
  port: OktaPort,
  name: string,
  marker: string,
): Promise<OktaCampaignSummary> {
  const named = (await port.listCampaigns()).filter((campaign) => campaign.name === name);
  const managed = named.filter((campaign) => carriesMarker(campaign.description, marker));
  if (managed.length === 0) {
    throw new UserError(
      'CAMPAIGN_NOT_FOUND',
      named.length === 0
        ? `Okta has no campaign named "${name}"`
        : `the campaign "${name}" in Okta does not carry the ownership marker ${marker}: it is not managed here`,
      { hint: 'name a campaign of the repository (its `name:`), as the plan shows it' },
    );
  }
  const completed = managed.filter((campaign) => campaign.status === 'COMPLETED');
  if (completed.length === 0) {
    const statuses = [...new Set(managed.map((campaign) => campaign.status))].join(', ');
    throw new UserError('CAMPAIGN_NOT_COMPLETED', `the campaign "${name}" is ${statuses}, not COMPLETED`, {
      hint:
        'reviewers may still change their decisions: remediate once it has ended (at its end date, or with ' +
        '`end: true` in its file and an apply)',
    });
  }
  if (completed.length === 1 && completed[0] !== undefined) return completed[0];
  return latest(port, completed);
}

async function latest(
  port: OktaPort,
  campaigns: readonly OktaCampaignSummary[],
): Promise<OktaCampaignSummary> {
  let best: { campaign: OktaCampaignSummary; endedAt: number } | undefined;
  for (const campaign of campaigns) {
    const full = await port.getCampaign(campaign.id);
    const schedule = full?.scheduleSettings;
    const end =
      typeof schedule === 'object' && schedule !== null && !Array.isArray(schedule)
        ? schedule.endDate
        : undefined;
    const text = typeof end === 'string' ? end : full?.lastUpdated;
    const parsed = typeof text === 'string' ? Date.parse(text) : Number.NaN;
    const endedAt = Number.isNaN(parsed) ? 0 : parsed;
    if (best === undefined || endedAt > best.endedAt) best = { campaign, endedAt };
  }
  if (best === undefined) throw new Error('no completed campaign to choose from');
  return best.campaign;
}
