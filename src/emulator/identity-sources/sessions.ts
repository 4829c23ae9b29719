import { isoTime } from '../clock.js';
import { notFound, validationFailed } from '../errors.js';
import type { IdentitySourceRecord, IdentitySourceSessionRecord, Store } from '../store.js';
import type { EmulatorContext, EmulatorResponse } from '../types.js';
import { identitySourceLimits, loadingStatuses } from './limits.js';

/** The IdentitySourceSession schema, exactly: no `_links`, timestamps as ISO strings. */
export function renderSession(session: IdentitySourceSessionRecord): Record<string, unknown> {
  return {
    id: session.id,
    identitySourceId: session.identitySourceId,
    status: session.status,
    importType: session.importType,
    created: isoTime(session.created),
    lastUpdated: isoTime(session.lastUpdated),
  };
}

export function requireSource(store: Store, identitySourceId: string): IdentitySourceRecord {
  const source = store.state.identitySources.get(identitySourceId);
  if (source === undefined) throw notFound('IdentitySource', identitySourceId);
  return source;
}

export function requireSession(
  store: Store,
  identitySourceId: string,
  sessionId: string,
): IdentitySourceSessionRecord {
  requireSource(store, identitySourceId);
  const session = store.state.sessions.get(sessionId);
  if (session === undefined || session.identitySourceId !== identitySourceId) {
    throw notFound('IdentitySourceSession', sessionId);
  }
  return session;
}

export function sessionsOf(store: Store, identitySourceId: string): IdentitySourceSessionRecord[] {
  return [...store.state.sessions.values()]
    .filter((session) => session.identitySourceId === identitySourceId)
    .sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
}

/**
 * One session loads data at a time per identity source (CREATED or IN_PROGRESS), and no new session may be opened
 * within 5 minutes of triggering an active one; after that a new session may load while the triggered one waits.
 */
export function createSession(
  { store, clock, ids }: EmulatorContext,
  identitySourceId: string,
): EmulatorResponse {
  const source = requireSource(store, identitySourceId);
  const now = clock.now();
  const sessions = sessionsOf(store, source.id);
  const loading = sessions.find((session) => loadingStatuses.has(session.status));
  if (loading !== undefined) {
    throw validationFailed('identitySourceSession', [
      `Identity source ${source.id} already has an active session ${loading.id} with status ${loading.status}: only one session can load data at a time. Trigger its import (start-import) or cancel it (DELETE) first.`,
    ]);
  }
  const cooldown = identitySourceLimits.newSessionCooldownMs;
  const recent = sessions.find(
    (session) => session.status === 'TRIGGERED' && now - (session.triggered ?? session.created) < cooldown,
  );
  if (recent !== undefined) {
    const since = recent.triggered ?? recent.created;
    throw validationFailed('identitySourceSession', [
      `A new session can't be created within 5 minutes of triggering the active session ${recent.id} (TRIGGERED at ${isoTime(since)}); try again after ${isoTime(since + cooldown)}.`,
    ]);
  }
  const session: IdentitySourceSessionRecord = {
    id: ids.next('aps'),
    identitySourceId: source.id,
    status: 'CREATED',
    importType: 'INCREMENTAL',
    created: now,
    lastUpdated: now,
    requests: 0,
    upserts: [],
    deletes: [],
  };
  store.state.sessions.set(session.id, session);
  store.touch();
  return { status: 200, body: renderSession(session) };
}

/** Bulk data goes only to CREATED / IN_PROGRESS sessions, at most 50 requests each. */
export function requireLoadable(session: IdentitySourceSessionRecord, operation: string): void {
  if (!loadingStatuses.has(session.status)) {
    throw validationFailed(operation, [
      `Session ${session.id} has status ${session.status}: data can only be loaded while a session is CREATED or IN_PROGRESS. Open a new session.`,
    ]);
  }
  const limit = identitySourceLimits.maxRequestsPerSession;
  if (session.requests >= limit) {
    throw validationFailed(operation, [
      `Session ${session.id} has received ${session.requests} bulk requests, the most one session accepts (${limit}). Trigger its import and load the rest in a new session.`,
    ]);
  }
}

export function cancelSession(
  { store, clock }: EmulatorContext,
  session: IdentitySourceSessionRecord,
): EmulatorResponse {
  if (!loadingStatuses.has(session.status)) {
    throw validationFailed('identitySourceSession', [
      `Session ${session.id} has status ${session.status}: only CREATED or IN_PROGRESS sessions can be cancelled.`,
    ]);
  }
  session.status = 'CLOSED';
  session.lastUpdated = clock.now();
  session.upserts = [];
  session.deletes = [];
  store.touch();
  return { status: 204 };
}

export function startImport(
  { store, clock }: EmulatorContext,
  session: IdentitySourceSessionRecord,
): EmulatorResponse {
  if (session.status !== 'IN_PROGRESS') {
    throw validationFailed('identitySourceSession', [
      session.status === 'CREATED'
        ? `Session ${session.id} has no data loaded (status CREATED): only IN_PROGRESS sessions can be triggered. Load data with bulk-upsert or bulk-delete first.`
        : `Session ${session.id} has status ${session.status}: only IN_PROGRESS sessions can be triggered.`,
    ]);
  }
  const now = clock.now();
  session.status = 'TRIGGERED';
  session.triggered = now;
  session.lastUpdated = now;
  store.touch();
  return { status: 200, body: renderSession(session) };
}
