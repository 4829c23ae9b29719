import { readSeedFile } from '../../emulator/seed.js';
import { defaultEmulatorToken, startEmulator } from '../../emulator/server.js';
import { UserError } from '../../model/errors.js';
import { printable } from '../../render/escape.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';
import { type RepositorySeed, repositorySeed } from './emulator-from.js';

export interface EmulatorCommandOptions {
  readonly port: string;
  readonly state?: string;
  readonly seed?: string;
  /** An access repository's okta-access.yaml: start with the people (and apps, groups) it expects Okta to hold. */
  readonly from?: string;
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
  let repository: RepositorySeed | undefined;
  if (options.from !== undefined) {
    repository = await repositorySeed(options.from, io);
    if (repository === undefined) return exitCodes.failure;
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      port,
      rateLimits: options.rateLimits,
      searchLagMs,
      ...(options.state === undefined ? {} : { stateFile: options.state }),
      ...(seed === undefined ? {} : { seed }),
      ...(repository === undefined ? {} : { fill: repository.seed }),
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
  const token = options.token === undefined ? defaultEmulatorToken : '<the token given with --token>';
  const from = repository === undefined || options.from === undefined ? undefined : options.from;
  io.stdout.write(
    `${styles.green('●')} Okta emulator listening on ${styles.bold(emulator.url)}\n` +
      `  org: ${count(users.size, 'user')}, ${count(groups.size, 'group')}, ${count(apps.size, 'app')}` +
      `${options.state === undefined ? ' (in memory)' : ` (saved to ${printable(options.state)})`}\n` +
      (from === undefined || repository === undefined ? '' : fromLines(from, repository)) +
      `  rate limits: ${printable(options.rateLimits)}${options.faults === undefined ? '' : `; faults: ${printable(options.faults)}`}\n` +
      `  use it:  export OKTA_ORG_URL=${emulator.url}\n` +
      (options.token === undefined
        ? `          export OKTA_API_TOKEN=${defaultEmulatorToken}   # the emulator's fixed development token\n`
        : '          export OKTA_API_TOKEN=<the token given with --token>\n') +
      (from === undefined ? '' : planLine(from, emulator.url, token)) +
      `  admin:   ${emulator.url}/__emulator/state (snapshot), /__emulator/requests (request counts); docs/emulator.md\n` +
      '  stop with Ctrl-C\n',
  );
  await signal;
  await emulator.stop();
  io.stdout.write('emulator stopped\n');
  return exitCodes.ok;
}

/** What `--from` put in the org, and the plan command to run against it. */
function fromLines(from: string, repository: RepositorySeed): string {
  const { state, seed, extraPeople } = repository;
  const sourced = state.config.users !== undefined;
  const held = [
    sourced
      ? `none of the ${state.people.size} people of the CSVs (the identity source sources them)`
      : `the ${state.people.size} people of the CSVs`,
    ...(extraPeople === 0 ? [] : [`${extraPeople} more they name (managers, reviewers)`]),
    ...(seed.apps === undefined ? [] : [`${seed.apps.length} apps the files do not create`]),
    ...(seed.groups === undefined ? [] : [`${seed.groups.length} groups the files name but do not create`]),
    ...(seed.identitySources === undefined ? [] : ['the identity source']),
  ];
  return (
    `  from:    ${printable(from)}: ${held.join(', ')}\n` +
    (state.config.orgUrl === undefined
      ? ''
      : `  note:    org.url in ${printable(from)} names ${printable(state.config.orgUrl)}: plan refuses another org (ORG_URL_MISMATCH) until it is removed\n`)
  );
}

/** The next command: plan the repository against this emulator. */
function planLine(from: string, url: string, token: string): string {
  const config = from === 'okta-access.yaml' ? '' : ` --config ${shellWord(from)}`;
  return `  plan it: OKTA_ORG_URL=${url} OKTA_API_TOKEN=${token} okta-access plan${printable(config)}\n`;
}

/** A path as one shell word: quoted unless it is plain. */
function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

function interrupted(): Promise<unknown> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
