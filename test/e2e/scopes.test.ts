import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { scopesFor } from '../../src/okta/scopes.js';
import { captureText, registerSecret } from '../support/secrets.js';
import { people, writeRepo } from './repo.js';

/**
 * Least privilege against the emulator's token endpoint, which refuses a scope the service app was not granted
 * (400 invalid_scope) as Okta's does: each command asks for exactly what the repository needs, and a refusal names
 * the scope and the command.
 */
const readOnly = ['okta.apps.read', 'okta.groups.read', 'okta.users.read'];
const governanceRead = 'okta.governance.accessCertifications.read';
const planScopes = [...readOnly, governanceRead];
const applyScopes = ['okta.apps.manage', 'okta.groups.manage', 'okta.users.read'];
const governanceManage = 'okta.governance.accessCertifications.manage';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

function clientId(name: string): string {
  return `0oa${name}`.padEnd(20, '0');
}

const csv =
  'firstName,lastName,email,managerEmail,appName,groupName\n' +
  'Alan,Example,alan@example.com,ada@example.com,Payroll,Admin\n';
const appFile =
  'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
  'entitlements:\n  - {name: Admin}\n';
const campaign = [
  'name: Payroll access review',
  'resources:',
  '  - app: Payroll',
  '    entitlements: all',
  'schedule:',
  '  type: ONE_OFF',
  '  startDate: 2027-03-01T16:00:00Z',
  '  durationInDays: 14',
  '  timeZone: America/Denver',
  'reviewers:',
  '  type: USER',
  '  user: ada@example.com',
  '',
].join('\n');

function withoutCampaigns(): string {
  return writeRepo({
    'okta-access.yaml': 'version: 1\n',
    'apps/payroll.yaml': appFile,
    'apps/payroll.csv': csv,
  });
}

function withCampaigns(): string {
  return writeRepo({
    'okta-access.yaml': 'version: 1\n',
    'apps/payroll.yaml': appFile,
    'apps/payroll.csv': csv,
    'campaigns/payroll.yaml': campaign,
  });
}

let emulator: RunningEmulator;
beforeAll(async () => {
  const grants: Record<string, readonly string[]> = {
    read: readOnly,
    readgov: planScopes,
    write: applyScopes,
    writegov: [...applyScopes, governanceManage],
  };
  for (const [index, scope] of planScopes.entries())
    grants[`lacks${index}`] = planScopes.filter((other) => other !== scope);
  emulator = await startEmulator({
    seed: { users: people },
    clients: Object.entries(grants).map(([name, scopes]) => ({
      clientId: clientId(name),
      publicKey: publicPem,
      scopes,
    })),
  });
});
afterAll(async () => {
  await emulator.stop();
});

async function cli(app: string, args: string[], extra: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  registerSecret('the service app private key', privatePem);
  captureText('stdout of okta-access', () => stdout);
  captureText('stderr of okta-access', () => stderr);
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {
      OKTA_ORG_URL: emulator.url,
      OKTA_CLIENT_ID: clientId(app),
      OKTA_PRIVATE_KEY: privatePem,
      OKTA_KEY_ID: 'k1',
      NO_COLOR: '1',
      ...extra,
    },
    interactive: false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr, output: stdout + stderr };
}

/** Token requests the emulator answered since the log had `since` entries. */
function tokenRequests(since: number): number {
  return emulator.log().filter((entry, index) => index >= since && entry.path === '/oauth2/v1/token').length;
}

describe('scopes by need', () => {
  it('plans a repository without campaigns with only okta.apps.read okta.groups.read okta.users.read', async () => {
    const result = await cli('read', ['plan', '--config', withoutCampaigns()]);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('Payroll-Admin');
    expect(result.output).not.toMatch(/invalid token|E0000011|governance/i);
  });

  it('plans a repository with campaigns once okta.governance.accessCertifications.read is granted too', async () => {
    const refused = await cli('read', ['plan', '--config', withCampaigns()]);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.stderr, refused.output).toContain(
      `error OKTA_SCOPE_NOT_GRANTED: okta-access plan needs ${governanceRead} (read campaigns and reviews), but the service app ${clientId('read')} is not granted it`,
    );
    expect(refused.stderr).toContain('okta-access doctor --for plan');
    expect(refused.output).not.toMatch(/invalid token|E0000011/i);

    const granted = await cli('readgov', ['plan', '--config', withCampaigns()]);
    expect(granted.code, granted.output).toBe(0);
    expect(granted.stdout).toContain('Payroll access review');
  });

  it.each(planScopes.map((scope, index) => [scope, index] as const))(
    'names %s, and only it, when the service app lacks it',
    async (scope, index) => {
      const result = await cli(`lacks${index}`, ['plan', '--config', withCampaigns()]);
      expect(result.code).toBe(1);
      const line = result.stderr.split('\n')[0] ?? '';
      expect(line).toMatch(/^error OKTA_SCOPE_NOT_GRANTED: okta-access plan needs /);
      expect(line).toContain(scope);
      for (const other of planScopes.filter((candidate) => candidate !== scope))
        expect(line).not.toContain(`${other} (`);
      expect(result.output).not.toMatch(/invalid token|E0000011/i);
    },
  );

  it('names the scope and the command when OKTA_SCOPES leaves one out and Okta answers 403', async () => {
    const result = await cli('read', ['plan', '--config', withoutCampaigns()], {
      OKTA_SCOPES: 'okta.apps.read okta.users.read',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error OKTA_REQUEST_FAILED: Okta answered 403 E0000006 to GET \/api\/v1\/groups.* — okta-access plan needs okta\.groups\.read for it\n/,
    );
    expect(result.stderr).toContain('add it to OKTA_SCOPES, or unset OKTA_SCOPES');
  });

  it('asks the token endpoint once per run when every scope is granted', async () => {
    const since = emulator.log().length;
    const result = await cli('read', ['plan', '--config', withoutCampaigns()]);
    expect(result.code, result.output).toBe(0);
    expect(tokenRequests(since)).toBe(1);
  });

  it('applies with okta.apps.manage okta.groups.manage okta.users.read, and campaigns need the governance manage scope', async () => {
    const plain = withoutCampaigns();
    const applied = await cli('write', [
      'apply',
      '--config',
      plain,
      '--auto-approve',
      '--journal',
      `${plain}.j`,
    ]);
    expect(applied.code, applied.output).toBe(0);

    const config = withCampaigns();
    const refused = await cli('write', [
      'apply',
      '--config',
      config,
      '--auto-approve',
      '--journal',
      `${config}.j`,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`okta-access apply needs ${governanceManage}`);
    const done = await cli('writegov', [
      'apply',
      '--config',
      config,
      '--auto-approve',
      '--journal',
      `${config}.j`,
    ]);
    expect(done.code, done.output).toBe(0);
  });

  it('checks a read-only service app with doctor --for plan', async () => {
    const config = withoutCampaigns();
    const forPlan = await cli('read', ['doctor', '--config', config, '--for', 'plan']);
    expect(forPlan.code, forPlan.stdout).toBe(0);
    for (const scope of readOnly)
      expect(forPlan.stdout).toMatch(new RegExp(`ok +${scope.replace(/\./g, '\\.')}`));
    expect(forPlan.stdout).not.toContain('manage');
    // Without --for, doctor checks what plan and apply need: the manage scopes are missing.
    const both = await cli('read', ['doctor', '--config', config]);
    expect(both.code).toBe(1);
    expect(both.stdout).toContain(
      'grant these scopes to the service app: okta.apps.manage, okta.groups.manage',
    );
    // With campaign files, plan also needs the governance read scope.
    const withCampaignFiles = await cli('read', ['doctor', '--config', withCampaigns(), '--for', 'plan']);
    expect(withCampaignFiles.code).toBe(1);
    expect(withCampaignFiles.stdout).toContain(`grant these scopes to the service app: ${governanceRead}`);
  });

  it('asks each command for what the table gives it', () => {
    expect(scopesFor('plan', { campaigns: false, users: false })).toEqual(readOnly);
    expect(scopesFor('plan', { campaigns: true, users: false })).toEqual(planScopes);
    expect(scopesFor('apply', { campaigns: false, users: false })).toEqual([
      'okta.users.read',
      'okta.apps.manage',
      'okta.groups.manage',
    ]);
  });
});

describe('service app keys', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const forms = {
    'PKCS#8 PEM': ec.export({ type: 'pkcs8', format: 'pem' }).toString(),
    'SEC1 PEM': ec.export({ type: 'sec1', format: 'pem' }).toString(),
    JWK: JSON.stringify(ec.export({ format: 'jwk' })),
  };

  for (const [form, key] of Object.entries(forms)) {
    it(`refuses an EC key (${form}) before contacting Okta, instead of failing inside the SDK`, async () => {
      registerSecret(`the EC private key (${form})`, key);
      const before = emulator.log().length;
      const result = await cli('read', ['plan', '--config', withoutCampaigns()], { OKTA_PRIVATE_KEY: key });
      expect(result.code, result.output).toBe(1);
      expect(result.stderr).toContain('error OKTA_CONFIG: the Okta private key is an EC key');
      expect(result.stderr).toContain('hint: add an RSA key');
      expect(result.output).not.toContain('internal error');
      expect(emulator.log().length).toBe(before);
    });
  }
});
