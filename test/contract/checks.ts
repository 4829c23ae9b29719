import { expect } from 'vitest';
import {
  type DocumentName,
  expectComponentConforms,
  expectConforms,
  findOperation,
  responseContract,
} from './openapi.js';
import { type ApiResponse, type ContractTarget, field, parseLinks } from './target.js';

/** Checks shared by the contract suites: status + body against the spec, Okta's error codes, list headers. */

/** Operations a suite has checked a response of, to assert at the end that none was left out. */
export function createCoverage(): { record(operationId: string): void; covered(): ReadonlySet<string> } {
  const seen = new Set<string>();
  return { record: (operationId) => seen.add(operationId), covered: () => seen };
}

export type Coverage = ReturnType<typeof createCoverage>;

/** Asserts the status, then that the body is what Okta documents for that operation and status. */
export function expectResponse(
  coverage: Coverage,
  operationId: string,
  response: ApiResponse,
  status: number,
): void {
  expect(response.status, `${operationId}: ${response.text.slice(0, 500)}`).toBe(status);
  expectConforms(operationId, status, response.body);
  coverage.record(operationId);
}

/**
 * Asserts an Okta error: status, `errorCode`, and the body against the spec. Okta answers some statuses on every
 * operation (401 without a valid token, 400 for a bad cursor or search, 405) while each operation documents only a
 * few; for a status the operation does not document, the body is checked against the document's shared error shape
 * instead (`Error` in the management API, `error` in governance).
 */
export function expectError(
  coverage: Coverage,
  operationId: string,
  response: ApiResponse,
  status: number,
  errorCode: string | RegExp,
): void {
  expect(response.status, `${operationId}: ${response.text.slice(0, 500)}`).toBe(status);
  const code = field(response.body, 'errorCode');
  if (typeof errorCode === 'string') expect(code, response.text.slice(0, 500)).toBe(errorCode);
  else expect(code, response.text.slice(0, 500)).toMatch(errorCode);
  if (isDocumented(operationId, status)) {
    expectConforms(operationId, status, response.body);
    coverage.record(operationId);
    return;
  }
  const { document } = findOperation(operationId);
  expectComponentConforms(document, sharedError[document], response.body);
}

export function isDocumented(operationId: string, status: number): boolean {
  try {
    responseContract(operationId, status);
    return true;
  } catch {
    return false;
  }
}

const sharedError: Record<DocumentName, string> = {
  management: '#/components/schemas/Error',
  governance: '#/components/schemas/error',
};

/** Okta's rate-limit headers: integers, the reset in epoch seconds. */
export function expectRateLimitHeaders(response: ApiResponse): void {
  for (const name of ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset']) {
    expect(response.headers.get(name), name).toMatch(/^\d+$/);
  }
  const reset = Number(response.headers.get('x-rate-limit-reset'));
  expect(reset, 'x-rate-limit-reset is in epoch seconds').toBeGreaterThan(1_600_000_000);
  expect(reset).toBeLessThan(10_000_000_000);
}

/** `Date` is what the SDK computes its 429 back-off from. */
export function expectDateHeader(response: ApiResponse): void {
  const date = response.headers.get('date');
  expect(date, 'Date header').not.toBeNull();
  expect(Number.isNaN(Date.parse(date ?? '')), `Date header ${date}`).toBe(false);
}

/**
 * A list response's headers: `Link` with absolute `rel="self"`, and `rel="next"` when `expectNext` (none when false,
 * either way when undefined); rate-limit headers and `Date`. Returns the next page's URL.
 */
export function expectListHeaders(
  target: ContractTarget,
  response: ApiResponse,
  expectNext: boolean | undefined,
): string | undefined {
  const links = parseLinks(response.headers.get('link'));
  const self = links.find((link) => link.rel === 'self');
  expect(self, `Link rel="self" in ${response.headers.get('link')}`).toBeDefined();
  expect(self?.url.startsWith(`${target.baseUrl}/`), `absolute self link ${self?.url}`).toBe(true);
  const next = links.find((link) => link.rel === 'next');
  if (expectNext === true) expect(next, `Link rel="next" in ${response.headers.get('link')}`).toBeDefined();
  if (expectNext === false) expect(next, 'no rel="next" on the last page').toBeUndefined();
  if (next !== undefined) {
    expect(next?.url.startsWith(`${target.baseUrl}/`), `absolute next link ${next?.url}`).toBe(true);
    expect(new URL(next?.url ?? 'http://x').searchParams.get('after'), 'next link has a cursor').toBeTruthy();
  }
  expectRateLimitHeaders(response);
  expectDateHeader(response);
  return next?.url;
}

/**
 * Each header the response documents as required is present (`Location`, `X-Rate-Limit-*`, …), and so is each of
 * `optional`, which must be documented too (`Etag`, `Link`).
 */
export function expectDocumentedHeaders(
  operationId: string,
  response: ApiResponse,
  optional: readonly string[] = [],
): void {
  const { headers } = responseContract(operationId, response.status);
  for (const name of optional) {
    const documented = headers.some((header) => header.name.toLowerCase() === name.toLowerCase());
    expect(documented, `${operationId} ${response.status} documents the ${name} header`).toBe(true);
    expect(response.headers.get(name), `${operationId} sends the ${name} header`).not.toBeNull();
  }
  for (const header of headers) {
    if (!header.required) continue;
    expect(
      response.headers.get(header.name),
      `${operationId} sends the required ${header.name} header`,
    ).not.toBeNull();
  }
}
