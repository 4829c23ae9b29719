import type { Json } from '../model/campaign.js';

/** A JSON object as campaign bodies hold them. */
export type JsonObject = { readonly [key: string]: Json };

/** A JSON object being built. */
export type MutableObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `value` as an object; anything else (absent, null, a list) as an empty one. */
export function objectOf(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function booleanOf(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** Code-unit order: stable across locales. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An ISO-8601 date-time as an instant in UTC with milliseconds (`2027-01-04T09:00:00.000Z`), whatever offset and
 * precision it was written with; a value that is not a date is returned as it is.
 */
export function utcInstant(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** The tokens of an RFC 6901 JSON pointer. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function pointerOf(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** The value at a JSON pointer, or undefined when there is none. */
export function valueAt(document: Json | undefined, tokens: readonly string[]): Json | undefined {
  let current: Json | undefined = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = (current as readonly Json[])[Number(token)];
    } else if (isObject(current)) {
      current = Object.hasOwn(current, token) ? current[token] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * A copy without nulls, empty lists and empty objects (Okta returns those for lists and settings nobody set), at any
 * depth; undefined when nothing is left.
 */
export function pruneEmpty(value: Json | undefined): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = (value as readonly Json[])
      .map((item) => pruneEmpty(item))
      .filter((item): item is Json => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isObject(value)) {
    const out: MutableObject = {};
    for (const [key, item] of Object.entries(value)) {
      const pruned = pruneEmpty(item);
      if (pruned !== undefined) out[key] = pruned;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}
