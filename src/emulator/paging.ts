import { invalidPaging } from './errors.js';
import type { EmulatorRequest } from './types.js';

export interface PageRules {
  readonly defaultLimit: number;
  readonly maxLimit: number;
  readonly minLimit?: number;
  /** true: a limit past the maximum is silently capped (Okta's management lists); false: 400 (governance lists). */
  readonly capAboveMax: boolean;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextUrl?: string;
  readonly selfUrl: string;
  /** Okta sends self and next as two `Link` header lines, each an absolute URL. */
  readonly headers: { link: string[] };
}

/**
 * One page of `items`, which must already be sorted by `sortKey`. The cursor (`after`) is the opaque sort key of the
 * last item returned, so a page boundary survives items being added or deleted between requests.
 */
export function paginate<T>(
  request: EmulatorRequest,
  items: readonly T[],
  sortKey: (item: T) => string,
  rules: PageRules,
): Page<T> {
  const limit = pageLimit(request.query.get('limit'), rules);
  const after = request.query.get('after');
  let start = 0;
  if (after !== null && after !== '') {
    const key = decodeCursor(after);
    start = items.findIndex((item) => sortKey(item) > key);
    if (start === -1) start = items.length;
  }
  const pageItems = items.slice(start, start + limit);
  const selfUrl = absoluteUrl(request, request.query);
  const links = [`<${selfUrl}>; rel="self"`];
  let nextUrl: string | undefined;
  const last = pageItems.at(-1);
  if (start + limit < items.length && last !== undefined) {
    const next = new URLSearchParams(request.query);
    next.set('after', encodeCursor(sortKey(last)));
    next.set('limit', String(limit));
    nextUrl = absoluteUrl(request, next);
    links.push(`<${nextUrl}>; rel="next"`);
  }
  return {
    items: pageItems,
    selfUrl,
    headers: { link: links },
    ...(nextUrl === undefined ? {} : { nextUrl }),
  };
}

function pageLimit(raw: string | null, rules: PageRules): number {
  if (raw === null || raw === '') return rules.defaultLimit;
  const limit = Number(raw);
  if (!Number.isInteger(limit)) throw invalidPaging('limit: INVALID_DATA_TYPE');
  if (limit === -1 && rules.capAboveMax) return rules.maxLimit;
  if (limit < (rules.minLimit ?? 1)) {
    if (rules.capAboveMax) return rules.minLimit ?? 1;
    throw invalidPaging('limit: INVALID_LIMIT_PARAMETER');
  }
  if (limit > rules.maxLimit) {
    if (rules.capAboveMax) return rules.maxLimit;
    throw invalidPaging('limit: INVALID_LIMIT_PARAMETER');
  }
  return limit;
}

export function absoluteUrl(request: EmulatorRequest, query: URLSearchParams): string {
  const search = query.toString();
  return `${request.baseUrl}${request.path}${search === '' ? '' : `?${search.replaceAll('+', '%20')}`}`;
}

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key === '' || encodeCursor(key) !== cursor) throw invalidPaging('after: INVALID_AFTER_PARAMETER');
  return key;
}

/** A sort key for lists ordered by creation time (then id): fixed-width so that strings sort as numbers do. */
export function createdKey(created: number, id: string): string {
  return `${String(created).padStart(15, '0')}:${id}`;
}
