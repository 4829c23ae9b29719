import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/okta-access.js', import.meta.url));

describe('okta-access emulator', () => {
  it('serves a seeded org on 127.0.0.1, saves it to --state, and stops on SIGINT', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'okta-access-emulator-'));
    const seed = path.join(directory, 'seed.yaml');
    const state = path.join(directory, 'org.json');
    writeFileSync(
      seed,
      'users:\n  - {email: ada@example.com, firstName: Ada, lastName: Lovelace}\n  - {email: alan@example.com, firstName: Alan, lastName: Turing, manager: ada@example.com}\n',
    );
    const child = spawn(
      process.execPath,
      [bin, 'emulator', '--port', '0', '--seed', seed, '--state', state],
      {
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      },
    );
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (found?.[1] !== undefined) resolve(found[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
    });
    expect(stdout).toContain('org: 2 users, 1 group, 0 apps');
    const response = await fetch(`${url}/api/v1/users/alan@example.com`, {
      headers: { authorization: 'SSWS okta-emulator-token' },
    });
    const alan = (await response.json()) as { profile: { managerId: string } };
    const ada = (await (
      await fetch(`${url}/api/v1/users/ada@example.com`, {
        headers: { authorization: 'SSWS okta-emulator-token' },
      })
    ).json()) as { id: string };
    expect(alan.profile.managerId).toBe(ada.id);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('emulator stopped');
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { users: unknown[] };
    expect(saved.users).toHaveLength(2);
  });

  it('refuses an unreadable seed with a clear error and exit 1', async () => {
    const child = spawn(process.execPath, [bin, 'emulator', '--seed', '/nonexistent/seed.yaml'], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/error EMULATOR_SEED: cannot read the seed \/nonexistent\/seed\.yaml/);
  });
});
