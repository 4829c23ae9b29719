import { carriesMarker } from '../../model/ownership.js';
import { OktaRequestError } from '../../okta/errors.js';
import { doneByAnotherRun } from '../another-run.js';
import type { Handler } from '../context.js';

/**
 * Creates the group. Okta keeps group names unique, so a second create cannot make a duplicate: when Okta answers
 * that the name is taken, the existing group is looked up by name (`q`, not the lagging `search`) and adopted if it
 * carries the ownership marker. Apply read the org just before and the group was not there: another run made it in
 * between, and its members are that run's to add (see another-run.ts).
 */
export const groupCreate: Handler<'group.create'> = async (change, context) => {
  try {
    const group = await context.port.createGroup(change.group, change.description);
    context.groupIds.set(change.group.toLowerCase(), group.id);
    return { outcome: 'applied' };
  } catch (error) {
    if (!(error instanceof OktaRequestError) || error.status !== 400) throw error;
    const existing = (await context.port.findGroupsByName(change.group)).find(
      (group) => group.name.toLowerCase() === change.group.toLowerCase(),
    );
    if (existing === undefined) throw error;
    if (!carriesMarker(existing.description, context.marker)) {
      throw new Error(`a group named ${existing.name} exists without the ownership marker; it is left alone`);
    }
    context.groupIds.set(change.group.toLowerCase(), existing.id);
    context.anotherRun?.mark(`group:${change.group.toLowerCase()}`);
    return { outcome: 'unchanged', detail: doneByAnotherRun };
  }
};
