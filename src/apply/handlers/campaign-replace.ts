import { isNotFound } from '../../okta/errors.js';
import type { Handler } from '../context.js';
import { completeBody } from './campaign-common.js';

/** Okta has no campaign update: a scheduled campaign is deleted and created again with the new definition. */
export const campaignReplace: Handler<'campaign.replace'> = async (change, context) => {
  const body = await completeBody(change.body, change.targetGroups, context);
  try {
    await context.port.deleteCampaign(change.campaignId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const created = await context.port.createCampaign(body);
  context.campaignIds.set(change.campaign, created.id);
  return { outcome: 'applied' };
};
