import { readSeedFile } from '../../emulator/seed.js';
import { defaultEmulatorToken, startEmulator } from '../../emulator/server.js';
import { UserError } from '../../model/errors.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';

export interface EmulatorCommandOptions {
  readonly port: string;
  readonly state?: string;
  readonly seed?: string;
  readonly rateLimits: string;
  readonly faults?: string;
  readonly searchLag: string;
  /** Emulator time an identity-source import takes once triggered (default 2000 ms). */
  readonly importMs?: string;
  readonly token?: string;
}

/**
 * `okta-access emulator`: serves a local Okta org on 127.0.0.1 until interrupted. `signal` resolves when it should
 * stop (SIGINT/SIGTERM from the CLI; tests pass their own).
 */
export async function emulatorCommand(
  options: EmulatorCommandOptions,
  io: CliIo,
  signal: Promise<unknown> = interrupted(),
): Promise<number> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UserError('EMULATOR_PORT', `--port must be a port number, got "${options.port}"`);
  }
  const searchLagMs = Number(options.searchLag);
  if (!Number.isFinite(searchLagMs) || searchLagMs < 0) {
    throw new UserError(
      'EMULATOR_SEARCH_LAG',
      `--search-lag must be a number of milliseconds, got "${options.searchLag}"`,
    );
  }
  const importMs = options.importMs === undefined ? undefined : Number(options.importMs);
  if (importMs !== undefined && (!Number.isFinite(importMs) || importMs < 0)) {
    throw new UserError(
      'EMULATOR_IMPORT_MS',
      `--import-ms must be a number of milliseconds, got "${options.importMs}"`,
    );
  }
  let seed: ReturnType<typeof readSeedFile> | undefined;
  if (options.seed !== undefined) {
    try {
      seed = readSeedFile(options.seed);
    } catch (error) {
      throw new UserError(
        'EMULATOR_SEED',
        `cannot read the seed ${options.seed}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      port,
      rateLimits: options.rateLimits,
      searchLagMs,
      ...(options.state === undefined ? {} : { stateFile: options.state }),
      ...(seed === undefined ? {} : { seed }),
      ...(options.faults === undefined ? {} : { faults: options.faults }),
      ...(options.token === undefined ? {} : { tokens: [options.token] }),
      ...(importMs === undefined ? {} : { identitySourceImportMs: importMs }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UserError('EMULATOR_PORT', `port ${port} is in use`, {
        hint: 'use --port 0 for any free port',
      });
    if (error instanceof Error && !(error instanceof TypeError)) {
      throw new UserError('EMULATOR_START', error.message, { cause: error });
    }
    throw error;
  }
  const styles = stylesFor(io);
  const { users, groups, apps } = emulator.store.state;
  io.stdout.write(
    `${styles.green('●')} Okta emulator listening on ${styles.bold(emulator.url)}\n` +
      `  org: ${users.size} users, ${groups.size} groups, ${apps.size} apps` +
      `${options.state === undefined ? ' (in memory)' : ` (saved to ${options.state})`}\n` +
      `  rate limits: ${options.rateLimits}${options.faults === undefined ? '' : `; faults: ${options.faults}`}\n` +
      `  use it:  export OKTA_ORG_URL=${emulator.url}\n` +
      (options.token === undefined
        ? `          export OKTA_API_TOKEN=${defaultEmulatorToken}   # the emulator's fixed development token\n`
        : '          export OKTA_API_TOKEN=<the token given with --token>\n') +
      `  admin:   ${emulator.url}/__emulator/state (snapshot), /__emulator/requests (request counts)\n` +
      '  stop with Ctrl-C\n',
  );
  await signal;
  await emulator.stop();
  io.stdout.write('emulator stopped\n');
  return exitCodes.ok;
}

function interrupted(): Promise<unknown> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
