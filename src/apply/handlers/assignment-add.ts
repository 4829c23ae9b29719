import { appIdOf, groupIdOf, type Handler } from '../context.js';

/** PUT is idempotent in Okta: assigning an assigned group changes nothing. */
export const assignmentAdd: Handler<'assignment.add'> = async (change, context) => {
  await context.port.assignGroup(
    appIdOf(context, change.app, change.appId),
    groupIdOf(context, change.group, change.groupId),
  );
  return { outcome: 'applied' };
};
