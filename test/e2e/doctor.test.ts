import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import type { DoctorReport } from '../../src/doctor/report.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { writeRepo } from './repo.js';

const allScopes = [
  'okta.apps.read',
  'okta.groups.read',
  'okta.users.read',
  'okta.apps.manage',
  'okta.groups.manage',
  'okta.governance.accessCertifications.read',
  'okta.governance.accessCertifications.manage',
  'okta.identitySources.manage',
];
const sourceId = '0oasourcehr000000001';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** A client id per case: `0oafull…` has every scope, `0oalacks<n>…` every scope but allScopes[n]. */
function clientId(name: string): string {
  return `0oa${name}`.padEnd(20, '0');
}

/** A repository with a campaign file and user sourcing, so the governance and identity-source scopes are needed. */
const config = writeRepo({
  'okta-access.yaml': `version: 1\nusers:\n  source: identity-source\n  identitySourceId: ${sourceId}\n`,
  'apps/payroll.yaml': 'label: Payroll\ncsv: payroll.csv\n',
  'apps/payroll.csv':
    'firstName,lastName,email,managerEmail,appName,groupName\nAda,L,ada@example.com,,Payroll,Admin\n',
  'campaigns/q1.yaml': 'name: Q1\n',
});
const configWithoutCampaigns = writeRepo({ 'okta-access.yaml': 'version: 1\n' });

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    seed: { identitySources: [{ id: sourceId, name: 'HR (CSV)' }] },
    clients: [
      { clientId: clientId('full'), publicKey: publicPem, scopes: allScopes },
      // Every scope granted, but no admin role covering governance (ACCESS_CERTIFICATIONS_ADMIN not assigned).
      {
        clientId: clientId('norole'),
        publicKey: publicPem,
        scopes: allScopes,
        access: allScopes.filter((scope) => !scope.startsWith('okta.governance.')),
      },
      ...allScopes.map((_scope, index) => ({
        clientId: clientId(`lacks${index}`),
        publicKey: publicPem,
        scopes: allScopes.filter((_, other) => other !== index),
      })),
    ],
  });
});
afterAll(async () => {
  await emulator.stop();
});

async function doctor(env: Record<string, string>, args: string[] = ['--config', config]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', ...env },
    interactive: false,
  };
  const code = await run(['doctor', ...args], io);
  return { code, stdout, stderr };
}

function serviceApp(name: string, orgUrl = emulator.url): Record<string, string> {
  return {
    OKTA_ORG_URL: orgUrl,
    OKTA_CLIENT_ID: clientId(name),
    OKTA_PRIVATE_KEY: privatePem,
    OKTA_KEY_ID: 'k1',
  };
}

describe('okta-access doctor with an OAuth service app', () => {
  it('reports every needed scope granted and exits 0', async () => {
    const result = await doctor(serviceApp('full'), ['--config', config, '--format', 'json']);
    expect(result.code, result.stdout).toBe(0);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.checks.map((check) => [check.check, check.status])).toEqual([
      ['org', 'ok'],
      ['credentials', 'ok'],
      ...allScopes.map((scope) => [scope, 'ok']),
    ]);
    expect(report.grant).toEqual([]);
    expect(report.adminRoles).toEqual([
      {
        role: 'ACCESS_CERTIFICATIONS_ADMIN',
        for: 'okta.governance.accessCertifications.read, okta.governance.accessCertifications.manage',
      },
    ]);
  });

  it.each(allScopes.map((scope, index) => [scope, index] as const))(
    'names %s precisely when the service app lacks it',
    async (scope, index) => {
      const result = await doctor(serviceApp(`lacks${index}`), ['--config', config, '--format', 'json']);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as DoctorReport;
      const notOk = report.checks.filter((check) => check.status !== 'ok');
      expect(notOk).toEqual([expect.objectContaining({ check: scope, status: 'missing', scope })]);
      expect(report.grant).toEqual([scope]);
    },
  );

  it('names the admin role a service app lacks when its scope is granted but Okta still answers 403', async () => {
    const result = await doctor(serviceApp('norole'), ['--config', config, '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorReport;
    const notOk = report.checks.filter((check) => check.status !== 'ok');
    expect(notOk).toEqual(
      ['okta.governance.accessCertifications.read', 'okta.governance.accessCertifications.manage'].map(
        (scope) =>
          expect.objectContaining({
            check: scope,
            status: 'missing',
            detail: expect.stringContaining('403 E0000006'),
            adminRole: 'ACCESS_CERTIFICATIONS_ADMIN',
          }),
      ),
    );
    // The scopes are granted: nothing to grant, the role is what is missing.
    expect(report.grant).toEqual([]);
  });

  it('prints the scopes to grant and where, without the private key', async () => {
    const result = await doctor(serviceApp('lacks4'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /missing {2}okta\.groups\.manage +not granted to the service app \(token endpoint: invalid_scope\)/,
    );
    expect(result.stdout).toContain('grant these scopes to the service app: okta.groups.manage');
    expect(result.stdout).toContain('Okta API Scopes → Grant');
    expect(result.stdout).toContain(
      'ACCESS_CERTIFICATIONS_ADMIN (or SUPER_ADMIN) for okta.governance.accessCertifications.read',
    );
    const keyLine = privatePem.split('\n')[1] ?? 'unlikely';
    expect(result.stdout + result.stderr).not.toContain(keyLine);
  });

  it('needs no governance scope without campaign files', async () => {
    const result = await doctor(serviceApp('lacks5'), ['--config', configWithoutCampaigns]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toContain('governance');
  });

  it('says the token endpoint refused an unknown client, and checks no scope', async () => {
    const result = await doctor(serviceApp('unknown'), ['--config', config, '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.checks[1]).toMatchObject({
      check: 'credentials',
      status: 'error',
      detail: expect.stringContaining('invalid_client'),
    });
    expect(report.checks.slice(2).every((check) => check.status === 'skipped')).toBe(true);
  });
});

describe('okta-access doctor with an unusable private key', () => {
  it('says so without printing the key', async () => {
    const broken = privatePem.replace(/[A-Za-z]{8}/, 'AAAAAAAA').slice(0, -40);
    const result = await doctor({ ...serviceApp('full'), OKTA_PRIVATE_KEY: broken });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /error +credentials +the service app's settings are unusable: the Okta private key is neither/,
    );
    const keyLine = broken.split('\n')[2] ?? 'unlikely';
    expect(result.stdout + result.stderr).not.toContain(keyLine);
  });
});

describe('okta-access doctor with an SSWS token', () => {
  it('reports the token’s access by the same reads', async () => {
    const result = await doctor({ OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('SSWS API token');
    expect(result.stdout).toMatch(/ok +GET \/governance\/api\/v1\/campaigns\?limit=1 +the read succeeded/);
    expect(result.stdout).not.toContain('grant these scopes');
  });

  it('reports what a token of an admin without the governance role cannot read', async () => {
    const token = 'restricted-admin-token-0001';
    const registered = await fetch(`${emulator.url}/__emulator/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token,
        access: ['okta.apps.manage', 'okta.groups.manage', 'okta.users.read', 'okta.identitySources.manage'],
      }),
    });
    expect(registered.status).toBe(201);
    const result = await doctor({ OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: token }, [
      '--config',
      config,
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.checks.filter((check) => check.status !== 'ok')).toEqual([
      expect.objectContaining({
        check: 'GET /governance/api/v1/campaigns?limit=1',
        status: 'missing',
        detail: expect.stringContaining('403 E0000006'),
        adminRole: 'ACCESS_CERTIFICATIONS_ADMIN',
      }),
    ]);
    // Scopes do not apply to an API token: nothing to grant, the role is what is missing.
    expect(report.grant).toEqual([]);
  });

  it('explains a refused token (401) without printing it', async () => {
    const token = 'a-wrong-token-that-must-not-be-printed';
    const result = await doctor({ OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: token });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Okta refused OKTA_API_TOKEN (401 E0000011 Invalid token provided)');
    expect(result.stdout + result.stderr).not.toContain(token);
  });
});

describe('okta-access doctor and the org URL', () => {
  it('reports an unreachable org URL and checks nothing else', async () => {
    const stopped = await startEmulator();
    const url = stopped.url;
    await stopped.stop();
    const result = await doctor({ OKTA_ORG_URL: url, OKTA_API_TOKEN: 'x'.repeat(20) }, ['--config', config]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error {4}org +http:\/\/127\.0\.0\.1:\d+ is unreachable: ECONNREFUSED/);
    expect(result.stdout).toMatch(/skipped +credentials/);
  });

  it('tells a server that is not Okta from an Okta org', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<html>not here</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await doctor({ OKTA_ORG_URL: url, OKTA_API_TOKEN: 'x'.repeat(20) });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('is not an Okta org: /.well-known/okta-organization answered 404');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
