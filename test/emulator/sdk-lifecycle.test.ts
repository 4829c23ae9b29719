import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';

/**
 * The real Okta SDK against the emulator for what okta-sdk-nodejs's own integration tests exercise (the full suite is
 * `npm run test:okta-sdk`): the user lifecycle, and apps of non-bookmark sign-on modes as the SDK's typed models.
 */
describe('@okta/okta-sdk-nodejs: user lifecycle and sign-on modes against the emulator', () => {
  let emulator: RunningEmulator;
  let client: InstanceType<typeof okta.Client>;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: {
        users: [{ email: 'admin@example.com', firstName: 'Org', lastName: 'Admin' }],
        groups: [{ name: 'Finance' }, { name: 'Payroll' }],
        apps: [
          { label: 'Seeded OIDC', signOnMode: 'OPENID_CONNECT', url: 'https://oidc.example.com/cb' },
          {
            label: 'Seeded SAML',
            signOnMode: 'SAML_2_0',
            url: 'https://saml.example.com/acs',
            groups: ['Finance', 'Payroll'],
          },
        ],
      },
      randomSeed: 11,
    });
    client = new okta.Client({ orgUrl: emulator.url, token: emulator.token, cacheMiddleware: null });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  async function statusOf(userId: string): Promise<string | undefined> {
    return (await client.userApi.getUser({ userId })).status;
  }

  it('walks a user through staged, active, suspended, password expired, deactivated and deleted', async () => {
    const created = await client.userApi.createUser({
      body: {
        profile: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.com',
          login: 'ada@example.com',
        },
        credentials: { password: { value: 'Abcd1234#@' } },
      },
      activate: false,
    });
    const userId = created.id ?? '';
    expect(created.status).toBe('STAGED');
    const token = await client.userApi.activateUser({ userId, sendEmail: false });
    expect(token.activationToken).toMatch(/^act/);
    await client.userApi.suspendUser({ userId });
    const suspended: string[] = [];
    for await (const user of await client.userApi.listUsers({ filter: 'status eq "SUSPENDED"' }))
      suspended.push(user?.id ?? '');
    expect(suspended).toEqual([userId]);
    await client.userApi.unsuspendUser({ userId });
    const unlock = await client.userApi.unlockUser({ userId }).catch((error: unknown) => error);
    expect(unlock).toMatchObject({ status: 403, errorCode: 'E0000032' });
    expect((await client.userApi.expirePassword({ userId })).status).toBe('PASSWORD_EXPIRED');
    await client.userApi.resetFactors({ userId });
    await client.userApi.revokeUserSessions({ userId });
    const updated = await client.userApi.updateUser({
      userId,
      // A partial profile: the SDK's UserProfile type names no custom attribute.
      user: { profile: { nickName: 'Countess' } as never },
    });
    expect(updated.profile?.nickName).toBe('Countess');
    await client.userApi.deleteUser({ userId });
    expect(await statusOf(userId)).toBe('DEPROVISIONED');
    await client.userApi.deleteUser({ userId });
    const gone = await client.userApi.getUser({ userId }).catch((error: unknown) => error);
    expect(gone).toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  it('answers seeded SAML and OIDC apps as the SDK’s SamlApplication and OpenIdConnectApplication', async () => {
    const byLabel = new Map<string, unknown>();
    for await (const app of await client.applicationApi.listApplications({ q: 'Seeded' }))
      byLabel.set(app?.label ?? '', app);
    expect(byLabel.get('Seeded SAML')).toBeInstanceOf(okta.SamlApplication);
    expect(byLabel.get('Seeded OIDC')).toBeInstanceOf(okta.OpenIdConnectApplication);
    const oidc = byLabel.get('Seeded OIDC') as InstanceType<typeof okta.OpenIdConnectApplication>;
    expect(oidc.credentials?.oauthClient?.client_id).toBe(oidc.id);
  });

  it('creates, replaces and deletes a SAML app; deleting it while active is refused with 403', async () => {
    const created = (await client.applicationApi.createApplication({
      application: {
        label: 'Example Custom SAML 2.0 App',
        signOnMode: 'SAML_2_0',
        settings: {
          signOn: {
            ssoAcsUrl: 'https://example.com/acs',
            audience: 'urn:example',
            defaultRelayState: '',
            assertionSigned: true,
            responseSigned: true,
            honorForceAuthn: true,
            requestCompressed: false,
            allowMultipleAcsEndpoints: false,
          },
        },
        // The SDK types a SAML app's settings as its full model class; the emulator takes the plain JSON Okta takes.
      } as never,
    })) as InstanceType<typeof okta.SamlApplication>;
    expect(created).toBeInstanceOf(okta.SamlApplication);
    expect(created.name).toContain('examplecustomsaml20app');
    expect(created.settings?.signOn?.defaultRelayState).toBeNull();
    const appId = created.id ?? '';
    created.label = 'Renamed SAML';
    const replaced = await client.applicationApi.replaceApplication({ appId, application: created });
    expect(replaced.label).toBe('Renamed SAML');
    const refused = await client.applicationApi.deleteApplication({ appId }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403, errorCode: 'E0000056' });
    await client.applicationApi.deactivateApplication({ appId });
    await client.applicationApi.deleteApplication({ appId });
  });

  it('pages an app’s group assignments by a limit below 20', async () => {
    const seeded: string[] = [];
    for await (const app of await client.applicationApi.listApplications({ q: 'Seeded SAML' }))
      seeded.push(app?.id ?? '');
    await fetch(`${emulator.url}/__emulator/requests`, { method: 'DELETE' });
    const ids: string[] = [];
    for await (const assignment of await client.applicationApi.listApplicationGroupAssignments({
      appId: seeded[0] ?? '',
      limit: 1,
    }))
      ids.push(assignment?.id ?? '');
    expect(ids).toHaveLength(2);
    expect(emulator.counts().byEndpoint['GET /api/v1/apps/:appId/groups']).toBe(2);
  });
});
