import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/emulator/clock.js';
import { createIds } from '../../src/emulator/ids.js';
import { applySeed, parseSeed } from '../../src/emulator/seed.js';
import { createStore, type UserStatus } from '../../src/emulator/store.js';

const statuses: readonly UserStatus[] = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
];

function freshStore() {
  return createStore(createClock(), createIds(7));
}

describe('emulator seed', () => {
  it('seeds users in every status Okta has, activated unless STAGED or PROVISIONED', () => {
    const store = freshStore();
    applySeed(store, {
      users: statuses.map((status) => ({
        email: `${status.toLowerCase()}@example.com`,
        firstName: status,
        lastName: 'User',
        status,
      })),
    });
    for (const status of statuses) {
      const user = store.requireUser(`${status.toLowerCase()}@example.com`);
      expect(user.status).toBe(status);
      expect(user.activated === null).toBe(status === 'STAGED' || status === 'PROVISIONED');
      expect(user.hasPassword).toBe(status !== 'PROVISIONED');
    }
  });

  it('seeds apps of every sign-on mode from a label and a URL, with the names Okta gives them', () => {
    const store = freshStore();
    const seed = parseSeed(`
groups: [{ name: Finance }]
apps:
  - { label: Bookmark, url: "https://b.example.com/" }
  - { label: Payroll SAML, signOnMode: SAML_2_0, url: "https://saml.example.com/acs", groups: [Finance] }
  - { label: Payroll OIDC, signOnMode: OPENID_CONNECT, url: "https://oidc.example.com/cb" }
  - { label: Payroll SWA, signOnMode: BROWSER_PLUGIN, url: "https://swa.example.com/login" }
  - { label: Payroll SWA 3, signOnMode: BROWSER_PLUGIN, name: template_swa3field, url: "https://swa.example.com/" }
  - { label: Payroll Basic, signOnMode: BASIC_AUTH, url: "https://basic.example.com/" }
  - { label: Payroll SPS, signOnMode: SECURE_PASSWORD_STORE, url: "https://sps.example.com/" }
  - { label: Custom SWA, signOnMode: AUTO_LOGIN, url: "https://auto.example.com/", status: INACTIVE }
  - { label: WS-Fed, signOnMode: WS_FEDERATION, url: "https://wsfed.example.com/" }
`);
    applySeed(store, seed);
    const apps = [...store.state.apps.values()].map((app) => [
      app.label,
      app.signOnMode,
      app.name,
      app.status,
    ]);
    expect(apps).toEqual([
      ['Bookmark', 'BOOKMARK', 'bookmark', 'ACTIVE'],
      ['Payroll SAML', 'SAML_2_0', 'emulator_payrollsaml_1', 'ACTIVE'],
      ['Payroll OIDC', 'OPENID_CONNECT', 'oidc_client', 'ACTIVE'],
      ['Payroll SWA', 'BROWSER_PLUGIN', 'template_swa', 'ACTIVE'],
      ['Payroll SWA 3', 'BROWSER_PLUGIN', 'template_swa3field', 'ACTIVE'],
      ['Payroll Basic', 'BASIC_AUTH', 'template_basic_auth', 'ACTIVE'],
      ['Payroll SPS', 'SECURE_PASSWORD_STORE', 'template_sps', 'ACTIVE'],
      ['Custom SWA', 'AUTO_LOGIN', 'emulator_customswa_1', 'INACTIVE'],
      ['WS-Fed', 'WS_FEDERATION', 'template_wsfed', 'ACTIVE'],
    ]);
    const saml = [...store.state.apps.values()].find((app) => app.signOnMode === 'SAML_2_0');
    expect(saml?.settings.signOn).toMatchObject({
      ssoAcsUrl: 'https://saml.example.com/acs',
      assertionSigned: true,
    });
    expect([...store.assignmentsOf(saml?.id ?? '').keys()]).toEqual([store.groupByName('Finance')?.id]);
    const oidc = [...store.state.apps.values()].find((app) => app.signOnMode === 'OPENID_CONNECT');
    expect(oidc?.credentials?.oauthClient).toMatchObject({
      token_endpoint_auth_method: 'client_secret_basic',
    });
  });

  it('refuses an app whose sign-on mode Okta does not have, or whose settings are incomplete, naming the app', () => {
    expect(() => applySeed(freshStore(), { apps: [{ label: 'Odd', signOnMode: 'KERBEROS' }] })).toThrow(
      /^seed: app Odd: Api validation failed: signOnMode; signOnMode: must be one of BOOKMARK, /,
    );
    for (const signOnMode of ['__proto__', 'constructor', 'toString']) {
      expect(() => applySeed(freshStore(), { apps: [{ label: 'Hostile', signOnMode }] })).toThrow(
        /^seed: app Hostile: Api validation failed: signOnMode/,
      );
    }
    expect(() =>
      applySeed(freshStore(), {
        apps: [{ label: 'No URL', signOnMode: 'BOOKMARK', settings: { app: {} } }],
      }),
    ).toThrow(/^seed: app No URL: Api validation failed: settings\.app\.url/);
  });

  it('gives an app the id the seed names, and refuses an id that is not an app id or is taken', () => {
    const store = freshStore();
    applySeed(store, { apps: [{ label: 'CRM', id: '0oa1234567890abcdefg' }] });
    expect(store.requireApp('0oa1234567890abcdefg').label).toBe('CRM');
    expect(() => applySeed(store, { apps: [{ label: 'CRM 2', id: '0oa1234567890abcdefg' }] })).toThrow(
      /^seed: app CRM 2: the id 0oa1234567890abcdefg is taken/,
    );
    expect(() => applySeed(store, { apps: [{ label: 'Odd', id: '00u1234567890abcdefg' }] })).toThrow(
      /is not an Okta app id/,
    );
  });

  it('with onlyMissing adds only the users, groups, apps and identity sources the org lacks', () => {
    const store = freshStore();
    applySeed(store, {
      users: [{ email: 'ada@example.com', firstName: 'Augusta', lastName: 'King' }],
      groups: [{ name: 'Finance' }],
      apps: [{ label: 'Wiki' }],
      identitySources: [{ id: '0oa3l6l6WK6h0R0QW0g4', name: 'HR' }],
    });
    const added = applySeed(
      store,
      {
        users: [
          { email: 'ADA@example.com', firstName: 'Ada', lastName: 'Lovelace', manager: 'boss@example.com' },
          { email: 'boss@example.com', firstName: 'Boss', lastName: 'Person' },
          { email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing', manager: 'ada@example.com' },
        ],
        groups: [
          { name: 'finance', members: ['alan@example.com'] },
          { name: 'Sales', members: ['ada@example.com'] },
        ],
        apps: [{ label: 'Wiki' }, { label: 'CRM', id: '0oa1234567890abcdefg', groups: ['Sales'] }],
        identitySources: [{ id: '0oa3l6l6WK6h0R0QW0g4', name: 'Other' }],
      },
      { onlyMissing: true },
    );
    expect(added).toEqual({ users: 2, groups: 1, apps: 1 });
    const ada = store.requireUser('ada@example.com');
    expect(ada.profile).toMatchObject({ firstName: 'Augusta', lastName: 'King' });
    expect(ada.profile.managerId).toBeUndefined();
    expect(store.requireUser('alan@example.com').profile.managerId).toBe(ada.id);
    expect(store.state.members.get(store.groupByName('Finance')?.id ?? '')).toBeUndefined();
    expect([...store.membersOf(store.groupByName('Sales')?.id ?? '')]).toEqual([ada.id]);
    expect([...store.state.apps.values()].map((app) => app.label).sort()).toEqual(['CRM', 'Wiki']);
    expect(store.state.identitySources.get('0oa3l6l6WK6h0R0QW0g4')?.name).toBe('HR');
  });
});
