import type { Handler } from '../context.js';

/** Adopting writes the description with the ownership marker; the group's name, members and apps stay as they are. */
export const groupAdopt: Handler<'group.adopt'> = async (change, context) => {
  await context.port.updateGroup(change.groupId, change.group, change.description.to);
  return { outcome: 'applied' };
};
