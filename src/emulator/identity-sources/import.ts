import { OktaError } from '../errors.js';
import type { IdentitySourceSessionRecord, UserRecord } from '../store.js';
import type { EmulatorContext } from '../types.js';
import { identitySourceLimits, identitySourceTiming, loadingStatuses } from './limits.js';

/**
 * Time-driven identity-source work, run before every API request and whenever the admin clock moves:
 * 1. CREATED / IN_PROGRESS sessions idle for 24 h (no bulk request, emulator time) become EXPIRED, their data dropped.
 * 2. TRIGGERED sessions are imported one at a time per identity source, in the order they were triggered: each takes
 *    `identitySourceImportMs` (default `identitySourceTiming.importMs`) of emulator time from the later of its trigger and the previous import's end.
 */
export function runIdentitySourceWork(context: EmulatorContext): void {
  const { store, clock } = context;
  const now = clock.now();
  let changed = false;
  const queues = new Map<string, IdentitySourceSessionRecord[]>();
  const lastFinished = new Map<string, number>();
  for (const session of store.state.sessions.values()) {
    if (loadingStatuses.has(session.status)) {
      const expiresAt = session.lastUpdated + identitySourceLimits.idleExpiryMs;
      if (expiresAt <= now) {
        session.status = 'EXPIRED';
        session.lastUpdated = expiresAt;
        session.upserts = [];
        session.deletes = [];
        changed = true;
      }
    } else if (session.status === 'TRIGGERED') {
      const queue = queues.get(session.identitySourceId) ?? [];
      queue.push(session);
      queues.set(session.identitySourceId, queue);
    } else if (
      (session.status === 'COMPLETED' || session.status === 'ERROR') &&
      session.triggered !== undefined
    ) {
      const previous = lastFinished.get(session.identitySourceId) ?? 0;
      lastFinished.set(session.identitySourceId, Math.max(previous, session.lastUpdated));
    }
  }
  for (const [sourceId, queue] of queues) {
    queue.sort((a, b) => triggeredAt(a) - triggeredAt(b) || (a.id < b.id ? -1 : 1));
    let free = lastFinished.get(sourceId) ?? 0;
    for (const session of queue) {
      const importMs = context.identitySourceImportMs ?? identitySourceTiming.importMs;
      const finish = Math.max(triggeredAt(session), free) + importMs;
      if (finish > now) break;
      importSession(context, session, finish);
      free = finish;
      changed = true;
    }
  }
  if (changed) store.touch();
}

function triggeredAt(session: IdentitySourceSessionRecord): number {
  return session.triggered ?? session.lastUpdated;
}

/** Applies one session's data to the org; an unexpected failure leaves the session in ERROR, as Okta does. */
function importSession(context: EmulatorContext, session: IdentitySourceSessionRecord, finish: number): void {
  try {
    session.importErrors = applySession(context, session);
    session.status = 'COMPLETED';
  } catch (error) {
    session.importErrors = [...(session.importErrors ?? []), `import failed: ${(error as Error).message}`];
    session.status = 'ERROR';
  }
  session.lastUpdated = finish;
  session.upserts = [];
  session.deletes = [];
}

/**
 * Upserts first, in the order received (a later profile for the same externalId overwrites the attributes it names),
 * then deletes (deactivation wins over an upsert of the same externalId in the same session), then manager links.
 *
 * - The key is `externalId` within the identity source: a user whose `source` is this source and that externalId is
 *   updated (and reactivated if it was DEPROVISIONED); otherwise a new ACTIVE user is created with
 *   `login = userName ?? email`. An existing user with that login that no identity source owns yet is linked to the
 *   source and updated (Okta's import matching on username); a login owned by another source's user is skipped.
 * - `userName` maps to `login`; every other attribute is copied to the Okta profile as sent. The login of an existing
 *   user is never changed by an import.
 * - Manager convention: a profile attribute `managerExternalId` names the manager by externalId in the same identity
 *   source; after the import `profile.managerId` is set to the manager's Okta user id and `profile.manager` to the
 *   manager's display name. A `managerId` attribute that holds an externalId of the same source is rewritten to the
 *   Okta id the same way; a `managerId` that already is an Okta user id is kept.
 *
 * Returns one line per entity that could not be applied (shown on the session in `/__emulator/state`).
 */
function applySession(context: EmulatorContext, session: IdentitySourceSessionRecord): string[] {
  const { store, clock, searchLagMs } = context;
  const now = clock.now();
  const sourceId = session.identitySourceId;
  const errors: string[] = [];
  const byExternalId = new Map<string, UserRecord>();
  for (const user of store.state.users.values()) {
    if (user.source?.identitySourceId === sourceId) byExternalId.set(user.source.externalId, user);
  }
  const latest = new Map<string, Record<string, string | null>>();

  for (const { externalId, profile } of session.upserts) {
    latest.set(externalId, { ...(latest.get(externalId) ?? {}), ...profile });
    const { userName, ...attributes } = profile;
    const existing = byExternalId.get(externalId);
    if (existing !== undefined) {
      updateUser(existing, attributes, now);
      if (typeof userName === 'string' && userName.toLowerCase() !== existing.profile.login?.toLowerCase()) {
        errors.push(
          `${externalId}: login change to ${userName} not applied (logins of imported users are kept)`,
        );
      }
      continue;
    }
    const login = userName ?? profile.email;
    if (typeof login !== 'string' || login === '') {
      errors.push(`${externalId}: skipped, the profile has neither userName nor email to make a login from`);
      continue;
    }
    const holder = store.findUser(login);
    if (holder !== undefined) {
      if (holder.source !== undefined) {
        errors.push(`${externalId}: skipped, login ${login} belongs to ${holder.id}, sourced elsewhere`);
        continue;
      }
      holder.source = { identitySourceId: sourceId, externalId };
      updateUser(holder, attributes, now);
      byExternalId.set(externalId, holder);
      continue;
    }
    try {
      const created = store.createUser(
        { ...attributes, login },
        { status: 'ACTIVE', visibleAt: now + searchLagMs },
      );
      created.source = { identitySourceId: sourceId, externalId };
      byExternalId.set(externalId, created);
    } catch (error) {
      if (!(error instanceof OktaError)) throw error;
      errors.push(`${externalId}: skipped, ${error.causes.join('; ') || error.message}`);
    }
  }

  for (const externalId of session.deletes) {
    const user = byExternalId.get(externalId);
    if (user === undefined || user.status === 'DEPROVISIONED') continue;
    user.status = 'DEPROVISIONED';
    user.statusChanged = now;
    user.lastUpdated = now;
  }

  for (const [externalId, profile] of latest) {
    const user = byExternalId.get(externalId);
    if (user !== undefined) linkManager(user, profile, byExternalId, store.state.users, errors, now);
  }
  return errors;
}

function updateUser(user: UserRecord, attributes: Record<string, string | null>, now: number): void {
  Object.assign(user.profile, attributes);
  if (user.status === 'DEPROVISIONED') {
    user.status = 'ACTIVE';
    user.activated = now;
    user.statusChanged = now;
  }
  user.lastUpdated = now;
}

function linkManager(
  user: UserRecord,
  profile: Record<string, string | null>,
  byExternalId: ReadonlyMap<string, UserRecord>,
  users: ReadonlyMap<string, UserRecord>,
  errors: string[],
  now: number,
): void {
  const externalId = user.source?.externalId ?? user.id;
  const named = profile.managerExternalId ?? profile.managerId;
  if (typeof named !== 'string' || named === '') return;
  const manager =
    byExternalId.get(named) ??
    (profile.managerExternalId === undefined || profile.managerExternalId === null
      ? users.get(named)
      : undefined);
  if (manager === undefined) {
    errors.push(
      profile.managerExternalId === undefined || profile.managerExternalId === null
        ? `${externalId}: managerId ${named} is neither an Okta user id nor an externalId of this source; kept as sent`
        : `${externalId}: manager ${named} not found in the identity source; managerId not set`,
    );
    return;
  }
  user.profile.managerId = manager.id;
  user.profile.manager = `${manager.profile.firstName ?? ''} ${manager.profile.lastName ?? ''}`.trim();
  user.lastUpdated = now;
}
