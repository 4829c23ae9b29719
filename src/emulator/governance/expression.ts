import type { UserRecord } from '../store.js';

/**
 * The part of the Okta Expression Language that campaign scopes use, evaluated against a user:
 * `user.profile.department == "Sales" && user.status != "SUSPENDED"`, `!(…)`, `||`, and bare attributes
 * (`user.profile.isContractor`). Reviewer expressions are a single attribute (`user.profile.managerId`).
 */
export type UserExpression =
  | { readonly kind: 'path'; readonly path: readonly string[] }
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | {
      readonly kind: 'compare';
      readonly equal: boolean;
      readonly left: UserExpression;
      readonly right: UserExpression;
    }
  | { readonly kind: 'and' | 'or'; readonly left: UserExpression; readonly right: UserExpression }
  | { readonly kind: 'not'; readonly operand: UserExpression };

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Token = { readonly kind: 'word' | 'string' | 'symbol'; readonly text: string };

const symbols = ['==', '!=', '&&', '||', '!', '(', ')'];

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index] ?? '';
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (char === '"' || char === "'") {
      const end = input.indexOf(char, index + 1);
      if (end === -1) throw new ExpressionError('unterminated string literal');
      tokens.push({ kind: 'string', text: input.slice(index + 1, end) });
      index = end + 1;
      continue;
    }
    const symbol = symbols.find((candidate) => input.startsWith(candidate, index));
    if (symbol !== undefined) {
      tokens.push({ kind: 'symbol', text: symbol });
      index += symbol.length;
      continue;
    }
    const word = /^[A-Za-z0-9_.$-]+/.exec(input.slice(index))?.[0];
    if (word === undefined) throw new ExpressionError(`unexpected "${char}"`);
    tokens.push({ kind: 'word', text: word });
    index += word.length;
  }
  return tokens;
}

export function parseUserExpression(input: string): UserExpression {
  const tokens = tokenize(input);
  let position = 0;
  const is = (text: string, word?: string) => {
    const token = tokens[position];
    if (token === undefined) return false;
    if (token.kind === 'symbol') return token.text === text;
    return token.kind === 'word' && word !== undefined && token.text.toLowerCase() === word;
  };

  function parseOr(): UserExpression {
    let left = parseAnd();
    while (is('||', 'or')) {
      position++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): UserExpression {
    let left = parseUnary();
    while (is('&&', 'and')) {
      position++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary(): UserExpression {
    if (is('!')) {
      position++;
      return { kind: 'not', operand: parseUnary() };
    }
    if (is('(')) {
      position++;
      const inner = parseOr();
      if (!is(')')) throw new ExpressionError('missing closing parenthesis');
      position++;
      return inner;
    }
    const left = parseOperand();
    if (is('==', 'eq') || is('!=', 'ne')) {
      const equal = is('==', 'eq');
      position++;
      return { kind: 'compare', equal, left, right: parseOperand() };
    }
    return left;
  }
  function parseOperand(): UserExpression {
    const token = tokens[position++];
    if (token === undefined) throw new ExpressionError('unexpected end of expression');
    if (token.kind === 'string') return { kind: 'literal', value: token.text };
    if (token.kind === 'symbol') throw new ExpressionError(`unexpected "${token.text}"`);
    const lower = token.text.toLowerCase();
    if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
    if (lower === 'null') return { kind: 'literal', value: null };
    if (/^-?\d+(\.\d+)?$/.test(token.text)) return { kind: 'literal', value: Number(token.text) };
    const path = token.text.split('.');
    const [root, first, second] = path;
    const known =
      root === 'user' &&
      ((path.length === 2 && (first === 'id' || first === 'status')) ||
        (path.length === 3 && first === 'profile' && second !== undefined && second !== ''));
    if (!known) {
      throw new ExpressionError(
        `${token.text}: only user.id, user.status and user.profile.<attribute> are evaluated`,
      );
    }
    return { kind: 'path', path };
  }

  if (tokens.length === 0) throw new ExpressionError('empty expression');
  const expression = parseOr();
  if (position !== tokens.length) throw new ExpressionError(`unexpected "${tokens[position]?.text ?? ''}"`);
  return expression;
}

function value(expression: UserExpression, user: UserRecord): unknown {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'path': {
      const [, first, second] = expression.path;
      if (first === 'id') return user.id;
      if (first === 'status') return user.status;
      return user.profile[second ?? ''] ?? null;
    }
    case 'compare': {
      const left = value(expression.left, user);
      const right = value(expression.right, user);
      const same = String(left ?? null) === String(right ?? null);
      return expression.equal ? same : !same;
    }
    case 'and':
      return truthy(value(expression.left, user)) && truthy(value(expression.right, user));
    case 'or':
      return truthy(value(expression.left, user)) || truthy(value(expression.right, user));
    case 'not':
      return !truthy(value(expression.operand, user));
  }
}

function truthy(result: unknown): boolean {
  return result !== null && result !== undefined && result !== false && result !== '' && result !== 'false';
}

export function userMatches(expression: UserExpression, user: UserRecord): boolean {
  return truthy(value(expression, user));
}

/** A reviewer expression's value for a principal: the attribute's text, or undefined when it is empty. */
export function reviewerReference(expression: UserExpression, user: UserRecord): string | undefined {
  const result = value(expression, user);
  return typeof result === 'string' && result !== '' ? result : undefined;
}
