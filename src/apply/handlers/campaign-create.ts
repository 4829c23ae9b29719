import type { Handler } from '../context.js';
import { completeBody, findScheduled } from './campaign-common.js';

/** Creates the campaign, unless an earlier run already did (a scheduled managed campaign of that name exists). */
export const campaignCreate: Handler<'campaign.create'> = async (change, context) => {
  const existing = await findScheduled(change.campaign, context);
  if (existing !== undefined) {
    context.campaignIds.set(change.campaign, existing);
    return { outcome: 'unchanged', detail: `the campaign already exists (${existing})` };
  }
  const created = await context.port.createCampaign(
    await completeBody(change.body, change.targetGroups, context),
  );
  context.campaignIds.set(change.campaign, created.id);
  return { outcome: 'applied' };
};
