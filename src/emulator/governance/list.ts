import { invalidFilter, invalidPaging } from '../errors.js';
import { paginate } from '../paging.js';
import {
  type Expression,
  matches,
  parseQuery,
  QueryError,
  type QueryRules,
  readPath,
  validateQuery,
} from '../query.js';
import type { EmulatorRequest, EmulatorResponse } from '../types.js';

/**
 * Governance list endpoints: `filter`, `orderBy` (one field, `asc|desc`), `after` and `limit` (1–200, default 20,
 * anything else 400 E0000029), answered as `{data, _links: {self, next?}}` plus the `Link` header.
 */
export interface ListSpec<T> {
  readonly filterRules: QueryRules;
  /** The attributes a filter reads. */
  readonly view: (item: T) => Record<string, unknown>;
  /** Attributes holding date-times: compared as instants, whatever offset the filter's literal is written in. */
  readonly dateAttributes: ReadonlySet<string>;
  /** orderBy fields and a sort key for each (ascending string order). */
  readonly orderBy: Readonly<Record<string, (item: T) => string>>;
  readonly defaultOrder: string;
  /** Breaks ties so that every item has its own key (the cursor is the last key returned). */
  readonly tiebreak: (item: T) => string;
  readonly render: (item: T) => unknown;
}

function normalizeDates(expression: Expression, dates: ReadonlySet<string>): Expression {
  switch (expression.kind) {
    case 'and':
    case 'or':
      return {
        kind: expression.kind,
        left: normalizeDates(expression.left, dates),
        right: normalizeDates(expression.right, dates),
      };
    case 'not':
      return { kind: 'not', operand: normalizeDates(expression.operand, dates) };
    case 'compare': {
      if (!dates.has(expression.attribute) || typeof expression.value !== 'string') return expression;
      const ms = Date.parse(expression.value);
      if (Number.isNaN(ms))
        throw new QueryError(`${expression.attribute}: "${expression.value}" is not a date-time`);
      return { ...expression, value: new Date(ms).toISOString() };
    }
  }
}

/** A filter as a predicate; 400 E0000053 when it is malformed or reads what the endpoint does not offer. */
export function compileFilter<T>(text: string, spec: ListSpec<T>): (item: T) => boolean {
  let expression: Expression;
  try {
    expression = normalizeDates(parseQuery(text), spec.dateAttributes);
    validateQuery(expression, spec.filterRules);
  } catch (error) {
    if (error instanceof QueryError) throw invalidFilter(error.message);
    throw error;
  }
  return (item) => {
    const view = spec.view(item);
    return matches(expression, (attribute) => readPath(view, attribute), spec.filterRules.caseInsensitive);
  };
}

const complement: Record<string, string> = Object.fromEntries(
  [...'0123456789abcdef'].map((digit, index, digits) => [digit, digits[15 - index] ?? digit]),
);

/** A key whose ascending order is the descending order of `key` (hex of its bytes, digits mirrored, then `g`). */
function descending(key: string): string {
  const hex = Buffer.from(key, 'utf8').toString('hex');
  return `${[...hex].map((digit) => complement[digit] ?? digit).join('')}g`;
}

function sortKeyFor<T>(request: EmulatorRequest, spec: ListSpec<T>): (item: T) => string {
  const raw = (request.query.get('orderBy') ?? '').trim() || spec.defaultOrder;
  const match = /^(\S+)(?:\s+(asc|desc))?$/i.exec(raw);
  const field = match?.[1] ?? '';
  const key = spec.orderBy[field];
  if (match === null || key === undefined) {
    throw invalidPaging(
      `orderBy: "${raw}" is not one of ${Object.keys(spec.orderBy).join(', ')} with asc or desc`,
    );
  }
  const desc = match[2]?.toLowerCase() === 'desc';
  return (item) => {
    const ascending = `${key(item)}\u0000${spec.tiebreak(item)}`;
    return desc ? descending(ascending) : ascending;
  };
}

export function listResponse<T>(
  request: EmulatorRequest,
  items: readonly T[],
  spec: ListSpec<T>,
): EmulatorResponse {
  const filter = request.query.get('filter');
  const test = filter === null || filter.trim() === '' ? undefined : compileFilter(filter, spec);
  const sortKey = sortKeyFor(request, spec);
  const keyed = items
    .filter((item) => test === undefined || test(item))
    .map((item) => ({ key: sortKey(item), item }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = paginate(request, keyed, (entry) => entry.key, {
    defaultLimit: 20,
    maxLimit: 200,
    capAboveMax: false,
  });
  return {
    status: 200,
    body: {
      data: page.items.map((entry) => spec.render(entry.item)),
      _links: {
        self: { href: page.selfUrl },
        ...(page.nextUrl === undefined ? {} : { next: { href: page.nextUrl } }),
      },
    },
    headers: page.headers,
  };
}

/** Fixed-width milliseconds, so that string order is time order. */
export function timeKey(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '' : String(ms).padStart(15, '0');
}
