import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, createAuth, type OAuthClient, type RestrictedToken } from './auth.js';
import { createClock } from './clock.js';
import {
  errorBody,
  internalError,
  malformedBody,
  methodNotAllowed,
  OktaError,
  rateLimited,
} from './errors.js';
import { createFaultInjector, type FaultPlan, noFaults, parseFaults } from './faults.js';
import { governanceAdminRoutes, governanceRoutes, governanceTick } from './governance/routes.js';
import { identitySourceRoutes, identitySourceTick } from './identity-sources/routes.js';
import { createIds } from './ids.js';
import { appRoutes } from './management/apps.js';
import { groupRoutes } from './management/groups.js';
import { userRoutes } from './management/users.js';
import { createRateLimiter, loadRateLimits, type RateLimitConfig, rateLimitPresets } from './rate-limits.js';
import { createRouter } from './router.js';
import { adminRoutes } from './routes/admin.js';
import type { EmulatorControls, LoggedRequest, RequestCounts } from './routes/controls.js';
import { oauthRoutes } from './routes/oauth.js';
import { applySeed, type SeedDocument } from './seed.js';
import { createStore, type SerializedState, type Store } from './store.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Route } from './types.js';

/** The API token the emulator accepts unless told otherwise: a well-known development value, not a secret. */
export const defaultEmulatorToken = 'okta-emulator-token';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. The emulator only ever listens on 127.0.0.1. */
  readonly port?: number;
  /** Persist the org to this JSON file (loaded at start when it exists). */
  readonly stateFile?: string;
  readonly seed?: SeedDocument;
  /**
   * Added after the saved state and the seed, skipping every user, group, app and identity source the org already
   * holds (`emulator --from`: the people of an access repository, kept across restarts with `--state`).
   */
  readonly fill?: SeedDocument;
  /** A preset name (`workforce`, `unlimited`), a file, or a config. Default: `unlimited`. */
  readonly rateLimits?: string | RateLimitConfig;
  /** A fault spec (see parseFaults) or a plan. Default: none. */
  readonly faults?: string | FaultPlan;
  /** SSWS tokens accepted. Default: [defaultEmulatorToken]. */
  readonly tokens?: readonly string[];
  /** SSWS tokens of admins whose roles allow only part of the API (403 E0000006 elsewhere). */
  readonly restrictedTokens?: readonly RestrictedToken[];
  /** Service apps allowed to use the private-key flow. */
  readonly clients?: readonly OAuthClient[];
  /** Delay before writes show in `search` results (Okta's eventual consistency). Default 0. */
  readonly searchLagMs?: number;
  /** Emulator time a triggered identity-source import takes (default 2 s); tests make it short. */
  readonly identitySourceImportMs?: number;
  /** Seed for ids and faults, for reproducible runs. */
  readonly randomSeed?: number;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, the org URL to give the SDK. */
  readonly url: string;
  /** An SSWS token the emulator accepts. */
  readonly token: string;
  readonly store: Store;
  readonly counts: () => RequestCounts;
  /** The latest API requests, oldest first. */
  readonly log: () => readonly LoggedRequest[];
  stop(): Promise<void>;
}

const maxBodyBytes = 10 * 1024 * 1024;
const maxLogged = 100_000;

/** Starts the emulator on 127.0.0.1 and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = createClock();
  const ids = createIds(options.randomSeed ?? Date.now());
  const store = createStore(clock, ids);
  if (options.stateFile !== undefined) {
    const saved = await readFile(options.stateFile, 'utf8').catch(() => undefined);
    if (saved !== undefined) {
      const serialized = JSON.parse(saved) as SerializedState;
      store.restore(serialized);
      clock.advance(serialized.clockOffsetMs ?? 0);
    }
  }
  if (options.seed !== undefined) applySeed(store, options.seed);
  if (options.fill !== undefined) applySeed(store, options.fill, { onlyMissing: true });

  const auth = createAuth(
    options.tokens ?? [defaultEmulatorToken],
    options.clients ?? [],
    options.restrictedTokens ?? [],
  );
  const rateLimiter = createRateLimiter(
    typeof options.rateLimits === 'string'
      ? loadRateLimits(options.rateLimits)
      : (options.rateLimits ?? rateLimitPresets.unlimited),
    clock,
  );
  const faults = createFaultInjector(
    typeof options.faults === 'string' ? parseFaults(options.faults) : (options.faults ?? noFaults),
  );
  const context: EmulatorContext = {
    store,
    clock,
    ids,
    searchLagMs: options.searchLagMs ?? 0,
    ...(options.identitySourceImportMs === undefined
      ? {}
      : { identitySourceImportMs: options.identitySourceImportMs }),
  };
  const ticks = [governanceTick, identitySourceTick];
  const runTicks = () => {
    for (const tick of ticks) tick(context);
  };

  let counts = emptyCounts();
  let requestLog: LoggedRequest[] = [];
  const logRequest = (entry: LoggedRequest) => {
    requestLog.push(entry);
    if (requestLog.length > maxLogged) requestLog = requestLog.slice(-maxLogged / 2);
  };
  const controls: EmulatorControls = {
    log: () => requestLog,
    auth,
    faults,
    rateLimiter,
    counts: () => counts,
    resetCounts: () => {
      counts = emptyCounts();
      requestLog = [];
    },
    onClockAdvanced: runTicks,
  };
  const route = createRouter(emulatorRoutes(controls));

  const persist = persistence(store, options.stateFile);
  // Write the starting org (loaded, seeded) at once, so the file exists from the start.
  store.touch();
  persist.flush();
  let requestNumber = 0;

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const rawBody = await readBody(incoming);
    const host = incoming.headers.host ?? '127.0.0.1';
    // Collapse repeated slashes before parsing: `//api/v1/...` would otherwise read as a host name.
    const target = (incoming.url ?? '/').replace(/^([^?]*)/, (pathPart) => pathPart.replace(/\/{2,}/g, '/'));
    const url = new URL(target, `http://${host}`);
    const path = url.pathname;
    const method = (incoming.method ?? 'GET').toUpperCase();
    const send = (response: EmulatorResponse, extraHeaders: Record<string, string> = {}) =>
      write(outgoing, clock.now(), response, extraHeaders);
    const match = route(method, path);
    const isApi = !path.startsWith('/__emulator/');

    if (!isApi) {
      if (match === undefined || match === 'methodMismatch') {
        send({ status: 404, body: { error: `no admin operation ${method} ${path}` } });
        return;
      }
      const request = buildRequest(incoming, path, url, rawBody, host, true);
      runTicks();
      send(await match.route.handler(request, match.params, context));
      return;
    }

    counts.total++;
    const n = ++requestNumber;
    const endpoint =
      match === undefined || match === 'methodMismatch'
        ? `${method} (unknown)`
        : `${method} ${match.route.pattern}`;
    counts.byEndpoint[endpoint] = (counts.byEndpoint[endpoint] ?? 0) + 1;
    let injected: string | undefined;
    const respond = (response: EmulatorResponse, extraHeaders: Record<string, string> = {}) => {
      counts.byStatus[response.status] = (counts.byStatus[response.status] ?? 0) + 1;
      logRequest({
        n,
        method,
        path,
        endpoint,
        status: response.status,
        ...(injected === undefined ? {} : { fault: injected }),
      });
      send(response, extraHeaders);
    };

    const fault = faults.decide(n, path);
    if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault.failure !== undefined) {
      counts.faults++;
      injected = fault.failure.kind;
      if (fault.failure.kind === 'reset') {
        logRequest({ n, method, path, endpoint, status: 0, fault: 'reset' });
        incoming.socket.destroy();
        return;
      }
      const status = Number(fault.failure.kind);
      const error =
        status === 429 ? rateLimited() : new OktaError(status, 'E0000009', 'Internal Server Error');
      const headers =
        status === 429
          ? {
              'x-rate-limit-limit': '0',
              'x-rate-limit-remaining': '0',
              'x-rate-limit-reset': String(Math.ceil(clock.now() / 1000) + 1),
            }
          : {};
      respond({ status, body: errorBody(error) }, headers);
      return;
    }

    const admission = rateLimiter.admit(method, path);
    outgoing.on('close', admission.release);
    if (!admission.allowed) {
      counts.rateLimited++;
      respond({ status: 429, body: errorBody(rateLimited()) }, admission.headers);
      return;
    }
    try {
      if (match === undefined)
        throw new OktaError(404, 'E0000007', `Not found: Resource not found: ${path} (Path)`);
      if (match === 'methodMismatch') throw methodNotAllowed(method);
      const request = buildRequest(incoming, path, url, rawBody, host, !match.route.open);
      if (!match.route.open) authenticate(request, match.route, auth, clock);
      runTicks();
      respond(await match.route.handler(request, match.params, context), admission.headers);
    } catch (error) {
      const okta = error instanceof OktaError ? error : internalError();
      if (!(error instanceof OktaError))
        process.stderr.write(`okta-access emulator: ${String((error as Error).stack)}\n`);
      respond({ status: okta.status, body: errorBody(okta) }, { ...admission.headers, ...okta.headers });
    } finally {
      persist.schedule();
    }
  }

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      if (!outgoing.headersSent)
        write(outgoing, clock.now(), { status: 500, body: errorBody(internalError()) }, {});
      process.stderr.write(`okta-access emulator: ${String(error)}\n`);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: [...auth.apiTokens][0] ?? defaultEmulatorToken,
    store,
    counts: () => counts,
    log: () => requestLog,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      persist.flush();
    },
  };
}

/** Every route the emulator serves: Okta's API, the OAuth endpoints and the `/__emulator/` controls. */
export function emulatorRoutes(controls: EmulatorControls): Route[] {
  return [
    ...userRoutes,
    ...groupRoutes,
    ...appRoutes,
    ...identitySourceRoutes,
    ...governanceRoutes,
    ...oauthRoutes(controls.auth),
    ...adminRoutes(controls),
    ...governanceAdminRoutes,
  ];
}

function emptyCounts(): RequestCounts {
  return { total: 0, byEndpoint: {}, byStatus: {}, rateLimited: 0, faults: 0 };
}

function buildRequest(
  incoming: IncomingMessage,
  path: string,
  url: URL,
  rawBody: string,
  host: string,
  parseJson: boolean,
): EmulatorRequest {
  let body: unknown;
  const contentType = String(incoming.headers['content-type'] ?? '');
  const looksJson = contentType.includes('json') || /^\s*[[{]/.test(rawBody);
  if (rawBody.trim() !== '' && looksJson && !contentType.includes('x-www-form-urlencoded')) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      if (parseJson) throw malformedBody();
    }
  }
  return {
    method: (incoming.method ?? 'GET').toUpperCase(),
    path,
    query: url.searchParams,
    headers: incoming.headers,
    body,
    rawBody,
    baseUrl: `http://${host}`,
  };
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function write(
  outgoing: ServerResponse,
  now: number,
  response: EmulatorResponse,
  extra: Record<string, string>,
): void {
  if (outgoing.headersSent || outgoing.destroyed) return;
  const headers: Record<string, string | readonly string[]> = {
    date: new Date(now).toUTCString(),
    'x-okta-request-id': randomBytes(12).toString('base64url'),
    ...extra,
    ...(response.headers ?? {}),
  };
  if (response.body !== undefined && response.status !== 204) {
    headers['content-type'] = 'application/json;charset=UTF-8';
  }
  outgoing.writeHead(response.status, headers as Record<string, string | string[]>);
  outgoing.end(
    response.body === undefined || response.status === 204 ? undefined : JSON.stringify(response.body),
  );
}

/** Writes the state file at most every 200 ms while requests come in, and once more on stop. */
function persistence(store: Store, file: string | undefined): { schedule(): void; flush(): void } {
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (file === undefined || !dirty) return;
    dirty = false;
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(store.snapshot()));
    renameSync(temporary, file);
  };
  store.onChange = () => {
    dirty = true;
  };
  return {
    schedule() {
      if (file === undefined || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        flush();
      }, 200);
      timer.unref();
    },
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      flush();
    },
  };
}
