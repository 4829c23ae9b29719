/** The `X-Rate-Limit-*` headers of one response, with the server's `Date` to read the reset against. */
export interface RateLimitHeaders {
  readonly limit: number;
  readonly remaining: number;
  /** Epoch seconds when the bucket's window resets. */
  readonly reset: number;
  /** The server's `Date` in epoch ms (second precision), or the local time when the header is missing. */
  readonly serverDate: number;
}

export interface HeaderSource {
  get(name: string): string | null;
}

/**
 * Reads the rate-limit headers; undefined when any is missing or malformed. Duplicate headers arrive comma-joined
 * (OKTA-112507) and are refused, as Okta's SDKs do.
 */
export function readRateLimitHeaders(headers: HeaderSource, localNow: number): RateLimitHeaders | undefined {
  const limit = integerHeader(headers, 'x-rate-limit-limit');
  const remaining = integerHeader(headers, 'x-rate-limit-remaining');
  const reset = integerHeader(headers, 'x-rate-limit-reset');
  if (limit === undefined || remaining === undefined || reset === undefined) return undefined;
  const date = Date.parse(headers.get('date') ?? '');
  return { limit, remaining, reset, serverDate: Number.isFinite(date) ? date : localNow };
}

/** A concurrency 429: Okta sends limit and remaining 0 and a reset that is only an estimate. */
export function isConcurrencyLimit(headers: RateLimitHeaders | undefined): boolean {
  return headers !== undefined && headers.limit === 0 && headers.remaining === 0;
}

/**
 * How long until the bucket resets, by the server's clock: `reset − Date + 1 s`, the formula of Okta's SDKs (the extra
 * second covers the `Date` header's whole-second precision). Never negative, capped so that a bogus header cannot
 * stall the run.
 */
export function delayUntilReset(headers: RateLimitHeaders, capMs: number): number {
  const delay = headers.reset * 1000 - headers.serverDate + 1000;
  return Math.min(Math.max(delay, 0), capMs);
}

function integerHeader(headers: HeaderSource, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}
