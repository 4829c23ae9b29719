import { OktaRequestError } from '../okta/errors.js';
import type { OktaSourceSession, SourceProfile } from '../okta/port.js';
import type { ApplyContext } from './context.js';
import { splitSessions } from './source-batches.js';

/** One bulk request of a session: profiles to upsert, or externalIds to deactivate. */
export type SourceBatch =
  | { readonly kind: 'upsert'; readonly profiles: readonly SourceProfile[] }
  | { readonly kind: 'delete'; readonly externalIds: readonly string[] };

/** Okta refuses a new session within 5 minutes of an active one; a loading session this recent may be someone's. */
export const busyWindowMs = 5 * 60 * 1000;
/** How long apply waits for one import before giving up (a re-run converges). */
export const maxImportWaitMs = 60 * 60 * 1000;

const loading = new Set(['CREATED', 'IN_PROGRESS']);

/** A session rule of Okta stood in the way; the message says what to do. */
export class SourceSessionError extends Error {
  override readonly name = 'SourceSessionError';
}

/**
 * Loads the batches through as many sessions as the 50-requests rule needs, one after the other: create, load,
 * start-import, wait until COMPLETED. Before the first, clears the way (see `clearWay`). Returns the sessions used.
 */
export async function runSourceSessions(
  context: ApplyContext,
  identitySourceId: string,
  batches: readonly SourceBatch[],
): Promise<{ sessions: number; requests: number }> {
  const { port } = context;
  await clearWay(context, identitySourceId);
  const groups = splitSessions(batches);
  let sent = 0;
  for (const [index, group] of groups.entries()) {
    const session = await openSession(context, identitySourceId);
    context.sourceSessions?.record(session.id);
    try {
      for (const batch of group) {
        if (batch.kind === 'upsert')
          await port.upsertSourceUsers(identitySourceId, session.id, batch.profiles);
        else await port.deleteSourceUsers(identitySourceId, session.id, batch.externalIds);
        sent++;
        // A line every 10 requests and at the end of each session: readable in CI logs.
        if (sent % 10 !== 0 && batch !== group.at(-1)) continue;
        context.onStatus?.(
          `identity source: session ${index + 1}/${groups.length} ${session.id}: ${sent}/${batches.length} bulk requests sent`,
        );
      }
      await port.startSourceImport(identitySourceId, session.id);
    } catch (error) {
      // Leave no half-loaded session behind (a CI runner keeps no journal): best effort, the error is what counts.
      await port.closeSourceSession(identitySourceId, session.id).catch(() => undefined);
      throw error;
    }
    await waitForImport(context, identitySourceId, session.id);
  }
  return { sessions: groups.length, requests: sent };
}

/**
 * What an earlier run or another process left active, so that Okta's "one loading session" rule does not stop us:
 * - TRIGGERED: an import is running; wait for it (one session is processed at a time anyway).
 * - CREATED / IN_PROGRESS opened by an earlier run from this checkout (the journal names it), or idle for 5 minutes
 *   or more: abandoned — cancel it (its data is discarded; this run uploads everyone still missing again).
 *   Closing rather than reusing, because what it holds and how many of its 50 requests are spent is unknown.
 * - CREATED / IN_PROGRESS updated in the last 5 minutes by someone else: another process is loading; stop with a hint.
 */
async function clearWay(context: ApplyContext, identitySourceId: string): Promise<void> {
  const { port } = context;
  const now = (context.now ?? Date.now)();
  for (const session of await port.listSourceSessions(identitySourceId)) {
    if (session.status === 'TRIGGERED') {
      context.onStatus?.(`identity source: waiting for the import of session ${session.id}, started earlier`);
      await waitForImport(context, identitySourceId, session.id);
      continue;
    }
    if (!loading.has(session.status)) continue;
    const ours = context.sourceSessions?.opened.has(session.id) === true;
    if (!ours && now - session.lastUpdated < busyWindowMs) {
      throw new SourceSessionError(
        `identity source ${identitySourceId} has an active session ${session.id} (${session.status}, last updated ` +
          `${new Date(session.lastUpdated).toISOString()}) that another process is loading; Okta allows one at a time. ` +
          'hint: wait for that process to finish and apply again; if it is abandoned, apply again after 5 minutes ' +
          `(it is then closed), or cancel it now: DELETE /api/v1/identity-sources/${identitySourceId}/sessions/${session.id}`,
      );
    }
    context.onStatus?.(
      `identity source: closing session ${session.id} (${session.status}) left by ${ours ? 'an earlier run' : 'an abandoned load'}`,
    );
    await port.closeSourceSession(identitySourceId, session.id);
  }
}

async function openSession(context: ApplyContext, identitySourceId: string): Promise<OktaSourceSession> {
  try {
    return await context.port.createSourceSession(identitySourceId);
  } catch (error) {
    if (error instanceof OktaRequestError && error.status === 400) {
      throw new SourceSessionError(
        `Okta refused a new session for identity source ${identitySourceId}: ${error.message}. hint: Okta allows one ` +
          'loading session per source and none within 5 minutes of starting an import; apply again in 5 minutes ' +
          '(the run converges: nothing is sourced twice)',
      );
    }
    throw error;
  }
}

/** Polls the session until its import ends; COMPLETED is success, ERROR / EXPIRED / CLOSED a failure. */
async function waitForImport(
  context: ApplyContext,
  identitySourceId: string,
  sessionId: string,
): Promise<void> {
  const now = context.now ?? Date.now;
  const started = now();
  let delay = context.sourcePollMs ?? 1000;
  let lastReport = started;
  for (;;) {
    const session = await context.port.getSourceSession(identitySourceId, sessionId);
    if (session.status === 'COMPLETED') {
      context.onStatus?.(`identity source: session ${sessionId} imported in ${seconds(now() - started)}`);
      return;
    }
    if (session.status === 'ERROR' || session.status === 'EXPIRED' || session.status === 'CLOSED') {
      throw new SourceSessionError(
        `the import of session ${sessionId} ended ${session.status}. hint: see Reports › Import Monitoring in the ` +
          'Okta Admin Console for the entities it could not apply, then apply again (a new session is opened)',
      );
    }
    const waited = now() - started;
    if (waited > maxImportWaitMs) {
      throw new SourceSessionError(
        `session ${sessionId} is still ${session.status} after ${seconds(waited)}. hint: apply again later; the run converges`,
      );
    }
    if (now() - lastReport >= 5000) {
      lastReport = now();
      context.onStatus?.(
        `identity source: session ${sessionId} ${session.status}, waited ${seconds(waited)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 5000);
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
