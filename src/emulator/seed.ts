import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { governanceAdminId } from './governance/campaign.js';
import { appOrn, groupOrn, userOrn } from './governance/orn.js';
import { appFieldsFrom, emulatorOrgName } from './management/app-modes.js';
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
  groups?: {
    name: string;
    description?: string;
    type?: 'OKTA_GROUP' | 'APP_GROUP';
    members?: string[];
    /** Resource owners: users by email (anything with `@`), groups by name. */
    owners?: string[];
  }[];
  apps?: SeedApp[];
  identitySources?: { id?: string; name: string }[];
  /** Separation-of-duties risk rules: holding any group of `first` together with any group of `second`. */
  riskRules?: { name: string; description?: string; app: string; first: string[]; second: string[] }[];
}

/**
 * An app of any sign-on mode (default BOOKMARK). Without `settings`, the mode's required settings are made from `url`
 * (a SAML app's ACS URL and audience, an OIDC app's redirect URI, …); `name` is needed only where Okta fixes it to
 * something other than the mode's usual catalog name (e.g. `template_swa3field`).
 */
export interface SeedApp {
  label: string;
  /** The app's id (`0oa` and 17 letters or digits), as an app file's `id:` names it; made up when absent. */
  id?: string;
  signOnMode?: string;
  name?: string;
  url?: string;
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  status?: 'ACTIVE' | 'INACTIVE';
  groups?: string[];
  /** Resource owners: users by email (anything with `@`), groups by name. */
  owners?: string[];
}

/** The catalog name and the required settings of each sign-on mode, made from one URL. */
function seedAppBody(app: SeedApp): Record<string, unknown> {
  const url = app.url ?? 'https://example.com/';
  const mode = app.signOnMode ?? 'BOOKMARK';
  const defaults: Record<string, { name?: string; settings: Record<string, unknown> }> = {
    BOOKMARK: { name: 'bookmark', settings: { app: { requestIntegration: false, url } } },
    BASIC_AUTH: { name: 'template_basic_auth', settings: { app: { url, authURL: url } } },
    BROWSER_PLUGIN: {
      name: 'template_swa',
      settings: { app: { url, usernameField: 'username', passwordField: 'password', buttonField: 'submit' } },
    },
    SECURE_PASSWORD_STORE: {
      name: 'template_sps',
      settings: { app: { url, usernameField: 'username', passwordField: 'password' } },
    },
    AUTO_LOGIN: { settings: { signOn: { loginUrl: url } } },
    SAML_2_0: {
      settings: {
        signOn: {
          ssoAcsUrl: url,
          audience: url,
          recipient: url,
          destination: url,
          subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: Okta's expression, kept as is.
          subjectNameIdTemplate: '${user.userName}',
          signatureAlgorithm: 'RSA_SHA256',
          digestAlgorithm: 'SHA256',
          authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
          assertionSigned: true,
          responseSigned: true,
        },
      },
    },
    SAML_1_1: { settings: { signOn: { audienceOverride: url } } },
    WS_FEDERATION: { name: 'template_wsfed', settings: { app: { siteURL: url, realm: url } } },
    OPENID_CONNECT: {
      name: 'oidc_client',
      settings: {
        oauthClient: {
          application_type: 'web',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: [url],
        },
      },
    },
  };
  const fallback = defaults[mode];
  return {
    label: app.label,
    signOnMode: mode,
    name: app.name ?? fallback?.name,
    settings: app.settings ?? fallback?.settings ?? {},
    ...(app.credentials === undefined ? {} : { credentials: app.credentials }),
  };
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

const appIdPattern = /^0oa[A-Za-z0-9]{17}$/;

export interface ApplySeedOptions {
  /**
   * Add only what the org lacks: a user whose login or email is taken, a group whose name is taken, an app whose id
   * (or, without one, whose label) is taken and an identity source whose id is taken are left as the org holds them.
   */
  readonly onlyMissing?: boolean;
}

/**
 * Adds a seed to the org: users first (managers resolved by email), then groups with members, then apps. Returns
 * how many of each were added.
 */
export function applySeed(
  store: Store,
  seed: SeedDocument,
  options: ApplySeedOptions = {},
): { users: number; groups: number; apps: number } {
  const { state, clock, ids } = store;
  const onlyMissing = options.onlyMissing === true;
  const added = { users: 0, groups: 0, apps: 0 };
  const byEmail = new Map<string, string>();
  const newUsers = new Set<string>();
  for (const user of seed.users ?? []) {
    if (onlyMissing && (store.findUser(user.login ?? user.email) ?? store.findUser(user.email)) !== undefined)
      continue;
    const record = store.createUser(
      {
        firstName: user.firstName,
        lastName: user.lastName,
        email: user.email,
        login: user.login ?? user.email,
      },
      // Seeded users have passwords, except PROVISIONED ones (activated, yet to choose one).
      { status: user.status ?? 'ACTIVE', hasPassword: user.status !== 'PROVISIONED' },
    );
    byEmail.set(user.email.toLowerCase(), record.id);
    newUsers.add(user.email.toLowerCase());
    added.users++;
  }
  for (const user of seed.users ?? []) {
    if (user.manager === undefined || !newUsers.has(user.email.toLowerCase())) continue;
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
    if (onlyMissing && store.groupByName(group.name) !== undefined) continue;
    added.groups++;
    const record = store.createGroup(group.name, group.description ?? null, group.type ?? 'OKTA_GROUP');
    const members = new Set((group.members ?? []).map(userId));
    if (members.size > 0) state.members.set(record.id, members);
  }
  for (const app of seed.apps ?? []) {
    if (app.id !== undefined && !appIdPattern.test(app.id))
      throw new Error(
        `seed: app ${app.label}: id ${app.id} is not an Okta app id (0oa and 17 letters or digits)`,
      );
    if (app.id !== undefined && state.apps.has(app.id)) {
      if (onlyMissing) continue;
      throw new Error(`seed: app ${app.label}: the id ${app.id} is taken`);
    }
    if (
      app.id === undefined &&
      onlyMissing &&
      [...state.apps.values()].some((existing) => existing.label === app.label)
    )
      continue;
    added.apps++;
    const now = clock.now();
    let fields: ReturnType<typeof appFieldsFrom>;
    try {
      fields = appFieldsFrom(seedAppBody(app), {
        ids,
        orgName: emulatorOrgName,
        takenNames: new Set([...state.apps.values()].map((existing) => existing.name)),
      });
    } catch (error) {
      const causes = (error as { causes?: readonly string[] }).causes ?? [];
      throw new Error(`seed: app ${app.label}: ${[(error as Error).message, ...causes].join('; ')}`);
    }
    const record: AppRecord = {
      id: app.id ?? ids.next('0oa'),
      status: app.status ?? 'ACTIVE',
      created: now,
      lastUpdated: now,
      ...fields,
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
  seedOwners(store, seed);
  seedRiskRules(store, seed);
  for (const source of seed.identitySources ?? []) {
    const id = source.id ?? ids.next('0ia');
    if (onlyMissing && state.identitySources.has(id)) continue;
    state.identitySources.set(id, { id, name: source.name });
  }
  store.touch();
  return added;
}

function ownerOrn(store: Store, owner: string, where: string): string {
  const orgId = store.state.orgId;
  if (owner.includes('@')) {
    const user = store.findUser(owner);
    if (user === undefined) throw new Error(`seed: ${where}: unknown owner ${owner}`);
    return userOrn(orgId, user.id);
  }
  const group = store.groupByName(owner);
  if (group === undefined) throw new Error(`seed: ${where}: unknown owner group ${owner}`);
  return groupOrn(orgId, group.id);
}

function setOwners(store: Store, resourceOrn: string, owners: string[], where: string): void {
  if (owners.length === 0) return;
  if (owners.length > 5) throw new Error(`seed: ${where}: at most 5 owners`);
  const principalOrns = [...new Set(owners.map((owner) => ownerOrn(store, owner, where)))];
  store.state.resourceOwners.set(resourceOrn, { resourceOrn, principalOrns, lastUpdated: store.clock.now() });
}

/** Owners of seeded groups and apps (an app by its id, else its label). */
function seedOwners(store: Store, seed: SeedDocument): void {
  const { state } = store;
  for (const group of seed.groups ?? []) {
    const record = store.groupByName(group.name);
    if (record !== undefined)
      setOwners(store, groupOrn(state.orgId, record.id), group.owners ?? [], `group ${group.name}`);
  }
  for (const app of seed.apps ?? []) {
    const record =
      (app.id === undefined ? undefined : state.apps.get(app.id)) ??
      [...state.apps.values()].find((existing) => existing.label === app.label);
    if (record !== undefined)
      setOwners(store, appOrn(state.orgId, record), app.owners ?? [], `app ${app.label}`);
  }
}

function seedRiskRules(store: Store, seed: SeedDocument): void {
  const { state } = store;
  for (const rule of seed.riskRules ?? []) {
    if ([...state.riskRules.values()].some((existing) => existing.name === rule.name)) continue;
    const app = [...state.apps.values()].find(
      (existing) => existing.label === rule.app || existing.id === rule.app,
    );
    if (app === undefined) throw new Error(`seed: risk rule ${rule.name}: unknown app ${rule.app}`);
    const criterion = (name: string, groups: string[]) => ({
      name,
      attribute: 'principal.effective_grants',
      operation: 'CONTAINS_ONE',
      value: {
        type: 'ENTITLEMENTS',
        value: groups.map((groupName) => {
          const group = store.groupByName(groupName);
          if (group === undefined)
            throw new Error(`seed: risk rule ${rule.name}: unknown group ${groupName}`);
          return { id: group.id };
        }),
      },
    });
    const now = store.clock.now();
    const id = store.ids.next('rul');
    state.riskRules.set(id, {
      id,
      name: rule.name,
      ...(rule.description === undefined ? {} : { description: rule.description }),
      type: 'SEPARATION_OF_DUTIES',
      resources: [{ resourceOrn: appOrn(state.orgId, app) }],
      conflictCriteria: { and: [criterion('first', rule.first), criterion('second', rule.second)] },
      created: now,
      createdBy: governanceAdminId,
      lastUpdated: now,
      lastUpdatedBy: governanceAdminId,
    });
  }
}
