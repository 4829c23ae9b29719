import { OktaError } from '../errors.js';
import type { Store, UserRecord, UserStatus } from '../store.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Route } from '../types.js';
import { renderUser } from './render.js';

/**
 * The user lifecycle operations (`/api/v1/users/{id}/lifecycle/*`, clearing sessions) with Okta's documented
 * transitions. A status an operation does not apply to answers 403, the one error status these operations declare:
 * E0000016 to activate an active user, E0000032 to unlock a user that is not locked out, E0000038 otherwise.
 *
 *   activate         STAGED, DEPROVISIONED → ACTIVE (PROVISIONED when the user has no password)
 *   reactivate       PROVISIONED, RECOVERY → unchanged (a new activation token)
 *   deactivate       any → DEPROVISIONED (again on DEPROVISIONED: no change)
 *   suspend          ACTIVE → SUSPENDED
 *   unsuspend        SUSPENDED → ACTIVE
 *   unlock           LOCKED_OUT → ACTIVE
 *   expire_password  ACTIVE, PASSWORD_EXPIRED, LOCKED_OUT, RECOVERY → PASSWORD_EXPIRED
 *   reset_password   ACTIVE, PASSWORD_EXPIRED, LOCKED_OUT, RECOVERY → RECOVERY
 *   reset_factors    any but DEPROVISIONED → unchanged
 *   sessions (DELETE) any → unchanged
 */

const activeLike: readonly UserStatus[] = ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY'];

function notAllowed(): OktaError {
  return new OktaError(403, 'E0000038', "This operation is not allowed in the user's current status.");
}

function setStatus(store: Store, user: UserRecord, status: UserStatus, now: number): void {
  if (user.status !== status) {
    user.status = status;
    user.statusChanged = now;
  }
  if (status === 'ACTIVE' || status === 'PROVISIONED') user.activated ??= now;
  user.lastUpdated = now;
  store.touch();
}

/** `sendEmail=false` answers the token or link an admin would otherwise have mailed; `true` (the default) `{}`. */
function tokenBody(request: EmulatorRequest, context: EmulatorContext, kind: 'activation' | 'reset') {
  if (request.query.get('sendEmail') !== 'false') return {};
  const token = context.ids.next(kind === 'activation' ? 'act' : 'rst');
  return kind === 'activation'
    ? { activationUrl: `${request.baseUrl}/welcome/${token}`, activationToken: token }
    : { resetPasswordUrl: `${request.baseUrl}/reset_password/${token}` };
}

type Operation = (
  request: EmulatorRequest,
  user: UserRecord,
  context: EmulatorContext,
) => EmulatorResponse | undefined;

const operations: Record<string, Operation> = {
  activate(request, user, context) {
    if (user.status === 'ACTIVE')
      throw new OktaError(403, 'E0000016', 'Activation failed because the user is already active');
    if (user.status !== 'STAGED' && user.status !== 'DEPROVISIONED') throw notAllowed();
    setStatus(context.store, user, user.hasPassword === true ? 'ACTIVE' : 'PROVISIONED', context.clock.now());
    return { status: 200, body: tokenBody(request, context, 'activation') };
  },
  reactivate(request, user, context) {
    if (user.status !== 'PROVISIONED' && user.status !== 'RECOVERY') throw notAllowed();
    return { status: 200, body: tokenBody(request, context, 'activation') };
  },
  deactivate(_request, user, context) {
    if (user.status !== 'DEPROVISIONED') setStatus(context.store, user, 'DEPROVISIONED', context.clock.now());
    return { status: 200, body: {} };
  },
  suspend(_request, user, context) {
    if (user.status !== 'ACTIVE') throw notAllowed();
    setStatus(context.store, user, 'SUSPENDED', context.clock.now());
    return { status: 200, body: {} };
  },
  unsuspend(_request, user, context) {
    if (user.status !== 'SUSPENDED') throw notAllowed();
    setStatus(context.store, user, 'ACTIVE', context.clock.now());
    return { status: 200, body: {} };
  },
  unlock(_request, user, context) {
    if (user.status !== 'LOCKED_OUT')
      throw new OktaError(403, 'E0000032', 'Unlock is not allowed for this user.');
    setStatus(context.store, user, 'ACTIVE', context.clock.now());
    return { status: 200, body: {} };
  },
  expire_password(request, user, context) {
    if (!activeLike.includes(user.status)) throw notAllowed();
    setStatus(context.store, user, 'PASSWORD_EXPIRED', context.clock.now());
    return { status: 200, body: renderUser(user, request.baseUrl) };
  },
  reset_password(request, user, context) {
    if (!activeLike.includes(user.status)) throw notAllowed();
    setStatus(context.store, user, 'RECOVERY', context.clock.now());
    return { status: 200, body: tokenBody(request, context, 'reset') };
  },
  reset_factors(_request, user) {
    if (user.status === 'DEPROVISIONED') throw notAllowed();
    // The emulator keeps no factors: nothing to reset, and Okta answers 200 without a body.
    return { status: 200 };
  },
};

export const userLifecycleRoutes: Route[] = [
  ...Object.entries(operations).map(
    ([name, operation]): Route => ({
      method: 'POST',
      pattern: `/api/v1/users/:userId/lifecycle/${name}`,
      scope: 'okta.users.manage',
      handler: (request, { userId = '' }, context) => {
        const user = context.store.requireUser(userId);
        return operation(request, user, context) ?? { status: 200, body: {} };
      },
    }),
  ),
  {
    // Clears the user's sessions (and, with oauthTokens=true, their tokens): the emulator keeps neither.
    method: 'DELETE',
    pattern: '/api/v1/users/:userId/sessions',
    scope: 'okta.users.manage',
    handler: (_request, { userId = '' }, { store }) => {
      store.requireUser(userId);
      return { status: 204 };
    },
  },
];
