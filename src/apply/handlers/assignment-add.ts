import { doneByAnotherRun } from '../another-run.js';
import { appIdOf, groupIdOf, type Handler } from '../context.js';

/**
 * PUT is idempotent in Okta: assigning an assigned group changes nothing. For an app or group another run is creating
 * at the same time, the assignment that run makes is reported as its write, not written a second time.
 */
export const assignmentAdd: Handler<'assignment.add'> = async (change, context) => {
  const appId = appIdOf(context, change.app, change.appId);
  const groupId = groupIdOf(context, change.group, change.groupId);
  const anotherRun = context.anotherRun;
  if (
    anotherRun !== undefined &&
    (anotherRun.has(`app:${change.app}`) || anotherRun.has(`group:${change.group.toLowerCase()}`))
  ) {
    const done = await anotherRun.awaitMember(
      `assignments:${appId}`,
      groupId,
      async () => new Set(await context.port.listAppGroupIds(appId)),
    );
    if (done) return { outcome: 'unchanged', detail: doneByAnotherRun };
  }
  await context.port.assignGroup(appId, groupId);
  return { outcome: 'applied' };
};
