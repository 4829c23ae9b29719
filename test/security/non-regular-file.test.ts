import { execFile, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { writeRepo } from '../e2e/repo.js';

const bin = fileURLToPath(new URL('../../bin/okta-access.js', import.meta.url));
const header = 'firstName,lastName,email,managerEmail,appName,groupName\n';
const created: string[] = [];
afterEach(() => {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** The built command, killed after 10 s: a run that blocks on a pipe with no writer would never end. */
async function validate(configPath: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [bin, 'validate', '--config', configPath, '--format', 'json'],
      { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, timeout: 10_000, killSignal: 'SIGKILL' },
    );
    return { code: 0, stdout, stderr, killed: false };
  } catch (error) {
    const failed = error as { code: number | null; stdout: string; stderr: string; killed: boolean };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr, killed: failed.killed };
  }
}

function repoWithFifo(fifo: string, files: Record<string, string>): string {
  const configPath = writeRepo(files);
  const root = path.dirname(configPath);
  created.push(root);
  execFileSync('mkfifo', [path.join(root, fifo)]);
  return configPath;
}

const appFile = 'label: Payroll\ncsv: payroll.csv\nentitlements:\n  - {name: Admin}\n';

describe('a named pipe (FIFO) given as an input file', () => {
  it('as the CSV an app file lists is refused with FILE_NOT_REGULAR, without hanging', async () => {
    const configPath = repoWithFifo('apps/payroll.csv', {
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml': appFile,
    });
    const result = await validate(configPath);
    expect(result.killed).toBe(false);
    expect(result.code).toBe(1);
    const { diagnostics } = JSON.parse(result.stdout) as {
      diagnostics: { code: string; file: string; line: number; col: number; message: string }[];
    };
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'FILE_NOT_REGULAR', line: 2, col: 6 })]);
    expect(diagnostics[0]?.file).toMatch(/apps\/payroll\.yaml$/);
    expect(diagnostics[0]?.message).toContain('named pipe (FIFO)');
  }, 20_000);

  it('in the apps glob is not matched (globs match regular files only), and nothing hangs', async () => {
    const configPath = repoWithFifo('apps/evil.yaml', {
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml': appFile,
      'apps/payroll.csv': `${header}Ada,Example,ada@example.com,,Payroll,Admin\n`,
    });
    const result = await validate(configPath);
    expect(result.killed).toBe(false);
    expect(result.code).toBe(0);
    const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: { file: string }[] };
    expect(diagnostics.filter((d) => d.file.endsWith('evil.yaml'))).toEqual([]);
  }, 20_000);

  it('as the root config is refused, without hanging', async () => {
    const configPath = repoWithFifo('real.yaml', { 'okta-access.yaml': 'version: 1\n' });
    const fifo = path.join(path.dirname(configPath), 'real.yaml');
    const result = await validate(fifo);
    expect(result.killed).toBe(false);
    expect(result.code).toBe(1);
    const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: { code: string }[] };
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'FILE_NOT_REGULAR' })]);
  }, 20_000);
});
