import type { Application, Group, User } from '@okta/okta-sdk-nodejs';
import type { OktaApp, OktaGroup, OktaUserRecord } from './port.js';

/** SDK models → the port's plain values. */

export function toApp(app: Application): OktaApp {
  // `name` is declared on each sign-on mode's subclass (bookmark, saml_2_0 app names, …), not on Application.
  const name = (app as Application & { name?: unknown }).name;
  return {
    id: required(app.id, 'an app'),
    label: app.label,
    name: typeof name === 'string' ? name : '',
    status: String(app.status ?? ''),
  };
}

export function toGroup(group: Group): OktaGroup {
  const usersCount = group._embedded?.stats?.usersCount;
  return {
    id: required(group.id, 'a group'),
    name: group.profile?.name ?? '',
    description: group.profile?.description ?? null,
    type: String(group.type ?? ''),
    ...(typeof usersCount === 'number' ? { usersCount } : {}),
  };
}

export function toUser(user: User): OktaUserRecord {
  const profile = user.profile;
  return {
    id: required(user.id, 'a user'),
    status: String(user.status ?? ''),
    login: profile?.login ?? '',
    email: profile?.email ?? '',
    firstName: profile?.firstName ?? null,
    lastName: profile?.lastName ?? null,
    managerId: profile?.managerId ?? null,
    manager: profile?.manager ?? null,
  };
}

function required(id: string | undefined, what: string): string {
  if (id === undefined || id === '') throw new Error(`Okta returned ${what} without an id`);
  return id;
}
