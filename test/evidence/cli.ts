import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { captureText, registerSecret } from '../support/secrets.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function captureIo(emulator: RunningEmulator): { io: CliIo; out: () => { stdout: string; stderr: string } } {
  let stdout = '';
  let stderr = '';
  registerSecret('the emulator API token', emulator.token);
  captureText('stdout of okta-access', () => stdout);
  captureText('stderr of okta-access', () => stderr);
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token, NO_COLOR: '1' },
    interactive: false,
  };
  return { io, out: () => ({ stdout, stderr }) };
}

/** `okta-access …` in-process, through main.ts's `run`, against the emulator. */
export async function cli(emulator: RunningEmulator, args: readonly string[]): Promise<CliResult> {
  const { io, out } = captureIo(emulator);
  const code = await run(args, io);
  return { code, ...out() };
}

/** `okta-access evidence …` in-process, through main.ts's `run`. */
export function evidence(emulator: RunningEmulator, args: readonly string[]): Promise<CliResult> {
  return cli(emulator, ['evidence', ...args]);
}
