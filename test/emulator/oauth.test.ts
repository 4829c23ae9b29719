import { generateKeyPairSync } from 'node:crypto';
import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';

/** The private-key (client credentials) flow of an Okta service app, with the real SDK. */
describe('OAuth 2.0 service app with a private key', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: { groups: [{ name: 'Payroll-Admin' }] },
      clients: [
        {
          clientId: '0oaserviceapp0000001',
          publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          scopes: ['okta.groups.read', 'okta.users.read'],
        },
      ],
    });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  function client(clientId: string, scopes: string[]) {
    return new okta.Client({
      orgUrl: emulator.url,
      authorizationMode: 'PrivateKey',
      clientId,
      scopes,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      keyId: 'key-1',
      cacheMiddleware: null,
    });
  }

  it('gets a token with a signed client assertion and reads within its scopes', async () => {
    const names: string[] = [];
    for await (const group of await client('0oaserviceapp0000001', ['okta.groups.read']).groupApi.listGroups(
      {},
    )) {
      names.push(group?.profile?.name ?? '');
    }
    expect(names).toContain('Payroll-Admin');
  });

  it('answers 403 E0000006 for an operation outside the token’s scopes', async () => {
    const error = await client('0oaserviceapp0000001', ['okta.groups.read'])
      .groupApi.createGroup({ group: { profile: { name: 'Not-Allowed' } } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 403, errorCode: 'E0000006' });
  });

  it('issues no token to an unknown client, so the API answers 401', async () => {
    const error = await client('0oaunknownclient0001', ['okta.groups.read'])
      .groupApi.listGroups({})
      .then(async (collection) => {
        for await (const _group of collection) {
          // drain
        }
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401 });
  });

  it('refuses a client assertion signed with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = new okta.Client({
      orgUrl: emulator.url,
      authorizationMode: 'PrivateKey',
      clientId: '0oaserviceapp0000001',
      scopes: ['okta.groups.read'],
      privateKey: other.export({ type: 'pkcs8', format: 'pem' }).toString(),
      keyId: 'key-2',
      cacheMiddleware: null,
    });
    const error = await forged.groupApi
      .getGroup({ groupId: '00gwhatever000000000' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401 });
  });
});
