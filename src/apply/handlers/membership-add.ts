import { groupIdOf, type Handler, userIdOf } from '../context.js';

/**
 * PUT is idempotent in Okta: adding a member twice answers 204 both times. A user sourced in this run has no id in
 * the plan: it is the one the import gave the email.
 */
export const membershipAdd: Handler<'membership.add'> = async (change, context) => {
  await context.port.addMember(
    groupIdOf(context, change.group, change.groupId),
    userIdOf(context, change.email, change.userId),
  );
  return { outcome: 'applied' };
};
