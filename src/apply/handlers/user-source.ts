import type { Handler } from '../context.js';
import { chunkByCountAndBytes, sourceProfile } from '../source-batches.js';
import { runSourceSessions } from '../source-sessions.js';

/**
 * Upserts the people through the identity source (≤ 200 profiles and ≤ 200 KB a request, ≤ 50 requests a session),
 * waits for each import, then learns the new users' ids set-wise (the source's users) for the memberships that
 * follow. Upserts are keyed by externalId, so a re-run after a crash sends them again without harm.
 */
export const userSource: Handler<'user.source'> = async (change, context) => {
  const requests = chunkByCountAndBytes(change.people.map(sourceProfile));
  const { sessions } = await runSourceSessions(
    context,
    change.identitySourceId,
    requests.map((profiles) => ({ kind: 'upsert', profiles })),
  );
  const emails = new Set(change.people.map((person) => person.email));
  for (const user of await context.port.listSourcedUsers(change.identitySourceId)) {
    if (emails.has(user.email)) context.userIds?.set(user.email, user.userId);
  }
  const missing = change.people.filter((person) => context.userIds?.has(person.email) !== true);
  if (missing.length > 0) {
    const shown = missing
      .slice(0, 5)
      .map((person) => person.email)
      .join(', ');
    throw new Error(
      `the import completed, but ${missing.length} of ${change.people.length} people are not users of the identity source (${shown}${missing.length > 5 ? ', …' : ''}); ` +
        'see Reports › Import Monitoring in Okta (a login taken by a user of another source, an invalid profile)',
    );
  }
  return {
    outcome: 'applied',
    detail: `${change.people.length.toLocaleString('en-US')} people in ${requests.length} bulk request${requests.length === 1 ? '' : 's'}, ${sessions} session${sessions === 1 ? '' : 's'}`,
  };
};
