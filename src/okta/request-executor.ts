import okta from '@okta/okta-sdk-nodejs';
import { pathOf, templateEndpoint } from './endpoint.js';
import { type HeaderSource, readRateLimitHeaders } from './rate-headers.js';
import type { RateLimiter } from './rate-limiter.js';
import {
  type AttemptContext,
  decideAfterError,
  decideAfterResponse,
  type RetryDecision,
  type RetryTiming,
} from './retry-policy.js';

/** What the SDK hands its executor: node-fetch options plus `url`. */
type SdkRequest = Parameters<InstanceType<typeof okta.RequestExecutor>['fetch']>[0];

/**
 * The SDK declares its request as node-fetch's `RequestInit`, whose types are not installed (so TypeScript sees only
 * `url`, `startTime` and `agent`); these are the fields the executor reads and writes.
 */
interface RequestFields {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly timeout?: number;
}

/** The part of node-fetch's Response the executor reads. */
interface FetchResponse {
  readonly status: number;
  readonly headers: HeaderSource;
  text(): Promise<string>;
}

export interface ExecutorSettings {
  /** Attempts per request, the first included. */
  readonly maxAttempts: number;
  readonly timing: RetryTiming;
  /** node-fetch's timeout for a response (and again for its body); 0 disables it. */
  readonly requestTimeoutMs: number;
  readonly random?: () => number;
}

/**
 * The SDK's request executor, replaced. It extends the SDK's base `RequestExecutor` (plain node-fetch), not
 * `DefaultRequestExecutor`, so the SDK's own 429 retry never runs: this class is the one owner of retries. Each attempt
 * passes the rate limiter (capacity share, concurrency), is counted per templated endpoint, and is retried per
 * retry-policy.ts. The SDK's generated APIs, its collections, its OAuth token request and raw `client.http` calls all
 * come through here.
 */
export class LimitedRequestExecutor extends okta.RequestExecutor {
  readonly #limiter: RateLimiter;
  readonly #settings: ExecutorSettings;

  constructor(limiter: RateLimiter, settings: ExecutorSettings) {
    super();
    this.#limiter = limiter;
    this.#settings = settings;
  }

  override async fetch(sdkRequest: SdkRequest): Promise<FetchResponse> {
    const request: SdkRequest & RequestFields = sdkRequest;
    const method = String(request.method ?? 'GET').toUpperCase();
    const url = String(request.url ?? '');
    const endpoint = templateEndpoint(method, url);
    const resendable = isResendable(request.body);
    const base = {
      method,
      path: pathOf(url),
      maxAttempts: resendable ? this.#settings.maxAttempts : 1,
      timing: this.#settings.timing,
      random: this.#settings.random ?? Math.random,
    };
    let retryFor: string | undefined;
    for (let attempt = 1; ; attempt++) {
      const context: AttemptContext = { ...base, attempt };
      const admission = await this.#limiter.acquire(endpoint, attempt);
      let response: FetchResponse;
      try {
        response = await super.fetch(this.#attemptRequest(request, attempt, retryFor));
      } catch (error) {
        admission.release({ answered: false });
        const decision = decideAfterError(error, context);
        if (!decision.retry) throw error;
        await this.#backOff(decision, endpoint, attempt);
        continue;
      }
      const headers = readRateLimitHeaders(response.headers, Date.now());
      admission.release({ answered: true, headers });
      if (response.status < 400) return response;
      if (response.status === 429) this.#limiter.recordRateLimited();
      const decision = decideAfterResponse(
        response.status,
        headers,
        response.headers.get('retry-after'),
        context,
      );
      // Not retried: the SDK turns the response into an OktaApiError, which the port maps.
      if (!decision.retry) return response;
      retryFor = response.headers.get('x-okta-request-id') ?? retryFor;
      // Read the discarded body so that its socket goes back to the pool.
      await response.text().catch(() => '');
      await this.#backOff(decision, endpoint, attempt);
    }
  }

  async #backOff(
    decision: RetryDecision & { retry: true },
    endpoint: string,
    attempt: number,
  ): Promise<void> {
    this.#limiter.recordRetry();
    await this.#limiter.wait({
      reason: decision.reason,
      endpoint,
      delayMs: decision.delayMs,
      attempt: attempt + 1,
    });
  }

  /** A fresh options object per attempt: Okta's retry headers, and our timeout. */
  #attemptRequest(
    request: SdkRequest & RequestFields,
    attempt: number,
    retryFor: string | undefined,
  ): SdkRequest & RequestFields {
    const headers: Record<string, string> = { ...request.headers };
    if (attempt > 1) {
      headers['X-Okta-Retry-Count'] = String(attempt - 1);
      if (retryFor !== undefined) headers['X-Okta-Retry-For'] = retryFor;
    }
    return { ...request, headers, timeout: this.#settings.requestTimeoutMs };
  }
}

/** Only bodies that can be sent twice allow a retry (the SDK sends strings; streams and forms cannot be replayed). */
function isResendable(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    Buffer.isBuffer(body) ||
    body instanceof URLSearchParams
  );
}
