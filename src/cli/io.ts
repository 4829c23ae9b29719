import pc from 'picocolors';
import { plainStyles, type Styles } from '../render/diagnostics.js';

/** What a command may touch of the outside world: injected so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is an interactive terminal (progress redraws in place, colours allowed). */
  readonly interactive: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    interactive: process.stderr.isTTY === true && process.env.CI === undefined,
  };
}

/** Colours only on a terminal, never with NO_COLOR (https://no-color.org), always with FORCE_COLOR. */
export function stylesFor(io: CliIo): Styles {
  const env = io.env;
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const enabled = forced || (io.interactive && (env.NO_COLOR === undefined || env.NO_COLOR === ''));
  if (!enabled) return plainStyles;
  const colors = pc.createColors(true);
  return { red: colors.red, yellow: colors.yellow, dim: colors.dim, bold: colors.bold, green: colors.green };
}

/** The same io with colours off, as NO_COLOR turns them off (`--no-color`, `-no-color`). */
export function withoutColour(io: CliIo): CliIo {
  const { FORCE_COLOR: _forced, ...env } = io.env;
  return { ...io, env: { ...env, NO_COLOR: '1' } };
}

export const exitCodes = {
  ok: 0,
  /** Invalid input, a refused operation, or any other error the user can fix. */
  failure: 1,
  /** `plan --detailed-exitcode`: the plan has changes; `drift`: Okta differs from the files. */
  changes: 2,
  /** The plan cannot be applied without an override (the deletion limits: `apply --allow-deletes`). */
  blocked: 3,
  /** A bug in okta-access (sysexits EX_SOFTWARE). */
  internal: 70,
} as const;
