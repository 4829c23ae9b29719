import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { accessRepo, captureIo, people } from '../e2e/apply-helpers.js';
import {
  captureText,
  describeHits,
  registerSecret,
  resetSecretScan,
  scanForSecrets,
  watchPath,
} from '../support/secrets.js';

const running: RunningEmulator[] = [];
afterAll(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

/** A token no text would hold by chance. */
function distinctiveToken(): string {
  return `rel-ssws-${randomBytes(18).toString('base64url')}`;
}

describe('the secret scan run after every test', () => {
  it('finds a planted token, key line and JWK in captured output and files, and names only the place', () => {
    const token = distinctiveToken();
    // Two keys: one given as PEM, one as a JWK (the same key's PEM lines would overlap its JWK members).
    const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const jwk = JSON.stringify(
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' }),
    );
    const { io, output } = captureIo({ OKTA_API_TOKEN: token, OKTA_PRIVATE_KEY: jwk, NO_COLOR: '1' });
    registerSecret('the test private key (PEM)', pem);

    io.stdout.write('plan: 3 to add\n');
    expect(scanForSecrets()).toEqual([]);

    // Planted: the token in an error line, one line of the PEM key in a file, the JWK's "d" alone, a bearer header.
    io.stderr.write(`error: Okta refused\n  request failed with token ${token}\n`);
    const folder = mkdtempSync(path.join(tmpdir(), 'okta-access-leak-'));
    const pemLine = pem.split('\n')[3] ?? '';
    writeFileSync(path.join(folder, 'report.json'), `{\n  "note": "${pemLine}"\n}\n`);
    watchPath(folder);
    const d = (JSON.parse(jwk) as { d: string }).d;
    captureText('the plan (markdown)', `| a | b |\n| key | ${d} |\n`);
    captureText(
      'a comment body',
      'retrying with Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.abcdefghijklmnop',
    );

    const hits = scanForSecrets();
    expect(hits).toEqual([
      { source: 'stderr of okta-access', secret: 'OKTA_API_TOKEN', line: 2, column: 29 },
      expect.objectContaining({
        source: 'the plan (markdown)',
        secret: 'OKTA_PRIVATE_KEY (JWK "d")',
        line: 2,
      }),
      expect.objectContaining({ source: 'a comment body', secret: 'a bearer access token', line: 1 }),
      {
        source: path.join(folder, 'report.json'),
        secret: 'the test private key (PEM) (a line of it)',
        line: 2,
        column: 12,
      },
    ]);
    const message = describeHits(hits);
    expect(message).toContain(`${path.join(folder, 'report.json')}:2:12`);
    for (const secret of [token, pemLine, d, 'eyJhbGciOiJSUzI1NiJ9']) expect(message).not.toContain(secret);
    expect(output.stderr).toContain(token);
    // Leave nothing for the check after this test: the leaks were planted on purpose.
    resetSecretScan();
  });

  it('finds a PEM private key anywhere, registered or not', () => {
    captureText('stdout of okta-access', 'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIB\n');
    expect(scanForSecrets()).toEqual([
      { source: 'stdout of okta-access', secret: 'a PEM private key', line: 2, column: 1 },
    ]);
    resetSecretScan();
  });

  it('finds an access token or client assertion (a JWT) anywhere, with or without Bearer', () => {
    const jwt = [
      Buffer.from('{"kid":"k1","alg":"RS256"}').toString('base64url'),
      Buffer.from('{"iss":"https://example.okta.com","scp":["okta.groups.read"]}').toString('base64url'),
      'c2lnbmF0dXJlLW9mLXRoZS10b2tlbg',
    ].join('.');
    captureText('an apply report', `{"error":"token ${jwt} refused"}`);
    expect(scanForSecrets()).toEqual([
      { source: 'an apply report', secret: 'a JSON Web Token', line: 1, column: 17 },
    ]);
    resetSecretScan();
  });

  it('finds no leak when the tool meets a wrong token, an unknown client or a broken key', async () => {
    const token = distinctiveToken();
    const emulator = await startEmulator({ seed: { users: people(3) }, tokens: [token], randomSeed: 3 });
    running.push(emulator);
    const config = accessRepo([{ label: 'Ledger', entitlements: { Viewer: ['user0@example.com'] } }]);
    const wrong = distinctiveToken();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const attempts: Record<string, string>[] = [
      { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: wrong },
      { OKTA_ORG_URL: emulator.url, OKTA_CLIENT_ID: '0oa-rel', OKTA_PRIVATE_KEY: pem },
      { OKTA_ORG_URL: emulator.url, OKTA_CLIENT_ID: '0oa-rel', OKTA_PRIVATE_KEY: pem.slice(0, 200) },
    ];
    for (const env of attempts) {
      for (const command of [['plan'], ['apply', '--auto-approve']]) {
        const { io, output } = captureIo({ ...env, NO_COLOR: '1' });
        const code = await run([...command, '--config', config, '--format', 'json'], io);
        expect(code, output.stdout + output.stderr).toBe(1);
        expect(output.stdout + output.stderr).not.toBe('');
      }
    }
    // The check after the test scans all of the above; do it here too, to see it pass on real output.
    expect(scanForSecrets()).toEqual([]);
  });
});
