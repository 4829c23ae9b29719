import { OktaRequestError } from '../../okta/errors.js';
import type { Handler } from '../context.js';
import { campaignIdOf } from './campaign-common.js';

/** Launches a scheduled campaign; one Okta already launched (409) is the outcome wanted. */
export const campaignLaunch: Handler<'campaign.launch'> = async (change, context) => {
  const id = await campaignIdOf(change.campaign, change.campaignId, context);
  try {
    await context.port.launchCampaign(id);
    return { outcome: 'applied' };
  } catch (error) {
    if (error instanceof OktaRequestError && error.status === 409) {
      return { outcome: 'unchanged', detail: 'the campaign is already launched' };
    }
    throw error;
  }
};
