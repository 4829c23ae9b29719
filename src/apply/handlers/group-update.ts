import type { Handler } from '../context.js';

export const groupUpdate: Handler<'group.update'> = async (change, context) => {
  await context.port.updateGroup(change.groupId, change.group, change.description.to);
  return { outcome: 'applied' };
};
