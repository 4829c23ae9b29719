import { doneByAnotherRun } from '../another-run.js';
import type { Handler } from '../context.js';
import { completeBody, findScheduled } from './campaign-common.js';

/**
 * Creates the campaign, unless a scheduled managed campaign of that name appeared since apply read the org (another
 * run made it).
 */
export const campaignCreate: Handler<'campaign.create'> = async (change, context) => {
  const existing = await findScheduled(change.campaign, context);
  if (existing !== undefined) {
    context.campaignIds.set(change.campaign, existing);
    return { outcome: 'unchanged', detail: doneByAnotherRun };
  }
  const created = await context.port.createCampaign(
    await completeBody(change.body, change.targetGroups, context),
  );
  context.campaignIds.set(change.campaign, created.id);
  return { outcome: 'applied' };
};
