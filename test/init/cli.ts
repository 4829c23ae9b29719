import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';

export const bin = fileURLToPath(new URL('../../bin/okta-access.js', import.meta.url));
export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real CLI, in-process, with its output captured; `env` is all the environment it sees. */
export async function cli(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', ...env },
    interactive: false,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** The built binary, as a user runs it (npm test builds first). */
export async function binary(args: string[], cwd: string): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const made: string[] = [];

/** A fresh temporary directory, removed by `removeTemporary`. */
export function temporary(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'okta-access-init-'));
  made.push(directory);
  return directory;
}

export function removeTemporary(): void {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** Every file under `root`, as sorted relative paths with `/`. */
export function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (directory: string, prefix: string): void => {
    for (const entry of readdirSync(directory)) {
      const absolute = path.join(directory, entry);
      if (statSync(absolute).isDirectory()) walk(absolute, `${prefix}${entry}/`);
      else found.push(`${prefix}${entry}`);
    }
  };
  walk(root, '');
  return found.sort();
}
