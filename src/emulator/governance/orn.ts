import type { AppRecord, GroupRecord, Store, UserRecord } from '../store.js';
import { invalid } from './checks.js';

/** Okta resource names the governance API reads and writes: users, groups (directory) and apps (idp). */
export type Orn =
  | { readonly kind: 'user'; readonly record: UserRecord }
  | { readonly kind: 'group'; readonly record: GroupRecord }
  | { readonly kind: 'app'; readonly record: AppRecord };

export function userOrn(orgId: string, userId: string): string {
  return `orn:okta:directory:${orgId}:users:${userId}`;
}

export function groupOrn(orgId: string, groupId: string): string {
  return `orn:okta:directory:${orgId}:groups:${groupId}`;
}

export function appOrn(orgId: string, app: AppRecord): string {
  return `orn:okta:idp:${orgId}:apps:${app.name}:${app.id}`;
}

/** The ORN of what the org holds under `orn`, or undefined when it names nothing there (another org, unknown id…). */
export function resolveOrn(orn: string, store: Store): Orn | undefined {
  const parts = orn.split(':');
  if (parts[0] !== 'orn' || parts[1] !== 'okta' || parts[3] !== store.state.orgId) return undefined;
  const [, , service, , objectType, ...rest] = parts;
  if (service === 'directory' && rest.length === 1) {
    const id = rest[0] ?? '';
    if (objectType === 'users') {
      const user = store.state.users.get(id);
      return user === undefined ? undefined : { kind: 'user', record: user };
    }
    if (objectType === 'groups') {
      const group = store.state.groups.get(id);
      return group === undefined ? undefined : { kind: 'group', record: group };
    }
  }
  if (service === 'idp' && objectType === 'apps' && rest.length === 2) {
    const app = store.state.apps.get(rest[1] ?? '');
    return app === undefined || app.name !== rest[0] ? undefined : { kind: 'app', record: app };
  }
  return undefined;
}

/** The canonical ORN of a resolved resource. */
export function ornOf(resolved: Orn, orgId: string): string {
  switch (resolved.kind) {
    case 'user':
      return userOrn(orgId, resolved.record.id);
    case 'group':
      return groupOrn(orgId, resolved.record.id);
    case 'app':
      return appOrn(orgId, resolved.record);
  }
}

/** A string that must be an ORN of one of `kinds` in this org; 400 E0000001 naming `path` otherwise. */
export function requireOrn(value: unknown, path: string, kinds: readonly Orn['kind'][], store: Store): Orn {
  if (typeof value !== 'string' || value === '') throw invalid(`${path} must be an ORN string`);
  const resolved = resolveOrn(value, store);
  if (resolved === undefined || !kinds.includes(resolved.kind)) {
    throw invalid(`${path}: ${value} is not the ORN of a ${kinds.join(' or ')} in this org`);
  }
  return resolved;
}

/** Apps a group is assigned to, by app id. */
export function appsOfGroup(groupId: string, store: Store): AppRecord[] {
  const apps: AppRecord[] = [];
  for (const [appId, assignments] of store.state.assignments) {
    const app = store.state.apps.get(appId);
    if (app !== undefined && assignments.has(groupId)) apps.push(app);
  }
  return apps.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
