import type { EmulatorContext, Route } from '../types.js';
import { runIdentitySourceWork } from './import.js';
import { activeStatuses } from './limits.js';
import {
  cancelSession,
  createSession,
  renderSession,
  requireLoadable,
  requireSession,
  requireSource,
  sessionsOf,
  startImport,
} from './sessions.js';
import { parseDeleteBody, parseUpsertBody } from './validation.js';

const base = '/api/v1/identity-sources/:identitySourceId/sessions';
const read = 'okta.identitySources.read';
const manage = 'okta.identitySources.manage';

/** Anything-as-a-Source: identity-source sessions, bulk upsert/delete, import. */
export const identitySourceRoutes: Route[] = [
  {
    method: 'POST',
    pattern: base,
    scope: manage,
    handler: (_request, { identitySourceId = '' }, context) => createSession(context, identitySourceId),
  },
  {
    method: 'GET',
    pattern: base,
    scope: read,
    handler: (_request, { identitySourceId = '' }, { store }) => {
      requireSource(store, identitySourceId);
      const active = sessionsOf(store, identitySourceId).filter((session) =>
        activeStatuses.has(session.status),
      );
      return { status: 200, body: active.map(renderSession) };
    },
  },
  {
    method: 'GET',
    pattern: `${base}/:sessionId`,
    scope: read,
    handler: (_request, { identitySourceId = '', sessionId = '' }, { store }) => ({
      status: 200,
      body: renderSession(requireSession(store, identitySourceId, sessionId)),
    }),
  },
  {
    method: 'DELETE',
    pattern: `${base}/:sessionId`,
    scope: manage,
    handler: (_request, { identitySourceId = '', sessionId = '' }, context) =>
      cancelSession(context, requireSession(context.store, identitySourceId, sessionId)),
  },
  {
    method: 'POST',
    pattern: `${base}/:sessionId/bulk-upsert`,
    scope: manage,
    handler: (request, { identitySourceId = '', sessionId = '' }, { store, clock }) => {
      const session = requireSession(store, identitySourceId, sessionId);
      requireLoadable(session, 'bulk-upsert');
      const entities = parseUpsertBody(request);
      session.requests++;
      session.upserts.push(...entities);
      session.status = 'IN_PROGRESS';
      session.lastUpdated = clock.now();
      store.touch();
      return { status: 202 };
    },
  },
  {
    method: 'POST',
    pattern: `${base}/:sessionId/bulk-delete`,
    scope: manage,
    handler: (request, { identitySourceId = '', sessionId = '' }, { store, clock }) => {
      const session = requireSession(store, identitySourceId, sessionId);
      requireLoadable(session, 'bulk-delete');
      const externalIds = parseDeleteBody(request);
      // Unknown externalIds are dropped silently; a request naming none that is known leaves the session as it was.
      const known = new Set(session.upserts.map((entity) => entity.externalId));
      for (const user of store.state.users.values()) {
        if (user.source?.identitySourceId === identitySourceId) known.add(user.source.externalId);
      }
      const deletes = externalIds.filter((externalId) => known.has(externalId));
      session.requests++;
      session.deletes.push(...deletes);
      if (deletes.length > 0) session.status = 'IN_PROGRESS';
      session.lastUpdated = clock.now();
      store.touch();
      return { status: 202 };
    },
  },
  {
    method: 'POST',
    pattern: `${base}/:sessionId/start-import`,
    scope: manage,
    handler: (_request, { identitySourceId = '', sessionId = '' }, context) =>
      startImport(context, requireSession(context.store, identitySourceId, sessionId)),
  },
];

/** Time-driven identity-source work (a triggered import completes; idle sessions expire). */
export function identitySourceTick(context: EmulatorContext): void {
  runIdentitySourceWork(context);
}
