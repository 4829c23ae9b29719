import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIo } from '../e2e/apply-helpers.js';
import { writeRepo } from '../e2e/repo.js';

const header = 'firstName,lastName,email,managerEmail,appName,groupName\n';
const appFile = 'label: Payroll\ncsv: payroll.csv\nentitlements:\n  - {name: Admin}\n';
const created: string[] = [];
afterEach(async () => {
  for (const directory of created.splice(0)) await rm(directory, { recursive: true, force: true });
});

/** Writes `bytes` of real CSV (a header, then rows) to `file`, a mebibyte at a time. */
async function writeCsv(file: string, bytes: number): Promise<void> {
  const row = 'Ada,Example,ada@example.com,,Payroll,Admin\n';
  const block = Buffer.from(row.repeat(Math.floor(2 ** 20 / row.length)));
  const handle = await open(file, 'w');
  try {
    await handle.write(header);
    let written = header.length;
    while (written < bytes) {
      const part = block.subarray(0, Math.min(block.length, bytes - written));
      await handle.write(part);
      written += part.length;
    }
  } finally {
    await handle.close();
  }
}

async function validate(configPath: string) {
  const { io, output } = captureIo({ NO_COLOR: '1' });
  const code = await run(['validate', '--config', configPath, '--format', 'json'], io);
  const diagnostics = output.stdout.startsWith('{')
    ? (
        JSON.parse(output.stdout) as {
          diagnostics: {
            code: string;
            file: string;
            line: number;
            col: number;
            message: string;
            hint?: string;
          }[];
        }
      ).diagnostics
    : [];
  return { code, diagnostics, output };
}

describe('the size of a CSV file', () => {
  it('a 600 MB CSV with the limit raised to 1 GiB ends in FILE_TOO_LARGE, exit 1, without reading it', async () => {
    const configPath = writeRepo({
      'okta-access.yaml': 'version: 1\nlimits:\n  maxCsvBytes: 1073741824\n',
      'apps/payroll.yaml': appFile,
    });
    created.push(path.dirname(configPath));
    const csv = path.join(path.dirname(configPath), 'apps', 'payroll.csv');
    await writeCsv(csv, 600_000_000);
    const { code, diagnostics, output } = await validate(configPath);
    expect(output.stderr).not.toMatch(/this is a bug|Cannot create a string/);
    expect(code).toBe(1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'FILE_TOO_LARGE', line: 2, col: 6 });
    expect(diagnostics[0]?.file).toMatch(/apps\/payroll\.yaml$/);
    expect(diagnostics[0]?.message).toContain('600000000 bytes');
    expect(diagnostics[0]?.message).toContain('512 MiB');
    expect(diagnostics[0]?.hint).toContain('split it');
  }, 60_000);

  it('a limit above the 1 GiB ceiling is refused at its line', async () => {
    const configPath = writeRepo({
      'okta-access.yaml': 'version: 1\nlimits:\n  maxCsvBytes: 2147483648\n',
      'apps/payroll.yaml': appFile,
      'apps/payroll.csv': `${header}Ada,Example,ada@example.com,,Payroll,Admin\n`,
    });
    created.push(path.dirname(configPath));
    const { code, diagnostics } = await validate(configPath);
    expect(code).toBe(1);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'SCHEMA_RANGE',
        line: 3,
        col: 16,
        message: '"limits.maxCsvBytes" must be <= 1073741824',
      }),
    ]);
  });

  it('a CSV over the configured limit is refused before it is read', async () => {
    const configPath = writeRepo({
      'okta-access.yaml': 'version: 1\nlimits:\n  maxCsvBytes: 100\n',
      'apps/payroll.yaml': appFile,
      'apps/payroll.csv': `${header}${'Ada,Example,ada@example.com,,Payroll,Admin\n'.repeat(3)}`,
    });
    created.push(path.dirname(configPath));
    const { code, diagnostics } = await validate(configPath);
    expect(code).toBe(1);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'FILE_TOO_LARGE', line: 2, col: 6 })]);
    expect(diagnostics[0]?.message).toMatch(/\(\d+ bytes, the limit is 100\)/);
  });
});
