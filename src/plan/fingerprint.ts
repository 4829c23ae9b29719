import { createHash } from 'node:crypto';
import type { OktaUser, OrgModel } from '../model/org.js';
import type { DesiredState } from '../model/state.js';

/**
 * A hash of the actual state a plan depends on: the apps and groups read (ids, descriptions, types, members) and
 * the users resolved. Apply reads again and compares: a different fingerprint means the org changed since the plan.
 */
export function fingerprintActual(actual: OrgModel, users: ReadonlyMap<string, OktaUser>): string {
  const apps = [...actual.apps.values()]
    .map((app) => [app.label, app.id ?? null, [...app.assignedGroups].sort()])
    .sort(compareFirst);
  const groups = [...actual.groups.entries()]
    .map(([key, group]) => [
      key,
      group.id ?? null,
      group.type ?? null,
      group.managed,
      group.description,
      [...group.members.entries()]
        .map(([email, member]) => [email, member.userId ?? null])
        .sort(compareFirst),
    ])
    .sort(compareFirst);
  const people = [...users.values()].map((user) => [user.email, user.id, user.status]).sort(compareFirst);
  return `sha256:${createHash('sha256').update(JSON.stringify({ apps, groups, people })).digest('hex')}`;
}

/**
 * The apps and groups of `fingerprintActual` alone, without the people looked up: those depend on the emails the
 * files name, so a row added for a new person changes the whole fingerprint although the org did not change.
 */
export function fingerprintGroups(actual: OrgModel): string {
  return fingerprintActual(actual, new Map());
}

/**
 * A hash of what the files ask for — apps, groups, members, people, campaigns, user sourcing — without file names or
 * line numbers. Apply compares it with the saved plan's to tell a change of the files from a change of the org.
 */
export function fingerprintDesired(desired: OrgModel, state: DesiredState): string {
  const apps = [...desired.apps.values()]
    .map((app) => [app.label, app.pinnedId ?? null, app.create ?? null, [...app.assignedGroups].sort()])
    .sort(compareFirst);
  const groups = [...desired.groups.entries()]
    .map(([key, group]) => [
      key,
      group.name,
      group.description,
      group.adopt === true,
      [...group.members.keys()].sort(),
    ])
    .sort(compareFirst);
  const people = [...state.people.values()]
    .map((person) => [person.email, person.firstName, person.lastName, person.managerEmail ?? null])
    .sort(compareFirst);
  const campaigns = [...state.campaigns.entries()]
    .map(([name, campaign]) => [name, campaign.definition])
    .sort(compareFirst);
  const users =
    state.config.users === undefined
      ? null
      : [state.config.users.identitySourceId, state.config.users.deactivateRemoved];
  const text = JSON.stringify({ apps, groups, people, campaigns, users });
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function compareFirst(a: readonly unknown[], b: readonly unknown[]): number {
  const left = String(a[0]);
  const right = String(b[0]);
  return left < right ? -1 : left > right ? 1 : 0;
}
