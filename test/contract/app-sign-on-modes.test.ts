import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { createCoverage, expectError, expectResponse } from './checks.js';
import { appSignOnModeOperations } from './operation-suites.js';
import { type ContractTarget, field, records, startTarget, uniqueName } from './target.js';

/**
 * Apps of every sign-on mode on the emulator, checked against Okta's OpenAPI document (the Application schema is a
 * oneOf by `signOnMode`): created, seeded, replaced, listed, and Okta's 403 for deleting an app that is still active.
 */

const seed: SeedDocument = {
  groups: [{ name: 'Finance' }, { name: 'Payroll' }],
  apps: [
    {
      label: 'Seeded SAML',
      signOnMode: 'SAML_2_0',
      url: 'https://saml.example.com/acs',
      groups: ['Finance', 'Payroll'],
    },
    { label: 'Seeded OIDC', signOnMode: 'OPENID_CONNECT', url: 'https://oidc.example.com/callback' },
    { label: 'Seeded SWA', signOnMode: 'BROWSER_PLUGIN', url: 'https://swa.example.com/login' },
  ],
};

const bodies: Record<string, Record<string, unknown>> = {
  BOOKMARK: {
    name: 'bookmark',
    settings: { app: { url: 'https://example.com/b', requestIntegration: false } },
  },
  BASIC_AUTH: {
    name: 'template_basic_auth',
    settings: { app: { url: 'https://example.com/login', authURL: 'https://example.com/auth' } },
  },
  BROWSER_PLUGIN: {
    name: 'template_swa',
    settings: {
      app: { url: 'https://example.com/login', usernameField: 'u', passwordField: 'p', buttonField: 'b' },
    },
  },
  SECURE_PASSWORD_STORE: {
    name: 'template_sps',
    settings: { app: { url: 'https://example.com/login', usernameField: 'u', passwordField: 'p' } },
  },
  AUTO_LOGIN: { settings: { signOn: { loginUrl: 'https://example.com/login' } } },
  SAML_2_0: {
    settings: {
      signOn: {
        ssoAcsUrl: 'https://example.com/acs',
        audience: 'https://example.com/sp',
        recipient: 'https://example.com/acs',
        destination: 'https://example.com/acs',
        subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
        subjectNameIdTemplate: '${user.userName}',
        signatureAlgorithm: 'RSA_SHA256',
        digestAlgorithm: 'SHA256',
        authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
        assertionSigned: true,
        responseSigned: true,
        honorForceAuthn: true,
        requestCompressed: false,
        allowMultipleAcsEndpoints: false,
      },
    },
  },
  OPENID_CONNECT: {
    name: 'oidc_client',
    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
    settings: {
      oauthClient: {
        application_type: 'web',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: ['https://example.com/callback'],
      },
    },
  },
};

describe('apps of every sign-on mode contract (emulator)', () => {
  const coverage = createCoverage();
  let target: ContractTarget;

  beforeAll(async () => {
    target = await startTarget('emulator', seed);
  });
  afterAll(async () => {
    await target.stop();
  });

  for (const [signOnMode, body] of Object.entries(bodies)) {
    it(`createApplication ${signOnMode}, then getApplication, replaceApplication, delete after deactivation`, async () => {
      const label = uniqueName(`contract ${signOnMode}`);
      const created = await target.call('POST', '/api/v1/apps', { body: { ...body, label, signOnMode } });
      expectResponse(coverage, 'createApplication', created, 200);
      expect(field(created.body, 'signOnMode')).toBe(signOnMode);
      const id = String(field(created.body, 'id'));
      const app = `/api/v1/apps/${id}`;
      const fetched = await target.call('GET', app);
      expectResponse(coverage, 'getApplication', fetched, 200);
      const replaced = await target.call('PUT', app, {
        body: { ...(fetched.body as Record<string, unknown>), label: `${label} renamed`, name: 'ignored' },
      });
      expectResponse(coverage, 'replaceApplication', replaced, 200);
      expect(field(replaced.body, 'label')).toBe(`${label} renamed`);
      expect(field(replaced.body, 'name')).toBe(field(created.body, 'name'));
      const refused = await target.call('DELETE', app);
      expectError(coverage, 'deleteApplication', refused, 403, 'E0000056');
      await target.call('POST', `${app}/lifecycle/deactivate`);
      expectResponse(coverage, 'deleteApplication', await target.call('DELETE', app), 204);
    });
  }

  it('names a custom SAML app from the label; gives an OIDC app its client id and a secret', async () => {
    const saml = await target.call('POST', '/api/v1/apps', {
      body: { ...bodies.SAML_2_0, label: 'Example Custom SAML 2.0 App', signOnMode: 'SAML_2_0' },
    });
    expectResponse(coverage, 'createApplication', saml, 200);
    expect(field(saml.body, 'name')).toBe('emulator_examplecustomsaml20app_1');
    const oidc = await target.call('POST', '/api/v1/apps', {
      body: { ...bodies.OPENID_CONNECT, label: 'Example OIDC', signOnMode: 'OPENID_CONNECT' },
    });
    expectResponse(coverage, 'createApplication', oidc, 200);
    const client = (field(oidc.body, 'credentials') as { oauthClient?: Record<string, unknown> }).oauthClient;
    expect(client?.client_id).toBe(field(oidc.body, 'id'));
    expect(client?.client_secret).toMatch(/^sec/);
    expect(client?.token_endpoint_auth_method).toBe('client_secret_post');
  });

  it('lists seeded SAML, OIDC and SWA apps with their shapes, and pages app-group assignments by any limit', async () => {
    const listed = await target.call('GET', '/api/v1/apps?q=Seeded');
    expectResponse(coverage, 'listApplications', listed, 200);
    const modes = records(listed.body).map((app) => [app.label, app.signOnMode, app.name]);
    expect(modes).toEqual(
      expect.arrayContaining([
        ['Seeded SAML', 'SAML_2_0', 'emulator_seededsaml_1'],
        ['Seeded OIDC', 'OPENID_CONNECT', 'oidc_client'],
        ['Seeded SWA', 'BROWSER_PLUGIN', 'template_swa'],
      ]),
    );
    const saml = records(listed.body).find((app) => app.label === 'Seeded SAML');
    const groups = await target.call('GET', `/api/v1/apps/${String(saml?.id)}/groups?limit=1`);
    expectResponse(coverage, 'listApplicationGroupAssignments', groups, 200);
    expect(records(groups.body)).toHaveLength(1);
    expect(groups.headers.get('link')).toContain('rel="next"');
  });

  it('refuses an unknown sign-on mode, a name the mode does not allow, and missing required settings (400)', async () => {
    const cases = [
      { label: 'x', signOnMode: 'NOT_A_MODE' },
      { ...bodies.BOOKMARK, label: 'x', signOnMode: 'BOOKMARK', name: 'template_swa' },
      {
        name: 'template_basic_auth',
        label: 'x',
        signOnMode: 'BASIC_AUTH',
        settings: { app: { url: 'https://e.x/' } },
      },
      { name: 'oidc_client', label: 'x', signOnMode: 'OPENID_CONNECT', settings: { oauthClient: {} } },
      // Hostile bodies: not an object, a label past Okta's 100 characters, a URL that is not http(s).
      [{ label: 'x', signOnMode: 'BOOKMARK' }],
      { ...bodies.BOOKMARK, label: 'x'.repeat(101), signOnMode: 'BOOKMARK' },
      {
        name: 'bookmark',
        label: 'x',
        signOnMode: 'BOOKMARK',
        settings: { app: { url: 'javascript:alert(1)' } },
      },
      { label: 'x', signOnMode: '__proto__' },
    ];
    for (const body of cases) {
      expectError(
        coverage,
        'createApplication',
        await target.call('POST', '/api/v1/apps', { body }),
        400,
        'E0000001',
      );
    }
  });

  it('replaceApplication refuses a change of sign-on mode and answers 404 for an unknown app', async () => {
    const listed = await target.call('GET', '/api/v1/apps?q=Seeded SWA');
    const swa = records(listed.body)[0] as Record<string, unknown>;
    const changed = await target.call('PUT', `/api/v1/apps/${String(swa.id)}`, {
      body: { ...swa, signOnMode: 'BOOKMARK' },
    });
    expectError(coverage, 'replaceApplication', changed, 400, 'E0000001');
    const unknown = await target.call('PUT', '/api/v1/apps/0oa0000000000unknown', { body: swa });
    expectError(coverage, 'replaceApplication', unknown, 404, 'E0000007');
  });

  it('checked a response of every app operation this suite owns', () => {
    expect([...coverage.covered()]).toEqual(expect.arrayContaining([...appSignOnModeOperations]));
  });
});
