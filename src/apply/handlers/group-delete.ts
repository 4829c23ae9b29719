import { isNotFound } from '../../okta/errors.js';
import type { Handler } from '../context.js';

export const groupDelete: Handler<'group.delete'> = async (change, context) => {
  try {
    await context.port.deleteGroup(change.groupId);
    return { outcome: 'applied' };
  } catch (error) {
    if (isNotFound(error)) return { outcome: 'unchanged', detail: 'already deleted' };
    throw error;
  }
};
