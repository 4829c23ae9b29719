import { isNotFound } from '../../okta/errors.js';
import type { Handler } from '../context.js';

export const assignmentRemove: Handler<'assignment.remove'> = async (change, context) => {
  try {
    await context.port.unassignGroup(change.appId, change.groupId);
    return { outcome: 'applied' };
  } catch (error) {
    if (isNotFound(error)) return { outcome: 'unchanged', detail: 'already unassigned' };
    throw error;
  }
};
