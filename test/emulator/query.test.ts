import { describe, expect, it } from 'vitest';
import { matches, parseQuery, QueryError, readPath, validateQuery } from '../../src/emulator/query.js';

const user = { status: 'ACTIVE', profile: { email: 'Ada@Example.com', lastName: 'Lovelace' } };
const test = (query: string, caseInsensitive = true) =>
  matches(parseQuery(query), (attribute) => readPath(user, attribute), caseInsensitive);

describe('the emulator query language', () => {
  it('compares values with or without case, as search and filter do', () => {
    expect(test('profile.email eq "ada@example.com"')).toBe(true);
    expect(test('profile.email eq "ada@example.com"', false)).toBe(false);
    expect(test('profile.email eq "Ada@Example.com"', false)).toBe(true);
  });

  it('supports sw, co, pr, and/or/not with precedence and parentheses', () => {
    expect(test('profile.lastName sw "Love"')).toBe(true);
    expect(test('profile.lastName co "lace"')).toBe(true);
    expect(test('profile.email pr')).toBe(true);
    expect(test('profile.mobilePhone pr')).toBe(false);
    expect(test('status eq "SUSPENDED" or status eq "ACTIVE" and profile.lastName eq "Lovelace"')).toBe(true);
    expect(test('(status eq "SUSPENDED" or status eq "ACTIVE") AND not profile.lastName eq "Lovelace"')).toBe(
      false,
    );
  });

  it('refuses malformed expressions and what an endpoint does not support', () => {
    expect(() => parseQuery('profile.email eq')).toThrow(QueryError);
    expect(() => parseQuery('profile.email like "a"')).toThrow(/unknown operator/);
    expect(() => parseQuery('(status eq "ACTIVE"')).toThrow(/parenthesis/);
    expect(() => parseQuery('status eq "unterminated')).toThrow(/unterminated/);
    const rules = {
      attributes: new Set(['status']),
      operators: new Set(['eq' as const]),
      caseInsensitive: false,
    };
    expect(() => validateQuery(parseQuery('profile.email eq "a"'), rules)).toThrow(/not supported/);
    expect(() => validateQuery(parseQuery('status sw "A"'), rules)).toThrow(/sw operator/);
  });
});
