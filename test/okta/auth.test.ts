import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { createOktaPort } from '../../src/okta/client.js';
import { OktaConfigError, OktaRequestError } from '../../src/okta/errors.js';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
const clientId = '0oaserviceapp0000001';
const secretToken = 'sSwS-sEcReT-00aa11bb22cc33dd44ee55ff';

function everythingAbout(error: unknown): string {
  const fields = error instanceof Error ? { ...error, message: error.message, stack: error.stack } : error;
  return `${String(error)}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(fields)}`;
}

/** Decodes the header of the client assertion the SDK sent to /oauth2/v1/token. */
function assertionHeader(body: string): Record<string, unknown> {
  const assertion = new URLSearchParams(body).get('client_assertion') ?? '';
  return JSON.parse(Buffer.from(assertion.split('.')[0] ?? '', 'base64url').toString('utf8'));
}

describe('authentication', () => {
  let emulator: RunningEmulator;
  let proxy: RecordingProxy;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: { groups: [{ name: 'Payroll-Admin' }] },
      tokens: [secretToken],
      clients: [
        {
          clientId,
          publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          scopes: ['okta.groups.read', 'okta.users.read'],
        },
      ],
    });
    proxy = await startRecordingProxy(emulator.url);
  });
  afterAll(async () => {
    await proxy.stop();
    await emulator.stop();
  });

  it('uses a service app’s private key (PEM): client credentials, then Bearer', async () => {
    const port = createOktaPort({
      orgUrl: proxy.url,
      auth: { clientId, privateKey: pem, keyId: 'key-1', scopes: ['okta.groups.read'] },
    });
    const groups = await port.listGroups({ type: 'OKTA_GROUP' });
    expect(groups.map((group) => group.name)).toEqual(['Payroll-Admin']);
    await port.listGroups({ type: 'OKTA_GROUP' });
    // The token is fetched once, through the same executor (counted), and reused.
    expect(port.stats().byEndpoint).toEqual({ 'POST /oauth2/v1/token': 1, 'GET /api/v1/groups': 2 });
    const token = proxy.exchanges.find((exchange) => exchange.path === '/oauth2/v1/token');
    expect(assertionHeader(token?.requestBody ?? '')).toMatchObject({ alg: 'RS256', kid: 'key-1' });
    const list = proxy.exchanges.filter((exchange) => exchange.path.startsWith('/api/v1/groups')).at(-1);
    expect(list?.requestHeaders.authorization).toMatch(/^Bearer /);
  });

  it('uses a service app’s private key given as a JWK', async () => {
    const port = createOktaPort({
      orgUrl: emulator.url,
      auth: { clientId, privateKey: jwk, scopes: ['okta.groups.read'] },
    });
    expect((await port.listGroups({})).length).toBeGreaterThan(0);
  });

  it('answers 403 for an operation outside the granted scopes, with a hint', async () => {
    const port = createOktaPort({
      orgUrl: emulator.url,
      auth: { clientId, privateKey: pem, scopes: ['okta.groups.read'] },
    });
    const error = await port.createGroup('Not-Allowed', '').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OktaRequestError);
    expect(error).toMatchObject({ status: 403, errorCode: 'E0000006' });
    expect((error as OktaRequestError).message).toContain('needs okta.groups.manage');
    expect((error as OktaRequestError).hint).toMatch(/carries okta\.groups\.read, not okta\.groups\.manage/);
  });

  it('refuses an unusable private key without quoting it', () => {
    // The armour is intact, the key inside is cut short.
    const lines = pem.split('\n');
    const broken = [...lines.slice(0, 6), ...lines.slice(-3)].join('\n');
    const error = (() => {
      try {
        createOktaPort({
          orgUrl: emulator.url,
          auth: { clientId, privateKey: broken, scopes: ['okta.groups.read'] },
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(OktaConfigError);
    for (const line of broken.split('\n').filter((text) => text.length > 20)) {
      expect(everythingAbout(error)).not.toContain(line);
    }
  });

  it('never puts the API token in an error', async () => {
    const wrong = 'wrong-SSWS-token-0123456789abcdef';
    const unauthorized = await createOktaPort({ orgUrl: emulator.url, auth: { token: wrong } })
      .listGroups({})
      .catch((caught: unknown) => caught);
    expect(unauthorized).toMatchObject({ status: 401, errorCode: 'E0000011' });
    expect(everythingAbout(unauthorized)).not.toContain(wrong);

    const port = createOktaPort({ orgUrl: emulator.url, auth: { token: secretToken } });
    const notFound = await port.deleteGroup('00gdoesnotexist00000').catch((caught: unknown) => caught);
    expect(notFound).toMatchObject({ status: 404 });
    expect(everythingAbout(notFound)).not.toContain(secretToken);
    expect(inspect(port, { depth: 10, showHidden: true })).not.toContain(secretToken);
    expect(JSON.stringify(port)).not.toContain(secretToken);

    const refused = await createOktaPort({
      orgUrl: 'http://127.0.0.1:9',
      auth: { token: secretToken },
      maxAttempts: 1,
    })
      .getGroup('00gwhatever000000000')
      .catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ status: 0 });
    expect(everythingAbout(refused)).not.toContain(secretToken);
  });

  it('refuses bad options with errors that echo no credential', () => {
    const attempt = (run: () => unknown) => {
      try {
        run();
      } catch (caught) {
        return caught;
      }
      return undefined;
    };
    const withPassword = attempt(() =>
      createOktaPort({
        orgUrl: 'https://admin:hunter2-password@example.okta.com',
        auth: { token: secretToken },
      }),
    );
    expect(withPassword).toBeInstanceOf(OktaConfigError);
    expect(everythingAbout(withPassword)).not.toContain('hunter2-password');
    expect(
      attempt(() => createOktaPort({ orgUrl: 'ftp://example.okta.com', auth: { token: secretToken } })),
    ).toMatchObject({
      code: 'OKTA_CONFIG',
    });
    expect(
      attempt(() => createOktaPort({ orgUrl: 'example.okta.com', auth: { token: secretToken } })),
    ).toBeInstanceOf(OktaConfigError);
    expect(attempt(() => createOktaPort({ orgUrl: emulator.url, auth: { token: ' ' } }))).toBeInstanceOf(
      OktaConfigError,
    );
    expect(
      attempt(() => createOktaPort({ orgUrl: emulator.url, auth: { token: secretToken }, maxCapacity: 0 })),
    ).toBeInstanceOf(OktaConfigError);
    expect(
      attempt(() => createOktaPort({ orgUrl: emulator.url, auth: { token: secretToken }, concurrency: 0 })),
    ).toBeInstanceOf(OktaConfigError);
    expect(
      attempt(() =>
        createOktaPort({ orgUrl: emulator.url, auth: { clientId, privateKey: pem, scopes: [] } }),
      ),
    ).toBeInstanceOf(OktaConfigError);
  });
});

/** The SDK's config loader reads ~/.okta/okta.yaml, ./okta.yaml and OKTA_CLIENT_*; none of it may reach our client. */
describe('isolation from the SDK’s own configuration sources', () => {
  let emulator: RunningEmulator;
  let proxy: RecordingProxy;
  const saved = { cwd: process.cwd(), env: { ...process.env } };

  const leakedYaml = (token: string) =>
    [
      'okta:',
      '  client:',
      '    orgUrl: "http://127.0.0.1:9"',
      `    token: "${token}"`,
      '    authorizationMode: "PrivateKey"',
      '    clientId: "0oaleakedfromyaml001"',
      '    scopes: ["okta.everything.manage"]',
      '    keyId: "leaked-yaml-kid"',
      '    userAgent: "leaked-yaml-agent"',
      '',
    ].join('\n');

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: { groups: [{ name: 'Payroll-Admin' }] },
      clients: [
        {
          clientId,
          publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          scopes: ['okta.groups.read'],
        },
      ],
    });
    proxy = await startRecordingProxy(emulator.url);
    const home = mkdtempSync(path.join(tmpdir(), 'okta-home-'));
    mkdirSync(path.join(home, '.okta'));
    writeFileSync(path.join(home, '.okta', 'okta.yaml'), leakedYaml('leaked-home-yaml-token'));
    const cwd = mkdtempSync(path.join(tmpdir(), 'okta-cwd-'));
    writeFileSync(path.join(cwd, 'okta.yaml'), leakedYaml('leaked-cwd-yaml-token'));
    process.env.HOME = home;
    process.chdir(cwd);
    Object.assign(process.env, {
      OKTA_CLIENT_ORGURL: 'http://127.0.0.1:9',
      OKTA_CLIENT_TOKEN: 'leaked-env-token',
      OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey',
      OKTA_CLIENT_CLIENTID: '0oaleakedfromenv0001',
      OKTA_CLIENT_SCOPES: 'okta.everything.manage',
      OKTA_CLIENT_PRIVATEKEY: 'leaked-env-private-key',
      OKTA_CLIENT_KEYID: 'leaked-env-kid',
    });
  });
  afterEach(() => {
    proxy.exchanges.length = 0;
  });
  afterAll(async () => {
    process.chdir(saved.cwd);
    for (const key of Object.keys(process.env)) if (!(key in saved.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
    await proxy.stop();
    await emulator.stop();
  });

  it('sends only our org URL, token and user agent in SSWS mode', async () => {
    const port = createOktaPort({ orgUrl: proxy.url, auth: { token: emulator.token } });
    expect((await port.listGroups({ type: 'OKTA_GROUP' })).map((group) => group.name)).toEqual([
      'Payroll-Admin',
    ]);
    const [exchange] = proxy.exchanges;
    expect(exchange?.requestHeaders.authorization).toBe(`SSWS ${emulator.token}`);
    expect(exchange?.requestHeaders['user-agent']).toMatch(/^okta-access-gitops @okta\/okta-sdk-nodejs\//);
    expect(JSON.stringify(exchange?.requestHeaders)).not.toMatch(/leaked/);
  });

  it('uses only our client id, scopes and key id in PrivateKey mode', async () => {
    const port = createOktaPort({
      orgUrl: proxy.url,
      auth: { clientId, privateKey: pem, scopes: ['okta.groups.read'] },
    });
    expect(await port.listGroups({})).not.toHaveLength(0);
    const token = proxy.exchanges.find((exchange) => exchange.path === '/oauth2/v1/token');
    const form = new URLSearchParams(token?.requestBody ?? '');
    expect(form.get('scope')).toBe('okta.groups.read');
    // No key id was given: none may come from the environment or a file.
    expect(assertionHeader(token?.requestBody ?? '').kid).toBeUndefined();
    expect(`${token?.requestBody} ${JSON.stringify(token?.requestHeaders)}`).not.toMatch(/leaked/);
  });

  it('replaces the SDK’s error for a malformed okta.yaml, which could quote a token', () => {
    writeFileSync(
      path.join(process.cwd(), 'okta.yaml'),
      'okta:\n  client:\n    token: "quoted-yaml-token-1234\n  : [',
    );
    const error = (() => {
      try {
        createOktaPort({ orgUrl: emulator.url, auth: { token: emulator.token } });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(OktaConfigError);
    expect(everythingAbout(error)).not.toContain('quoted-yaml-token-1234');
    expect((error as OktaConfigError).hint).toMatch(/okta\.yaml/);
  });
});
