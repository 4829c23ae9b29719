import { Command } from 'commander';
import { registerAuditCommand } from '../../src/cli/commands/audit.js';
import type { CliIo } from '../../src/cli/io.js';
import { captureText, registerEnvSecrets } from '../support/secrets.js';

export interface AuditRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `okta-access audit …` in-process, as main.ts would once the command is wired. */
export async function runAudit(args: readonly string[], env: Record<string, string> = {}): Promise<AuditRun> {
  let stdout = '';
  let stderr = '';
  registerEnvSecrets(env);
  captureText('stdout of okta-access audit', () => stdout);
  captureText('stderr of okta-access audit', () => stderr);
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    interactive: false,
  };
  let code = -1;
  const program = new Command('okta-access').exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
  });
  registerAuditCommand(program, io, (value) => {
    code = value;
  });
  await program.parseAsync(['audit', ...args], { from: 'user' });
  return { code, stdout, stderr };
}
