import { isoTime } from '../clock.js';
import { notFound } from '../errors.js';
import type { Store, UserRecord } from '../store.js';

/** An app user as `GET /api/v1/apps/{appId}/users` lists it (AppUser). */
export interface AppUserEntry {
  readonly user: UserRecord;
  readonly scope: 'USER' | 'GROUP';
  /** The identity source's key for the user (its `externalId`), for users a source owns. */
  readonly externalId?: string;
}

/**
 * The users of an app. An identity source is the instance of a Custom Identity Source app in Okta (its id is the
 * app's id), so for an identity source id this answers the users the source owns, each with its `externalId` — the
 * set-wise way to learn which Okta users a source sources. For any other app: the members of its assigned groups
 * (scope GROUP), as Okta lists implicit assignments. Sorted by user id (the cursor).
 */
export function appUsersOf(store: Store, appId: string): AppUserEntry[] {
  const entries: AppUserEntry[] = [];
  if (store.state.identitySources.has(appId)) {
    for (const user of store.state.users.values()) {
      if (user.source?.identitySourceId === appId)
        entries.push({ user, scope: 'USER', externalId: user.source.externalId });
    }
  } else if (store.state.apps.has(appId)) {
    const seen = new Set<string>();
    for (const assignment of store.assignmentsOf(appId).values()) {
      for (const userId of store.membersOf(assignment.groupId)) {
        const user = store.state.users.get(userId);
        if (user === undefined || seen.has(userId)) continue;
        seen.add(userId);
        entries.push({ user, scope: 'GROUP' });
      }
    }
  } else {
    throw notFound('AppInstance', appId);
  }
  return entries.sort((a, b) => (a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0));
}

/**
 * The AppUser schema: a sourced user whom Okta has deactivated is DEPROVISIONED on the app too; the app profile
 * carries the attributes the source sent (email, names).
 */
export function renderAppUser(entry: AppUserEntry, appId: string, baseUrl: string): Record<string, unknown> {
  const { user } = entry;
  const login = user.profile.login ?? '';
  return {
    id: user.id,
    ...(entry.externalId === undefined ? {} : { externalId: entry.externalId }),
    created: isoTime(user.created),
    lastUpdated: isoTime(user.lastUpdated),
    statusChanged: isoTime(user.statusChanged ?? user.created),
    scope: entry.scope,
    status:
      user.status === 'DEPROVISIONED' ? 'DEPROVISIONED' : entry.scope === 'USER' ? 'ACTIVE' : 'PROVISIONED',
    syncState: 'SYNCHRONIZED',
    credentials: { userName: login },
    profile: {
      email: user.profile.email ?? null,
      firstName: user.profile.firstName ?? null,
      lastName: user.profile.lastName ?? null,
    },
    _links: {
      app: { href: `${baseUrl}/api/v1/apps/${appId}` },
      user: { href: `${baseUrl}/api/v1/users/${user.id}` },
    },
  };
}
