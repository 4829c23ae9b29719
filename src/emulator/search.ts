import { invalidFilter, invalidSearch } from './errors.js';
import {
  type Expression,
  matches,
  parseQuery,
  QueryError,
  type QueryRules,
  readPath,
  validateQuery,
} from './query.js';

/**
 * Compiles a `search` or `filter` parameter into a predicate over rendered-shape records, answering Okta's errors
 * (E0000031 for search, E0000053 for filter) when the expression is malformed or uses what the endpoint refuses.
 */
export function compileQuery(
  text: string,
  rules: QueryRules,
  parameter: 'search' | 'filter',
): (record: unknown) => boolean {
  let expression: Expression;
  try {
    expression = parseQuery(text);
    validateQuery(expression, rules);
  } catch (error) {
    if (error instanceof QueryError) {
      throw parameter === 'search' ? invalidSearch(error.message) : invalidFilter(error.message);
    }
    throw error;
  }
  return (record) => matches(expression, (attribute) => readPath(record, attribute), rules.caseInsensitive);
}
