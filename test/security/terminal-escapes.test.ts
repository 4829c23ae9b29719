import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { writeRepo } from '../e2e/repo.js';

/**
 * Cells and names that try to drive the terminal of whoever runs `validate` or `plan` on a pull request's files: clear
 * the screen (ESC[2J), plant a hyperlink (OSC 8), ring the bell, reverse the text after them (U+202E, U+2066). The
 * real CLI against the emulator must print them as escapes, never send them.
 */

const clear = '\u001b[2J\u001b[H';
const hyperlink = '\u001b]8;;https://x.example/\u0007click\u001b]8;;\u0007';
const reverse = '\u202emoc.elpmaxe\u2066';
/** Any control character but newline, and the characters that reorder text. */
const raw = /(?!\n)[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

const people = ['ada', 'alan'].map((name) => ({
  email: `${name}@example.com`,
  firstName: name,
  lastName: 'Example',
}));
const header = 'firstName,lastName,email,managerEmail,appName,groupName';

function repo(rows: readonly string[]): string {
  return writeRepo({
    'okta-access.yaml': 'version: 1\n',
    'apps/payroll.yaml':
      `label: ${JSON.stringify(`Pay${reverse}roll`)}\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\n` +
      `csv: payroll.csv\nentitlements:\n  - {name: ${JSON.stringify(`Admin${clear}`)}, description: ${JSON.stringify(`d${hyperlink}`)}}\n`,
    'apps/payroll.csv': `${header}\n${rows.join('\n')}\n`,
  });
}

async function cli(args: readonly string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', ...env },
    interactive: false,
  };
  const code = await run([...args], io);
  return { code, stdout, stderr };
}

describe('control characters from the files never reach the terminal', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: { users: people } });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('validate: a diagnostic quoting hostile cells shows them as escapes', async () => {
    const config = repo([
      `Ada,Example,ada@example.com,,"Pay${reverse}roll","Admin${clear}"`,
      `Bob,Example,"bob${clear}${hyperlink}",,"Pay${reverse}roll","Admin${clear}"`,
      `Alan,Example,alan@example.com,,"Pay${reverse}roll","Nope${hyperlink}${reverse}"`,
    ]);
    const result = await cli(['validate', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('CSV_INVALID_EMAIL');
    expect(result.stdout).toContain('CSV_UNDECLARED_ENTITLEMENT');
    // The hostile text is there, as escapes.
    expect(result.stdout).toContain('\\u202e');
    expect(result.stdout).toContain('\\u001b]8;;https://x.example/');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(raw);
  });

  it('plan: group names, app labels and descriptions are printed as escapes', async () => {
    const config = repo([`Ada,Example,ada@example.com,,"Pay${reverse}roll","Admin${clear}"`]);
    const result = await cli(['plan', '--config', config], {
      OKTA_ORG_URL: emulator.url,
      OKTA_API_TOKEN: emulator.token,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('create group Pay\\u202emoc.elpmaxe\\u2066roll-Admin\\u001b[2J\\u001b[H');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(raw);
  });

  it('validate: a file name with control characters, in the summary line too', async () => {
    const config = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml':
        `label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\n` +
        `csv: ${JSON.stringify(`pay${reverse}roll.csv`)}\nentitlements:\n  - {name: Admin}\n`,
      [`apps/pay${reverse}roll.csv`]: `${header}\nAda,Example,"ada${clear}@example.com",,Payroll,Admin\n`,
    });
    const result = await cli(['validate', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('pay\\u202emoc.elpmaxe\\u2066roll.csv:2');
    expect(`${result.stdout}${result.stderr}`).not.toMatch(raw);
  });
});
