import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { checkOrgUrl } from '../../src/okta/org-url.js';
import { writeRepo } from '../e2e/repo.js';
import { type GitHubStandIn, startGitHubStandIn } from '../github/stand-in.js';
import { registerSecret } from '../support/secrets.js';
import {
  actionCheckout,
  cli,
  keyPair,
  type Listener,
  payrollFiles,
  runBundledAction,
  startAttacker,
} from './support.js';

/**
 * The org is the workflow's, never the pull request's: a config whose org.url names another server gets nothing sent
 * anywhere (neither the API token nor an OAuth client assertion), and credentials never travel over plain http beyond
 * a loopback host.
 */

const token = '00sec-org-url-Vq8Zr2LmXk5Tn9Wb';
const clientId = '0oasecurityapp00001';
const { privateKey, publicKey } = keyPair('rsa');
const people = [
  { email: 'ada@example.com', firstName: 'Ada', lastName: 'Example' },
  { email: 'alan@example.com', firstName: 'Alan', lastName: 'Example' },
];

let emulator: RunningEmulator;
let attacker: Listener;

beforeEach(async () => {
  emulator = await startEmulator({
    seed: { users: people },
    tokens: [token],
    clients: [
      {
        clientId,
        publicKey,
        scopes: [
          'okta.apps.read',
          'okta.groups.read',
          'okta.users.read',
          'okta.governance.accessCertifications.read',
        ],
      },
    ],
  });
  attacker = await startAttacker();
  registerSecret('the Okta API token', token);
  registerSecret('the service app private key', privateKey);
});

afterEach(async () => {
  await attacker.stop();
  await emulator.stop();
});

const credentials = {
  token: { OKTA_API_TOKEN: token },
  'private key': { OKTA_CLIENT_ID: clientId, OKTA_PRIVATE_KEY: privateKey, OKTA_KEY_ID: 'key-1' },
} as const;

describe('org.url in okta-access.yaml against OKTA_ORG_URL', () => {
  for (const [kind, secrets] of Object.entries(credentials)) {
    it(`refuses an org.url that names another server before any request (${kind})`, async () => {
      const config = writeRepo(payrollFiles(`version: 1\norg:\n  url: ${attacker.url}\n`));
      const requestsBefore = emulator.log().length;

      const result = await cli(['plan', '--config', config, '--format', 'markdown'], {
        OKTA_ORG_URL: emulator.url,
        ...secrets,
      });

      // Nothing reached the other server: no API call with the token, no OAuth client assertion.
      expect(attacker.received.map((request) => `${request.method} ${request.url}`)).toEqual([]);
      expect(result.stderr).toContain('ORG_URL_MISMATCH');
      expect(result.stderr).toMatch(/org\.url at .*okta-access\.yaml:3:8 names http:\/\/127\.0\.0\.1:\d+/);
      expect(result.code).toBe(1);
      expect(emulator.log().length).toBe(requestsBefore);
    });
  }

  it('refuses the same in every command that contacts Okta', async () => {
    const config = writeRepo(payrollFiles(`version: 1\norg: {url: "${attacker.url}"}\n`));
    const env = { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: token };
    for (const args of [
      ['plan', '--config', config],
      ['apply', '--config', config, '--auto-approve'],
      ['drift', '--config', config],
      ['doctor', '--config', config],
      ['import', '--config', config, '--app', 'Payroll', '--out', `${config}.import`],
    ]) {
      const result = await cli(args, env);
      expect(result.stderr, args[0]).toContain('ORG_URL_MISMATCH');
      expect(result.code, args[0]).toBe(1);
    }
    expect(attacker.received.map((request) => `${request.method} ${request.url}`)).toEqual([]);
  });

  it('accepts an org.url that names the same org in another spelling', async () => {
    const spelled = `${emulator.url}//`;
    const config = writeRepo(payrollFiles(`version: 1\norg:\n  url: ${spelled}\n`));
    const result = await cli(['plan', '--config', config, '--format', 'json'], {
      OKTA_ORG_URL: emulator.url,
      OKTA_API_TOKEN: token,
    });
    expect(result.stderr).not.toContain('ORG_URL');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ org: emulator.url });
  });

  it('still takes org.url alone on the command line, when OKTA_ORG_URL is not set', async () => {
    const config = writeRepo(payrollFiles(`version: 1\norg:\n  url: ${emulator.url}\n`));
    const result = await cli(['plan', '--config', config, '--format', 'json'], { OKTA_API_TOKEN: token });
    expect(result.code).toBe(0);
    expect(emulator.log().length).toBeGreaterThan(0);
  });
});

describe('plain http', () => {
  it('is refused for a host that is not loopback, from the environment or from org.url', async () => {
    const bare = writeRepo(payrollFiles('version: 1\n'));
    const fromEnv = await cli(['plan', '--config', bare], {
      OKTA_ORG_URL: 'http://acme.okta.com',
      OKTA_API_TOKEN: token,
    });
    expect(fromEnv.stderr).toContain(
      'ORG_URL_INSECURE: the Okta org URL (OKTA_ORG_URL) http://acme.okta.com is plain http and not a loopback host',
    );
    expect(fromEnv.code).toBe(1);

    const inConfig = writeRepo(payrollFiles('version: 1\norg:\n  url: http://acme.okta.com\n'));
    const fromConfig = await cli(['plan', '--config', inConfig], { OKTA_API_TOKEN: token });
    expect(fromConfig.stderr).toMatch(
      /ORG_URL_INSECURE: the Okta org URL \(org\.url at .*okta-access\.yaml:3:8\)/,
    );
    expect(fromConfig.code).toBe(1);
  });

  it('is accepted for the emulator on a loopback address', async () => {
    const config = writeRepo(payrollFiles('version: 1\n'));
    const result = await cli(['plan', '--config', config, '--format', 'json'], {
      OKTA_ORG_URL: emulator.url,
      OKTA_CLIENT_ID: clientId,
      OKTA_PRIVATE_KEY: privateKey,
    });
    expect(result.code, result.stderr).toBe(0);
    // The OAuth token request went to the same org as the API calls.
    expect(emulator.log().some((entry) => entry.path === '/oauth2/v1/token')).toBe(true);
    expect(attacker.received.map((request) => `${request.method} ${request.url}`)).toEqual([]);
  });

  it('knows loopback hosts from the rest, whatever their spelling', () => {
    for (const loopback of [
      'http://localhost:1',
      'http://127.0.0.1:1',
      'http://127.8.9.10',
      'http://[::1]:8',
      'http://127.1',
    ]) {
      expect(checkOrgUrl(loopback), loopback).toMatchObject({ ok: true });
    }
    for (const remote of [
      'http://acme.okta.com',
      'http://localhost.attacker.example',
      'http://127.0.0.1.attacker.example',
      'http://[::ffff:127.0.0.1]',
      'http://10.0.0.1',
      'http://0.0.0.0',
    ]) {
      expect(checkOrgUrl(remote), remote).toMatchObject({ ok: false, problem: 'insecure' });
    }
    expect(checkOrgUrl('https://Acme.Okta.com:443//')).toEqual({ ok: true, url: 'https://acme.okta.com' });
    for (const invalid of [
      'https://acme.okta.com/admin',
      'https://u:p@acme.okta.com',
      'ftp://acme.okta.com',
      'acme',
    ]) {
      expect(checkOrgUrl(invalid), invalid).toMatchObject({ ok: false, problem: 'invalid' });
    }
  });
});

describe('the bundled action', () => {
  let bundle: string;
  let github: GitHubStandIn;
  const headSha = 'c1d2e3f4a5b60718293a4b5c6d7e8f9012345678';
  const githubToken = 'ghs_org-url-test-Wq5Er8Ty2';

  beforeAll(() => {
    bundle = actionCheckout();
  });
  beforeEach(async () => {
    github = await startGitHubStandIn({ owner: 'acme', repo: 'access', token: githubToken });
    github.state.addPullRequest({ number: 5, headSha, merged: false });
  });
  afterEach(async () => {
    await github.stop();
  });

  const plan = (config: string, inputs: Record<string, string>) =>
    runBundledAction({
      bundle,
      workspace: path.dirname(config),
      githubUrl: github.url,
      inputs: { command: 'plan', 'okta-api-token': token, 'github-token': githubToken, ...inputs },
      event: {
        name: 'pull_request',
        payload: { number: 5, pull_request: { number: 5, head: { sha: headSha } } },
      },
      sha: headSha,
    });

  it('refuses a pull request whose org.url differs from the okta-org-url input, sending nothing', async () => {
    const config = writeRepo(payrollFiles(`version: 1\norg:\n  url: ${attacker.url}/\n`));
    const run = await plan(config, { 'okta-org-url': emulator.url });
    expect(attacker.received.map((request) => `${request.method} ${request.url}`)).toEqual([]);
    expect(run.log).toMatch(
      /^::error::ORG_URL_MISMATCH: org\.url at okta-access\.yaml:3:8 names http:\/\/127\.0\.0\.1:\d+/m,
    );
    expect(run.code).toBe(1);
    expect(emulator.log()).toEqual([]);
  });

  it('takes no org from the repository when the workflow names none', async () => {
    const config = writeRepo(payrollFiles(`version: 1\norg:\n  url: ${attacker.url}\n`));
    const run = await plan(config, {});
    expect(attacker.received.map((request) => `${request.method} ${request.url}`)).toEqual([]);
    expect(run.log).toMatch(/^::error::ORG_MISSING: the workflow names no Okta org/m);
    expect(run.code).toBe(1);
  });

  it('plans when org.url names the workflow’s org', async () => {
    const config = writeRepo(payrollFiles(`version: 1\norg:\n  url: ${emulator.url}\n`));
    const run = await plan(config, { 'okta-org-url': emulator.url });
    expect(run.code, run.log).toBe(0);
    expect(github.state.comments(5)).toHaveLength(1);
  });
});
