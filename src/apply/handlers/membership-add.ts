import { groupIdOf, type Handler } from '../context.js';

/** PUT is idempotent in Okta: adding a member twice answers 204 both times. */
export const membershipAdd: Handler<'membership.add'> = async (change, context) => {
  await context.port.addMember(groupIdOf(context, change.group, change.groupId), change.userId);
  return { outcome: 'applied' };
};
