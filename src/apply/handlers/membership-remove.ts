import { isNotFound } from '../../okta/errors.js';
import type { Handler } from '../context.js';

/** A member already gone (or a group already gone) is the outcome wanted: unchanged. */
export const membershipRemove: Handler<'membership.remove'> = async (change, context) => {
  try {
    await context.port.removeMember(change.groupId, change.userId);
    return { outcome: 'applied' };
  } catch (error) {
    if (isNotFound(error)) return { outcome: 'unchanged', detail: 'already absent' };
    throw error;
  }
};
