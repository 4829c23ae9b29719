import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Clock } from './clock.js';

/** One of Okta's rate-limit buckets: requests per window for the paths (and methods) it covers. */
export interface Bucket {
  readonly name: string;
  /** Upper-case methods; undefined = every method. */
  readonly methods?: readonly string[];
  /** Path template: `{id}` is one segment, a trailing `*` anything below. */
  readonly path: string;
  readonly limit: number;
}

export interface RateLimitConfig {
  /** Okta's windows are a minute; tests and benchmarks shorten them. */
  readonly windowSeconds: number;
  /** Simultaneous in-flight requests (Okta's default is 75 per org). */
  readonly concurrency: number;
  /** Most specific first: the first bucket matching a request applies. */
  readonly buckets: readonly Bucket[];
}

/**
 * Per-minute limits of a Workforce Identity org, from Okta's published management rate-limit table. Governance limits
 * are not published; 600 is an assumption. Which bucket membership writes fall in is not published either; they count
 * against the generic /api/v1 bucket here.
 */
export const workforceBuckets: readonly Bucket[] = [
  { name: 'users-get-one', methods: ['GET'], path: '/api/v1/users/{id}', limit: 2000 },
  { name: 'users-write-one', methods: ['POST', 'PUT', 'DELETE'], path: '/api/v1/users/{id}', limit: 600 },
  { name: 'users', methods: ['GET', 'POST'], path: '/api/v1/users', limit: 600 },
  { name: 'apps-one', path: '/api/v1/apps/{id}', limit: 500 },
  { name: 'apps', path: '/api/v1/apps*', limit: 100 },
  { name: 'groups-one', path: '/api/v1/groups/{id}', limit: 1000 },
  { name: 'groups', path: '/api/v1/groups', limit: 500 },
  { name: 'governance', path: '/governance/api/*', limit: 600 },
  { name: 'api-v1', path: '/api/v1/*', limit: 1200 },
];

export const rateLimitPresets = {
  workforce: { windowSeconds: 60, concurrency: 75, buckets: workforceBuckets },
  /** Headers as Okta sends them, limits too high to reach: for demos and functional tests. */
  unlimited: {
    windowSeconds: 60,
    concurrency: 10_000,
    buckets: workforceBuckets.map((bucket) => ({ ...bucket, limit: 1_000_000 })),
  },
} satisfies Record<string, RateLimitConfig>;

export type RateLimitPreset = keyof typeof rateLimitPresets;

/** `workforce`, `unlimited`, or a YAML/JSON file holding a RateLimitConfig (missing keys taken from workforce). */
export function loadRateLimits(presetOrFile: string): RateLimitConfig {
  if (presetOrFile in rateLimitPresets) return rateLimitPresets[presetOrFile as RateLimitPreset];
  const loaded = parse(readFileSync(presetOrFile, 'utf8')) as Partial<RateLimitConfig>;
  return { ...rateLimitPresets.workforce, ...loaded };
}

export interface Admission {
  readonly allowed: boolean;
  /** Set for every API response, allowed or not. */
  readonly headers: Record<string, string>;
  /** Which limit refused the request. */
  readonly reason?: 'rate' | 'concurrency';
  /** Call when the response is complete (frees a concurrency slot). */
  release(): void;
}

interface Window {
  start: number;
  used: number;
}

export interface RateLimiter {
  admit(method: string, path: string): Admission;
  configure(config: RateLimitConfig): void;
  config(): RateLimitConfig;
}

export function createRateLimiter(initial: RateLimitConfig, clock: Clock): RateLimiter {
  let config = initial;
  let compiled = compile(config.buckets);
  const windows = new Map<string, Window>();
  let inFlight = 0;

  return {
    config: () => config,
    configure(next) {
      config = next;
      compiled = compile(next.buckets);
      windows.clear();
    },
    admit(method, path) {
      const now = clock.now();
      const windowMs = config.windowSeconds * 1000;
      const bucket = compiled.find(
        (candidate) =>
          (candidate.methods === undefined || candidate.methods.includes(method)) &&
          candidate.regex.test(path),
      );
      if (inFlight >= config.concurrency) {
        return {
          allowed: false,
          reason: 'concurrency',
          headers: {
            'x-rate-limit-limit': '0',
            'x-rate-limit-remaining': '0',
            'x-rate-limit-reset': String(Math.ceil((now + 1000) / 1000)),
          },
          release: () => {},
        };
      }
      if (bucket === undefined) {
        inFlight++;
        return { allowed: true, headers: {}, release: once(() => inFlight--) };
      }
      const key = `${bucket.name}`;
      let window = windows.get(key);
      if (window === undefined || now >= window.start + windowMs) {
        // Okta's windows start with the first request, not on the minute.
        window = { start: now, used: 0 };
        windows.set(key, window);
      }
      const reset = String(Math.ceil((window.start + windowMs) / 1000));
      if (window.used >= bucket.limit) {
        return {
          allowed: false,
          reason: 'rate',
          headers: {
            'x-rate-limit-limit': String(bucket.limit),
            'x-rate-limit-remaining': '0',
            'x-rate-limit-reset': reset,
          },
          release: () => {},
        };
      }
      window.used++;
      inFlight++;
      return {
        allowed: true,
        headers: {
          'x-rate-limit-limit': String(bucket.limit),
          'x-rate-limit-remaining': String(bucket.limit - window.used),
          'x-rate-limit-reset': reset,
        },
        release: once(() => inFlight--),
      };
    },
  };
}

function compile(buckets: readonly Bucket[]) {
  return buckets.map((bucket) => ({
    ...bucket,
    methods: bucket.methods?.map((method) => method.toUpperCase()),
    regex: templateToRegex(bucket.path),
  }));
}

function templateToRegex(template: string): RegExp {
  const escaped = template
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{[^}]+\\\}/g, '[^/]+'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
