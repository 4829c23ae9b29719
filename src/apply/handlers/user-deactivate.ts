import type { Handler } from '../context.js';
import { chunkByCountAndBytes } from '../source-batches.js';
import { runSourceSessions } from '../source-sessions.js';

/**
 * Deactivates users the identity source owns through bulk-delete (Okta deactivates, never deletes, and ignores
 * externalIds it does not know, so a re-run is harmless), in as many sessions as needed, waiting for each import.
 */
export const userDeactivate: Handler<'user.deactivate'> = async (change, context) => {
  const requests = chunkByCountAndBytes(change.people.map((person) => ({ externalId: person.externalId })));
  const { sessions } = await runSourceSessions(
    context,
    change.identitySourceId,
    requests.map((items) => ({ kind: 'delete', externalIds: items.map((item) => item.externalId) })),
  );
  return {
    outcome: 'applied',
    detail: `${change.people.length.toLocaleString('en-US')} people in ${requests.length} bulk request${requests.length === 1 ? '' : 's'}, ${sessions} session${sessions === 1 ? '' : 's'}`,
  };
};
