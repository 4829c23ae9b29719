import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { AppRecord, Store, UserStatus } from './store.js';

/** A seed: the people, groups and apps an org starts with. YAML or JSON; every list optional. */
export interface SeedDocument {
  users?: {
    email: string;
    firstName: string;
    lastName: string;
    login?: string;
    /** The manager's email; sets profile.managerId (and profile.manager, the display name). */
    manager?: string;
    status?: UserStatus;
  }[];
  groups?: { name: string; description?: string; type?: 'OKTA_GROUP' | 'APP_GROUP'; members?: string[] }[];
  apps?: {
    label: string;
    url?: string;
    status?: 'ACTIVE' | 'INACTIVE';
    groups?: string[];
    /** Default BOOKMARK (name `bookmark`); another sign-on mode needs `name`, e.g. SAML_2_0 with an org's app name. */
    signOnMode?: string;
    name?: string;
  }[];
  identitySources?: { id?: string; name: string }[];
}

export function readSeedFile(file: string): SeedDocument {
  return parseSeed(readFileSync(file, 'utf8'));
}

export function parseSeed(text: string): SeedDocument {
  const value = parse(text) as unknown;
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new Error('a seed is a mapping with users, groups, apps');
  return value as SeedDocument;
}

/** Adds a seed to the org: users first (managers resolved by email), then groups with members, then apps. */
export function applySeed(store: Store, seed: SeedDocument): { users: number; groups: number; apps: number } {
  const { state, clock, ids } = store;
  const byEmail = new Map<string, string>();
  for (const user of seed.users ?? []) {
    const record = store.createUser(
      {
        firstName: user.firstName,
        lastName: user.lastName,
        email: user.email,
        login: user.login ?? user.email,
      },
      { status: user.status ?? 'ACTIVE' },
    );
    byEmail.set(user.email.toLowerCase(), record.id);
  }
  for (const user of seed.users ?? []) {
    if (user.manager === undefined) continue;
    const record = state.users.get(byEmail.get(user.email.toLowerCase()) ?? '');
    const manager =
      store.findUser(user.manager) ?? state.users.get(byEmail.get(user.manager.toLowerCase()) ?? '');
    if (record === undefined || manager === undefined)
      throw new Error(`seed: unknown manager ${user.manager}`);
    record.profile.managerId = manager.id;
    record.profile.manager = `${manager.profile.firstName ?? ''} ${manager.profile.lastName ?? ''}`.trim();
  }
  const userId = (email: string) => {
    const found = store.findUser(email) ?? state.users.get(byEmail.get(email.toLowerCase()) ?? '');
    if (found === undefined) throw new Error(`seed: unknown user ${email}`);
    return found.id;
  };
  for (const group of seed.groups ?? []) {
    const record = store.createGroup(group.name, group.description ?? null, group.type ?? 'OKTA_GROUP');
    const members = new Set((group.members ?? []).map(userId));
    if (members.size > 0) state.members.set(record.id, members);
  }
  for (const app of seed.apps ?? []) {
    const now = clock.now();
    const record: AppRecord = {
      id: ids.next('0oa'),
      name: app.name ?? 'bookmark',
      label: app.label,
      status: app.status ?? 'ACTIVE',
      signOnMode: app.signOnMode ?? 'BOOKMARK',
      created: now,
      lastUpdated: now,
      settings: { app: { requestIntegration: false, url: app.url ?? 'https://example.com/' } },
    };
    state.apps.set(record.id, record);
    const assignments = store.assignmentsOf(record.id);
    for (const [priority, name] of (app.groups ?? []).entries()) {
      const group = store.groupByName(name);
      if (group === undefined) throw new Error(`seed: app ${app.label} names unknown group ${name}`);
      assignments.set(group.id, {
        appId: record.id,
        groupId: group.id,
        priority,
        profile: {},
        lastUpdated: now,
      });
    }
  }
  for (const source of seed.identitySources ?? []) {
    const id = source.id ?? ids.next('0ia');
    state.identitySources.set(id, { id, name: source.name });
  }
  store.touch();
  return { users: seed.users?.length ?? 0, groups: seed.groups?.length ?? 0, apps: seed.apps?.length ?? 0 };
}
