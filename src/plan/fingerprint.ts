import { createHash } from 'node:crypto';
import type { OktaUser, OrgModel } from '../model/org.js';

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

function compareFirst(a: readonly unknown[], b: readonly unknown[]): number {
  const left = String(a[0]);
  const right = String(b[0]);
  return left < right ? -1 : left > right ? 1 : 0;
}
