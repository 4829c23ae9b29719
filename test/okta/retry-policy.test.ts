import { describe, expect, it } from 'vitest';
import { templateEndpoint } from '../../src/okta/endpoint.js';
import { createRedactor, toOktaRequestError } from '../../src/okta/errors.js';
import { allUsersFilter, emailSearch, quote } from '../../src/okta/queries.js';
import {
  type AttemptContext,
  backoffMs,
  decideAfterError,
  decideAfterResponse,
  defaultRetryTiming,
  isIdempotent,
} from '../../src/okta/retry-policy.js';

function context(method: string, path: string, attempt = 1, random = 0.5): AttemptContext {
  return { method, path, attempt, maxAttempts: 6, timing: defaultRetryTiming, random: () => random };
}

function fetchError(code: string | undefined, message = 'request to http://x failed, reason: boom'): Error {
  const error = new Error(message) as Error & { code?: string; type: string };
  error.name = 'FetchError';
  error.type = 'system';
  if (code !== undefined) error.code = code;
  return error;
}

describe('retry policy', () => {
  it('knows which requests may be repeated', () => {
    expect(isIdempotent('GET', '/api/v1/groups')).toBe(true);
    expect(isIdempotent('put', '/api/v1/groups/00g1/users/00u1')).toBe(true);
    expect(isIdempotent('DELETE', '/api/v1/groups/00g1')).toBe(true);
    expect(isIdempotent('POST', '/api/v1/groups')).toBe(false);
    expect(isIdempotent('POST', '/governance/api/v1/campaigns/ici1/launch')).toBe(false);
    expect(isIdempotent('POST', '/oauth2/v1/token')).toBe(true);
  });

  it('retries 429 for any method; 5xx only for idempotent requests', () => {
    const rate = { limit: 600, remaining: 0, reset: 1000, serverDate: 990_000 };
    expect(decideAfterResponse(429, rate, null, context('POST', '/api/v1/groups'))).toEqual({
      retry: true,
      delayMs: 11_000,
      reason: 'rate-limited',
    });
    const concurrency = { limit: 0, remaining: 0, reset: 1000, serverDate: 990_000 };
    expect(decideAfterResponse(429, concurrency, null, context('GET', '/api/v1/users'))).toEqual({
      retry: true,
      delayMs: 1500,
      reason: 'concurrency-limited',
    });
    expect(decideAfterResponse(503, undefined, null, context('GET', '/api/v1/users'))).toMatchObject({
      retry: true,
      reason: 'server-error',
    });
    expect(decideAfterResponse(503, undefined, null, context('POST', '/api/v1/groups'))).toEqual({
      retry: false,
    });
    expect(decideAfterResponse(501, undefined, null, context('GET', '/api/v1/users'))).toEqual({
      retry: false,
    });
    expect(decideAfterResponse(404, undefined, null, context('GET', '/api/v1/users'))).toEqual({
      retry: false,
    });
  });

  it('honours Retry-After on a 5xx when it asks for longer than the backoff', () => {
    expect(decideAfterResponse(503, undefined, '3', context('GET', '/api/v1/users'))).toMatchObject({
      delayMs: 3000,
    });
  });

  it('stops at maxAttempts', () => {
    const last = { ...context('GET', '/api/v1/users'), attempt: 6 };
    expect(decideAfterResponse(503, undefined, null, last)).toEqual({ retry: false });
    expect(decideAfterError(fetchError('ECONNRESET'), last)).toEqual({ retry: false });
  });

  it('retries network errors that may have reached Okta only for idempotent requests', () => {
    expect(decideAfterError(fetchError('ECONNRESET'), context('GET', '/api/v1/users'))).toMatchObject({
      retry: true,
      reason: 'network-error',
    });
    expect(decideAfterError(fetchError('ECONNRESET'), context('POST', '/api/v1/groups'))).toEqual({
      retry: false,
    });
    expect(
      decideAfterError(
        fetchError(undefined, 'reason: socket hang up'),
        context('PUT', '/api/v1/groups/00g1'),
      ),
    ).toMatchObject({ retry: true });
    // Refused: nothing was sent, so even a POST may go again.
    expect(decideAfterError(fetchError('ECONNREFUSED'), context('POST', '/api/v1/groups'))).toMatchObject({
      retry: true,
    });
    expect(decideAfterError(fetchError('ENOTFOUND'), context('GET', '/api/v1/users'))).toEqual({
      retry: false,
    });
    expect(decideAfterError(new TypeError('bug'), context('GET', '/api/v1/users'))).toEqual({ retry: false });
  });

  it('backs off exponentially with jitter, capped at 10 s', () => {
    const at = (attempt: number, random: number) =>
      backoffMs({ attempt, timing: defaultRetryTiming, random: () => random });
    expect([1, 2, 3, 4].map((attempt) => at(attempt, 0))).toEqual([100, 200, 400, 800]);
    expect([1, 2, 3, 4].map((attempt) => at(attempt, 0.999999))).toEqual([200, 400, 800, 1600]);
    expect(at(12, 0.999999)).toBe(10_000);
  });
});

describe('endpoint templates', () => {
  it('replaces Okta ids, logins and ORNs with {id}', () => {
    expect(
      templateEndpoint('get', 'https://x.okta.com/api/v1/groups/00g1a2b3c4d5e6f7g8h9/users?limit=1000'),
    ).toBe('GET /api/v1/groups/{id}/users');
    expect(
      templateEndpoint('PUT', 'http://h/api/v1/apps/0oaABCDEFGHIJKLMNOPQ/groups/00gabcdefghijklmnopq'),
    ).toBe('PUT /api/v1/apps/{id}/groups/{id}');
    expect(templateEndpoint('GET', 'http://h/api/v1/users/ada%40example.com')).toBe('GET /api/v1/users/{id}');
    expect(templateEndpoint('POST', 'http://h/governance/api/v1/campaigns/icitdyhndQ6qstyvR8g5/launch')).toBe(
      'POST /governance/api/v1/campaigns/{id}/launch',
    );
    expect(templateEndpoint('GET', 'http://h//api/v1/groups')).toBe('GET /api/v1/groups');
    expect(templateEndpoint('POST', 'http://h/api/v1/identity-sources/0oa1abcdefghijklmnop/sessions')).toBe(
      'POST /api/v1/identity-sources/{id}/sessions',
    );
  });
});

describe('queries', () => {
  it('quotes values for Okta’s filter grammar', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(emailSearch(['a@x.io', 'B@x.io'])).toBe('profile.email eq "a@x.io" or profile.email eq "B@x.io"');
    expect(allUsersFilter()).toContain('status eq "DEPROVISIONED"');
  });
});

describe('error mapping', () => {
  it('maps an OktaApiError and redacts configured secrets', () => {
    const apiError = Object.assign(new Error('Okta HTTP 400'), {
      name: 'OktaApiError',
      status: 400,
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: token super-secret-token-123',
      errorCauses: [{ errorSummary: 'name: already exists' }],
      errorId: 'oae123',
    });
    const mapped = toOktaRequestError(
      apiError,
      'POST /api/v1/groups',
      createRedactor(['super-secret-token-123']),
    );
    expect(mapped).toMatchObject({
      status: 400,
      errorCode: 'E0000001',
      summary: 'Api validation failed: token [redacted]',
      causes: ['name: already exists'],
      endpoint: 'POST /api/v1/groups',
      errorId: 'oae123',
    });
    expect(mapped.message).toBe(
      'Okta answered 400 E0000001 to POST /api/v1/groups: Api validation failed: token [redacted]; name: already exists',
    );
  });

  it('maps a non-JSON error body and a network failure', () => {
    const html = Object.assign(new Error('HTTP 502 <html>Bad gateway</html>'), {
      name: 'HttpError',
      status: 502,
    });
    expect(toOktaRequestError(html, 'GET /api/v1/users')).toMatchObject({
      status: 502,
      summary: '<html>Bad gateway</html>',
    });
    const network = fetchError(
      'ECONNRESET',
      'request to http://h/api/v1/users?search=x failed, reason: socket hang up',
    );
    expect(toOktaRequestError(network, 'GET /api/v1/users')).toMatchObject({
      status: 0,
      networkCode: 'ECONNRESET',
      summary: 'socket hang up',
    });
  });

  it('leaves other errors alone: they are bugs, not Okta’s answers', () => {
    const bug = new TypeError('x is undefined');
    expect(toOktaRequestError(bug, 'GET /api/v1/users')).toBe(bug);
  });
});
