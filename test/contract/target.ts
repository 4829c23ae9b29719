import { randomBytes } from 'node:crypto';
import type { RateLimitConfig } from '../../src/emulator/rate-limits.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';

/**
 * What a contract suite runs against: the in-process emulator, or a real Okta org when `OKTA_LIVE_ORG_URL` and
 * `OKTA_LIVE_API_TOKEN` are set. Requests go through `fetch`, never the SDK, so that the suites see the raw status,
 * headers and body. The live token is only ever put in the Authorization header: never in a message or a log.
 */

export type TargetKind = 'emulator' | 'live';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON; undefined for an empty body; the text itself when it is not JSON. */
  readonly body: unknown;
  readonly text: string;
}

export interface CallOptions {
  /** Serialized as JSON (with `Content-Type: application/json`). */
  readonly body?: unknown;
  /** Sent as is, with `Content-Type: application/json` unless headers say otherwise. */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** false: no Authorization header. */
  readonly auth?: boolean;
}

export interface ContractTarget {
  readonly kind: TargetKind;
  /** The org URL, without a trailing slash. */
  readonly baseUrl: string;
  /** Set for the emulator only: the admin surface under `/__emulator/`. */
  readonly emulator: RunningEmulator | undefined;
  /** `path` is relative to the org (`/api/v1/groups?q=x`) or an absolute URL (a `Link` header's). */
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** The emulator's admin surface (`/__emulator/...`); throws against a live org. */
  admin(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  stop(): Promise<void>;
}

export interface TargetChoice {
  readonly kind: TargetKind;
  /** false: the suite is skipped (`describe.skipIf`). */
  readonly available: boolean;
}

interface LiveConfig {
  readonly orgUrl: string;
  readonly token: string;
}

function liveConfig(): LiveConfig | undefined {
  const orgUrl = process.env.OKTA_LIVE_ORG_URL?.trim();
  const token = process.env.OKTA_LIVE_API_TOKEN?.trim();
  if (orgUrl === undefined || orgUrl === '' || token === undefined || token === '') return undefined;
  return { orgUrl: orgUrl.replace(/\/+$/, ''), token };
}

/** The emulator always; a live org when both environment variables are set. */
export const targets: readonly TargetChoice[] = [
  { kind: 'emulator', available: true },
  { kind: 'live', available: liveConfig() !== undefined },
];

export async function startTarget(kind: TargetKind, seed: SeedDocument): Promise<ContractTarget> {
  if (kind === 'emulator') {
    const emulator = await startEmulator({ seed, randomSeed: 20_260_629 });
    return {
      kind,
      baseUrl: emulator.url,
      emulator,
      call: (method, path, options) => request(emulator.url, emulator.token, method, path, options ?? {}),
      admin: (method, path, body) =>
        request(emulator.url, undefined, method, path, body === undefined ? {} : { body }),
      stop: () => emulator.stop(),
    };
  }
  const config = liveConfig();
  if (config === undefined)
    throw new Error('set OKTA_LIVE_ORG_URL and OKTA_LIVE_API_TOKEN to run against an org');
  return {
    kind,
    baseUrl: config.orgUrl,
    emulator: undefined,
    call: (method, path, options) => callLive(config, method, path, options ?? {}),
    admin: () => Promise.reject(new Error('the admin surface exists on the emulator only')),
    stop: () => Promise.resolve(),
  };
}

/** A live org shares its rate limits with everyone else: wait out a 429 (at most twice, at most 60 s each). */
async function callLive(
  config: LiveConfig,
  method: string,
  path: string,
  options: CallOptions,
): Promise<ApiResponse> {
  for (let attempt = 0; ; attempt++) {
    const response = await request(config.orgUrl, config.token, method, path, options);
    if (response.status !== 429 || attempt >= 2) return response;
    const reset = Number(response.headers.get('x-rate-limit-reset'));
    const date = Date.parse(response.headers.get('date') ?? '');
    const wait = Number.isFinite(reset) && Number.isFinite(date) ? reset * 1000 - date + 1000 : 5000;
    await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(wait, 1000), 60_000)));
  }
}

async function request(
  baseUrl: string,
  token: string | undefined,
  method: string,
  path: string,
  options: CallOptions,
): Promise<ApiResponse> {
  const url = /^https?:\/\//.test(path) ? path : `${baseUrl}${path}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== undefined && options.auth !== false) headers.authorization = `SSWS ${token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, options.headers ?? {});
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseBody(text), text };
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The body of a response a suite's setup depends on; a clear error (never the token) when the target refuses, e.g.
 * a live org with a wrong OKTA_LIVE_API_TOKEN.
 */
export function setupBody(what: string, response: ApiResponse): unknown {
  if (response.status >= 200 && response.status < 300) return response.body;
  throw new Error(
    `${what} answered ${response.status} ${String(field(response.body, 'errorCode') ?? '')}: ` +
      'check OKTA_LIVE_ORG_URL and OKTA_LIVE_API_TOKEN (and that the token may read users and groups)',
  );
}

/** A name no one else uses, for objects a suite creates (and deletes) in a live org. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
}

/** A rate-limit config with one tiny bucket, for provoking a 429 on the emulator. */
export function tinyRateLimit(path: string, limit: number): RateLimitConfig {
  return {
    windowSeconds: 60,
    concurrency: 10_000,
    buckets: [{ name: 'contract-test', path, limit }],
  };
}

export interface LinkEntry {
  readonly url: string;
  readonly rel: string;
}

/** The `Link` header(s) as `{url, rel}` pairs (fetch joins repeated headers with `, `). */
export function parseLinks(header: string | null): LinkEntry[] {
  if (header === null || header === '') return [];
  const links: LinkEntry[] = [];
  for (const part of header.split(/,\s*(?=<)/)) {
    const match = /^<([^>]*)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match !== null) links.push({ url: match[1] ?? '', rel: match[2] ?? '' });
  }
  return links;
}

/** The first value of a field of a JSON object body, or undefined. */
export function field(body: unknown, key: string): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return (body as Record<string, unknown>)[key];
}

/** A JSON array body as records (an assertion error when it is not an array). */
export function records(body: unknown): Record<string, unknown>[] {
  if (!Array.isArray(body))
    throw new Error(`expected a JSON array, got ${JSON.stringify(body)?.slice(0, 200)}`);
  return body as Record<string, unknown>[];
}

/**
 * Whether the emulator serves each `[method, path]` at all: false when it answers the way it answers a path it has no
 * route for (404 `E0000007`, "Resource not found: <path> (Path)"). A route that exists but rejects the probe (an
 * unknown id, a missing body) still counts as served.
 */
export async function emulatorServes(
  probes: readonly (readonly [method: string, path: string])[],
  seed: SeedDocument = {},
): Promise<boolean[]> {
  const emulator = await startEmulator({ seed });
  try {
    const served: boolean[] = [];
    for (const [method, path] of probes) {
      const response = await request(emulator.url, emulator.token, method, path, {});
      const summary = field(response.body, 'errorSummary');
      const pathNotFound =
        response.status === 404 &&
        field(response.body, 'errorCode') === 'E0000007' &&
        typeof summary === 'string' &&
        summary.endsWith('(Path)');
      served.push(!pathNotFound);
    }
    return served;
  } finally {
    await emulator.stop();
  }
}
