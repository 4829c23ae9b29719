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
});
