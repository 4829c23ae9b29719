import { OktaRequestError } from '../../okta/errors.js';
import type { Handler } from '../context.js';

/** Ends an active campaign (Okta closes open reviews and runs remediation); already ended (409) is fine. */
export const campaignEnd: Handler<'campaign.end'> = async (change, context) => {
  try {
    await context.port.endCampaign(change.campaignId);
    return { outcome: 'applied' };
  } catch (error) {
    if (error instanceof OktaRequestError && error.status === 409) {
      return { outcome: 'unchanged', detail: 'the campaign is no longer active' };
    }
    throw error;
  }
};
