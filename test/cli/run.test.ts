import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { captureText, registerEnvSecrets } from '../support/secrets.js';

const quickstart = fileURLToPath(new URL('../../examples/quickstart/', import.meta.url));

function memoryIo(env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  registerEnvSecrets(env);
  captureText('stdout of okta-access', () => stdout);
  captureText('stderr of okta-access', () => stderr);
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    interactive: false,
  };
  return { io, out: () => stdout, err: () => stderr };
}

/** A copy of the quickstart example in a temporary folder, to break on purpose. */
function copyOfQuickstart(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'okta-access-'));
  cpSync(quickstart, directory, { recursive: true });
  return directory;
}

describe('okta-access validate', () => {
  it('exits 0 and summarises a valid repository', async () => {
    const { io, out } = memoryIo();
    const code = await run(['validate', '--config', path.join(quickstart, 'okta-access.yaml')], io);
    expect(code).toBe(0);
    expect(out()).toMatch(/is valid: 3 apps · 10 entitlements · 62 people · 123 rows · 2 campaigns/);
  });

  it('exits 1 with file:line:col, code and hint for each problem', async () => {
    const directory = copyOfQuickstart();
    const csv = path.join(directory, 'apps', 'payroll.csv');
    const lines = readFileSync(csv, 'utf8').split('\n');
    lines[2] = (lines[2] ?? '').replace(/@example\.com/, '@');
    writeFileSync(csv, lines.join('\n'));
    const { io, out } = memoryIo();
    const code = await run(['validate', '--config', path.join(directory, 'okta-access.yaml')], io);
    expect(code).toBe(1);
    expect(out()).toMatch(
      /apps\/payroll\.csv:3:\d+ error CSV_INVALID_EMAIL ".*@" is not a valid email address/,
    );
    expect(out()).toContain('✖');
  });

  it('prints GitHub annotations with --format github', async () => {
    const directory = copyOfQuickstart();
    writeFileSync(
      path.join(directory, 'apps', 'payroll.yaml'),
      'label: Payroll\ncsv: payroll.csv\ncolour: blue\n',
    );
    const { io, out } = memoryIo();
    const code = await run(
      ['validate', '--config', path.join(directory, 'okta-access.yaml'), '--format', 'github'],
      io,
    );
    expect(code).toBe(1);
    expect(out()).toMatch(
      /^::error file=.*apps\/payroll\.yaml,line=3,col=1,title=SCHEMA_UNKNOWN_KEY::unknown key "colour"%0A/m,
    );
  });

  it('prints a versioned JSON report with --format json', async () => {
    const { io, out } = memoryIo();
    await run(['validate', '--config', path.join(quickstart, 'okta-access.yaml'), '--format', 'json'], io);
    const report = JSON.parse(out());
    expect(report).toMatchObject({ formatVersion: 1, valid: true, errors: 0, warnings: 0 });
    expect(report.summary.apps.map((app: { label: string }) => app.label)).toEqual([
      'Expenses',
      'Payroll',
      'Warehouse',
    ]);
  });

  it('reports a missing root config as FILE_NOT_FOUND with a hint', async () => {
    const { io, out } = memoryIo();
    const code = await run(['validate', '--config', path.join(tmpdir(), 'nowhere', 'okta-access.yaml')], io);
    expect(code).toBe(1);
    expect(out()).toMatch(
      /okta-access\.yaml:1:1 error FILE_NOT_FOUND .*\n {2}hint: create okta-access\.yaml/,
    );
  });

  it('refuses an unknown format and an unknown command with exit 1', async () => {
    const bad = memoryIo();
    expect(await run(['validate', '--format', 'xml'], bad.io)).toBe(1);
    expect(bad.err()).toContain("argument 'xml' is invalid");
    expect(await run(['frobnicate'], memoryIo().io)).toBe(1);
  });

  it('prints help with exit 0', async () => {
    const { io, out } = memoryIo();
    expect(await run(['validate', '--help'], io)).toBe(0);
    expect(out()).toContain('--format <format>');
  });
});

describe('okta-access demo', () => {
  it('validates the quickstart example and shows its groups', async () => {
    const { io, out } = memoryIo();
    expect(await run(['demo'], io)).toBe(0);
    expect(out()).toContain('Payroll-Admin');
    expect(out()).toContain('✔ valid: 3 apps');
  });
});
