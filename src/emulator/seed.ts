import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
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
  groups?: { name: string; description?: string; type?: 'OKTA_GROUP' | 'APP_GROUP'; members?: string[] }[];
  apps?: SeedApp[];
  identitySources?: { id?: string; name: string }[];
}

/**
 * An app of any sign-on mode (default BOOKMARK). Without `settings`, the mode's required settings are made from `url`
 * (a SAML app's ACS URL and audience, an OIDC app's redirect URI, …); `name` is needed only where Okta fixes it to
 * something other than the mode's usual catalog name (e.g. `template_swa3field`).
 */
export interface SeedApp {
  label: string;
  signOnMode?: string;
  name?: string;
  url?: string;
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  status?: 'ACTIVE' | 'INACTIVE';
  groups?: string[];
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
      // Seeded users have passwords, except PROVISIONED ones (activated, yet to choose one).
      { status: user.status ?? 'ACTIVE', hasPassword: user.status !== 'PROVISIONED' },
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
      id: ids.next('0oa'),
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
  for (const source of seed.identitySources ?? []) {
    const id = source.id ?? ids.next('0ia');
    state.identitySources.set(id, { id, name: source.name });
  }
  store.touch();
  return { users: seed.users?.length ?? 0, groups: seed.groups?.length ?? 0, apps: seed.apps?.length ?? 0 };
}
