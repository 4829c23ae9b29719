import { delayUntilReset, isConcurrencyLimit, type RateLimitHeaders } from './rate-headers.js';
import type { WaitReason } from './rate-limiter.js';

/** Backoff timings. The defaults suit Okta; tests shorten them. */
export interface RetryTiming {
  /** First backoff after a 5xx or network error; doubles per attempt. */
  readonly baseMs: number;
  /** Cap of the exponential backoff. */
  readonly maxMs: number;
  /** Backoff after a concurrency 429 (plus up to as much again of jitter). */
  readonly concurrencyMs: number;
  /** The longest wait a reset header may impose. */
  readonly maxResetWaitMs: number;
}

export const defaultRetryTiming: RetryTiming = {
  baseMs: 200,
  maxMs: 10_000,
  concurrencyMs: 1000,
  maxResetWaitMs: 120_000,
};

export type RetryDecision =
  | { readonly retry: false }
  | { readonly retry: true; readonly delayMs: number; readonly reason: WaitReason };

const noRetry: RetryDecision = { retry: false };

const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * POSTs that may be repeated whatever happened to the first: asking for an access token creates nothing. Every other
 * POST (group create, app create, campaign create/launch) is retried only when Okta refused it with a 429, because a
 * 5xx or a broken connection leaves unknown whether it took effect; the apply stage re-reads and converges instead.
 */
const idempotentPosts = [/^\/oauth2\/v1\/token$/];

export function isIdempotent(method: string, path: string): boolean {
  const upper = method.toUpperCase();
  if (idempotentMethods.has(upper)) return true;
  return upper === 'POST' && idempotentPosts.some((pattern) => pattern.test(path));
}

const retryableStatuses = new Set([500, 502, 503, 504]);

/** Errors where the request surely never reached Okta: safe to repeat for any method. */
const notSentCodes = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
/** Errors where the request may or may not have been processed: repeat only idempotent requests. */
const maybeSentCodes = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'request-timeout',
]);

export interface AttemptContext {
  readonly method: string;
  readonly path: string;
  /** The attempt that just failed, 1 for the first. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly timing: RetryTiming;
  /** In [0, 1): jitter. */
  readonly random: () => number;
}

/** After a response: retry on 429 (any method: Okta did not process it) and on 500/502/503/504 (idempotent only). */
export function decideAfterResponse(
  status: number,
  headers: RateLimitHeaders | undefined,
  retryAfter: string | null,
  context: AttemptContext,
): RetryDecision {
  if (context.attempt >= context.maxAttempts) return noRetry;
  if (status === 429) {
    if (isConcurrencyLimit(headers)) {
      const delayMs = context.timing.concurrencyMs * (1 + context.random());
      return { retry: true, delayMs: Math.round(delayMs), reason: 'concurrency-limited' };
    }
    if (headers !== undefined) {
      return {
        retry: true,
        delayMs: delayUntilReset(headers, context.timing.maxResetWaitMs),
        reason: 'rate-limited',
      };
    }
    return { retry: true, delayMs: backoffMs(context), reason: 'rate-limited' };
  }
  if (!retryableStatuses.has(status) || !isIdempotent(context.method, context.path)) return noRetry;
  const after = retryAfterMs(retryAfter, context.timing.maxMs);
  return { retry: true, delayMs: Math.max(backoffMs(context), after), reason: 'server-error' };
}

/** After a request that got no response. */
export function decideAfterError(error: unknown, context: AttemptContext): RetryDecision {
  if (context.attempt >= context.maxAttempts) return noRetry;
  const code = networkCode(error);
  if (code === undefined) return noRetry;
  const retryable =
    notSentCodes.has(code) || (maybeSentCodes.has(code) && isIdempotent(context.method, context.path));
  return retryable ? { retry: true, delayMs: backoffMs(context), reason: 'network-error' } : noRetry;
}

/** Exponential with "equal jitter": half the step fixed, half random; `baseMs × 2^(attempt−1)`, capped. */
export function backoffMs(context: Pick<AttemptContext, 'attempt' | 'timing' | 'random'>): number {
  const step = Math.min(context.timing.maxMs, context.timing.baseMs * 2 ** (context.attempt - 1));
  return Math.round(step / 2 + (step / 2) * context.random());
}

/** node-fetch's FetchError: `code` for system errors (ECONNRESET), `type` for its own timeout. */
export function networkCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== 'FetchError') return undefined;
  const fields = error as Error & { code?: unknown; type?: unknown; message: string };
  if (typeof fields.code === 'string' && fields.code !== '') return fields.code;
  if (fields.type === 'request-timeout') return 'request-timeout';
  // "socket hang up" comes without a code on some Node versions.
  return /socket hang up/i.test(fields.message) ? 'ECONNRESET' : undefined;
}

function retryAfterMs(value: string | null, capMs: number): number {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return 0;
  return Math.min(Number(value) * 1000, capMs);
}
