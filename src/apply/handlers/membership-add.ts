import { doneByAnotherRun } from '../another-run.js';
import { groupIdOf, type Handler, userIdOf } from '../context.js';

/**
 * PUT is idempotent in Okta: adding a member twice answers 204 both times. A user sourced in this run has no id in
 * the plan: it is the one the import gave the email. In a group another run is creating at the same time, the member
 * that run adds is reported as its write, not written a second time.
 */
export const membershipAdd: Handler<'membership.add'> = async (change, context) => {
  const groupId = groupIdOf(context, change.group, change.groupId);
  const userId = userIdOf(context, change.email, change.userId);
  const anotherRun = context.anotherRun;
  if (anotherRun?.has(`group:${change.group.toLowerCase()}`) === true) {
    const done = await anotherRun.awaitMember(
      `members:${groupId}`,
      userId,
      async () => new Set((await context.port.listGroupMembers(groupId)).map((user) => user.id)),
    );
    if (done) return { outcome: 'unchanged', detail: doneByAnotherRun };
  }
  await context.port.addMember(groupId, userId);
  return { outcome: 'applied' };
};
