/**
 * Okta's SCIM-like filter language, as `search` and `filter` parameters use it:
 * `profile.email eq "a@b.c" and (status eq "ACTIVE" or type eq "OKTA_GROUP")`.
 * Operators eq ne gt ge lt le sw co pr; and, or, not; parentheses. Attribute names are case-sensitive, keywords not.
 */
export type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sw' | 'co' | 'pr';

export type Expression =
  | {
      readonly kind: 'compare';
      readonly attribute: string;
      readonly operator: Operator;
      readonly value: Literal;
    }
  | { readonly kind: 'and' | 'or'; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'not'; readonly operand: Expression };

export type Literal = string | number | boolean | null;

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

const operators = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'pr']);

type Token = { kind: 'word' | 'string' | 'open' | 'close'; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index] ?? '';
    if (/\s/.test(char)) {
      index++;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close', text: char });
      index++;
    } else if (char === '"') {
      let value = '';
      index++;
      while (index < input.length && input[index] !== '"') {
        if (input[index] === '\\' && index + 1 < input.length) index++;
        value += input[index];
        index++;
      }
      if (index >= input.length) throw new QueryError('unterminated string literal');
      index++;
      tokens.push({ kind: 'string', text: value });
    } else {
      let word = '';
      while (index < input.length && !/[\s()"]/.test(input[index] ?? '')) {
        word += input[index];
        index++;
      }
      tokens.push({ kind: 'word', text: word });
    }
  }
  return tokens;
}

export function parseQuery(input: string): Expression {
  const tokens = tokenize(input);
  let position = 0;
  const peek = () => tokens[position];
  const keyword = (word: string) => {
    const token = peek();
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  };

  function parseOr(): Expression {
    let left = parseAnd();
    while (keyword('or')) {
      position++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): Expression {
    let left = parseUnary();
    while (keyword('and')) {
      position++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary(): Expression {
    if (keyword('not')) {
      position++;
      return { kind: 'not', operand: parseUnary() };
    }
    const token = peek();
    if (token?.kind === 'open') {
      position++;
      const inner = parseOr();
      if (peek()?.kind !== 'close') throw new QueryError('missing closing parenthesis');
      position++;
      return inner;
    }
    return parseComparison();
  }
  function parseComparison(): Expression {
    const attribute = tokens[position++];
    if (attribute?.kind !== 'word') throw new QueryError('expected an attribute name');
    const operator = tokens[position++];
    const op = operator?.text.toLowerCase() ?? '';
    if (operator?.kind !== 'word' || !operators.has(op)) {
      throw new QueryError(`unknown operator "${operator?.text ?? ''}" after ${attribute.text}`);
    }
    if (op === 'pr') return { kind: 'compare', attribute: attribute.text, operator: 'pr', value: null };
    const value = tokens[position++];
    if (value === undefined || value.kind === 'open' || value.kind === 'close') {
      throw new QueryError(`expected a value after ${attribute.text} ${op}`);
    }
    return { kind: 'compare', attribute: attribute.text, operator: op as Operator, value: literal(value) };
  }

  if (tokens.length === 0) throw new QueryError('empty expression');
  const expression = parseOr();
  if (position !== tokens.length) throw new QueryError(`unexpected "${tokens[position]?.text ?? ''}"`);
  return expression;
}

function literal(token: Token): Literal {
  if (token.kind === 'string') return token.text;
  const lower = token.text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(token.text)) return Number(token.text);
  return token.text;
}

/** The attributes and operators an endpoint accepts; anything else is refused as Okta refuses it. */
export interface QueryRules {
  readonly attributes?: ReadonlySet<string>;
  /** Attribute prefixes accepted in addition (for example `profile.` for user search). */
  readonly attributePrefixes?: readonly string[];
  readonly operators: ReadonlySet<Operator>;
  readonly allowNot?: boolean;
  /** Compare string values without case (user `search`), or exactly (user `filter`). */
  readonly caseInsensitive: boolean;
}

export function validateQuery(expression: Expression, rules: QueryRules): void {
  switch (expression.kind) {
    case 'and':
    case 'or':
      validateQuery(expression.left, rules);
      validateQuery(expression.right, rules);
      return;
    case 'not':
      if (rules.allowNot === false) throw new QueryError('the not operator is not supported here');
      validateQuery(expression.operand, rules);
      return;
    case 'compare': {
      const known =
        rules.attributes?.has(expression.attribute) === true ||
        (rules.attributePrefixes ?? []).some((prefix) => expression.attribute.startsWith(prefix));
      if (!known) throw new QueryError(`${expression.attribute} is not supported here`);
      if (!rules.operators.has(expression.operator)) {
        throw new QueryError(
          `the ${expression.operator} operator is not supported for ${expression.attribute}`,
        );
      }
      return;
    }
  }
}

/** Evaluates an expression against a record; `read` returns an attribute's value (dotted path). */
export function matches(
  expression: Expression,
  read: (attribute: string) => unknown,
  caseInsensitive: boolean,
): boolean {
  switch (expression.kind) {
    case 'and':
      return (
        matches(expression.left, read, caseInsensitive) && matches(expression.right, read, caseInsensitive)
      );
    case 'or':
      return (
        matches(expression.left, read, caseInsensitive) || matches(expression.right, read, caseInsensitive)
      );
    case 'not':
      return !matches(expression.operand, read, caseInsensitive);
    case 'compare':
      return compare(read(expression.attribute), expression.operator, expression.value, caseInsensitive);
  }
}

function compare(actual: unknown, operator: Operator, expected: Literal, caseInsensitive: boolean): boolean {
  if (operator === 'pr') return actual !== undefined && actual !== null && actual !== '';
  if (actual === undefined || actual === null)
    return operator === 'ne' ? expected !== null : expected === null;
  const fold = (value: unknown) =>
    typeof value === 'string' && caseInsensitive ? value.toLowerCase() : value;
  const left = fold(typeof actual === 'number' || typeof actual === 'boolean' ? actual : String(actual));
  const right = fold(expected);
  switch (operator) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'sw':
      return typeof left === 'string' && typeof right === 'string' && left.startsWith(right);
    case 'co':
      return typeof left === 'string' && typeof right === 'string' && left.includes(right);
    case 'gt':
      return (left as string | number) > (right as string | number);
    case 'ge':
      return (left as string | number) >= (right as string | number);
    case 'lt':
      return (left as string | number) < (right as string | number);
    case 'le':
      return (left as string | number) <= (right as string | number);
  }
}

/** Reads a dotted path (`profile.email`) from a plain object. */
export function readPath(record: unknown, attribute: string): unknown {
  let value: unknown = record;
  for (const part of attribute.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
