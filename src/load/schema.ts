import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Diagnostic, DiagnosticCode } from '../model/diagnostic.js';
import { packageRoot } from '../package-root.js';
import { diagnostic, didYouMean } from './diagnose.js';
import { type PathSegment, pointerToPath, positionOf, type YamlFile } from './yaml-file.js';

export type SchemaName = 'config' | 'app' | 'campaign' | 'plan';

/** schemas/ at the package root: the single source of truth for ajv here and for editors. */
export const schemasDirectory = `${path.join(packageRoot(), 'schemas')}${path.sep}`;

const addFormats = addFormatsModule.default;
let validators: Map<SchemaName, ValidateFunction> | undefined;

function validatorFor(name: SchemaName): ValidateFunction {
  if (validators === undefined) {
    const ajv = new Ajv({
      allErrors: true,
      verbose: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
    });
    addFormats(ajv);
    const compiled = new Map<SchemaName, ValidateFunction>();
    for (const schemaName of ['config', 'app', 'campaign', 'plan'] as const) {
      const schema: unknown = JSON.parse(
        readFileSync(`${schemasDirectory}${schemaName}.schema.json`, 'utf8'),
      );
      compiled.set(schemaName, ajv.compile(schema as object));
    }
    validators = compiled;
  }
  const validate = validators.get(name);
  if (validate === undefined) throw new Error(`no schema named ${name}`);
  return validate;
}

/** Checks a value (a saved plan) against one of the schemas; the ajv error texts when it does not match. */
export function schemaErrors(name: SchemaName, value: unknown): string[] {
  const validate = validatorFor(name);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
  );
}

/** Checks a parsed YAML file against its JSON Schema; every problem becomes a diagnostic at its node. */
export function checkSchema(name: SchemaName, yaml: YamlFile): Diagnostic[] {
  const validate = validatorFor(name);
  if (validate(yaml.value)) return [];
  return explain(validate.errors ?? [], yaml);
}

function explain(errors: readonly ErrorObject[], yaml: YamlFile): Diagnostic[] {
  // `if` only says "must match then": the `then` errors beside it say what is wrong.
  const relevant = errors.filter((error) => error.keyword !== 'if');
  const oneOfs = relevant.filter((error) => error.keyword === 'oneOf');
  const hidden = new Set<ErrorObject>();
  const replaced = new Set<ErrorObject>();
  for (const oneOf of oneOfs) {
    // Group the branch errors by branch. A branch whose shape matched (no type or const error on the value itself)
    // says what is really wrong, such as a duplicate item in a list; report it instead of "must be a or b".
    const branches = new Map<string, ErrorObject[]>();
    for (const error of relevant) {
      const match = error.schemaPath.startsWith(`${oneOf.schemaPath}/`)
        ? /^\/(\d+)/.exec(error.schemaPath.slice(oneOf.schemaPath.length))
        : null;
      if (match?.[1] === undefined) continue;
      branches.set(match[1], [...(branches.get(match[1]) ?? []), error]);
      hidden.add(error);
    }
    const shapeMatched = [...branches.values()].find((branch) =>
      branch.every(
        (error) =>
          !(
            error.instancePath === oneOf.instancePath &&
            (error.keyword === 'type' || error.keyword === 'const')
          ),
      ),
    );
    if (shapeMatched !== undefined) {
      for (const error of shapeMatched) hidden.delete(error);
      replaced.add(oneOf);
    }
  }
  const result: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of relevant) {
    if (hidden.has(error) || replaced.has(error)) continue;
    const d = toDiagnostic(error, yaml);
    // One value, one complaint of a kind: a URL that fails both its pattern and its format is one mistake.
    const key = `${d.line}:${d.col}:${d.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(d);
  }
  return result;
}

function toDiagnostic(error: ErrorObject, yaml: YamlFile): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const where = describe(path);
  const at = (segments: readonly PathSegment[], which: 'key' | 'value' = 'value') =>
    positionOf(yaml, segments, which);
  const make = (code: DiagnosticCode, message: string, hint?: string, position = at(path)) =>
    diagnostic('error', code, yaml.file, position, message, hint);
  const params = error.params as Record<string, unknown>;

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(
        (error.parentSchema?.properties as Record<string, unknown> | undefined) ?? {},
      ).filter((name) => name !== '$schema');
      return make(
        'SCHEMA_UNKNOWN_KEY',
        `unknown key "${key}"${path.length > 0 ? ` in ${where}` : ''}`,
        didYouMean(key, allowed) ?? `allowed keys: ${allowed.join(', ')}`,
        at([...path, key], 'key'),
      );
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const conditional = error.schemaPath.includes('/then/');
      return make(
        'SCHEMA_REQUIRED',
        `${path.length > 0 ? `${where} is` : 'the file is'} missing the required key "${missing}"`,
        conditional ? `"${missing}" is required by the value of a sibling key (such as type)` : undefined,
        at(path, 'key'),
      );
    }
    case 'type':
      return make('SCHEMA_TYPE', `${where} must be ${article(String(params.type))}`);
    case 'const':
      return make('SCHEMA_ENUM', `${where} must be ${JSON.stringify(params.allowedValue)}`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((value) => JSON.stringify(value));
      return make('SCHEMA_ENUM', `${where} must be one of ${allowed.join(', ')}`);
    }
    case 'format':
      return make('SCHEMA_FORMAT', `${where} must be a valid ${String(params.format)}`);
    case 'pattern':
      return make(
        'SCHEMA_FORMAT',
        `${where} is not in the expected form`,
        `expected to match ${String(params.pattern)}`,
      );
    case 'oneOf':
    case 'anyOf':
      return make('SCHEMA_TYPE', `${where} must be ${branches(error.schema)}`);
    case 'not':
      return make('SCHEMA_INVALID', `${where} is not allowed here`, describeNot(error.parentSchema));
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return make('SCHEMA_RANGE', `${where} must be ${String(params.comparison)} ${String(params.limit)}`);
    case 'minLength':
      return make(
        'SCHEMA_RANGE',
        Number(params.limit) === 1
          ? `${where} must not be empty`
          : `${where} is shorter than ${String(params.limit)} characters`,
      );
    case 'maxLength':
      return make('SCHEMA_RANGE', `${where} is longer than ${String(params.limit)} characters`);
    case 'minItems':
      return make('SCHEMA_RANGE', `${where} needs at least ${String(params.limit)} item(s)`);
    case 'maxItems':
      return make(
        'SCHEMA_RANGE',
        `${where} may hold at most ${String(params.limit)} item(s)`,
        'this is a limit of Okta',
      );
    case 'uniqueItems': {
      // ajv walks the list backwards: the later of the two items is the repetition.
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return make(
        'SCHEMA_INVALID',
        `${where} lists the same value twice (items ${first} and ${second})`,
        'remove the repetition',
        at([...path, second ?? 0]),
      );
    }
    default:
      return make('SCHEMA_INVALID', `${where} ${error.message ?? 'is invalid'}`);
  }
}

function describe(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the document';
  let text = '';
  for (const segment of path)
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  return `"${text}"`;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    integer: 'an integer',
    number: 'a number',
    boolean: 'true or false',
    null: 'empty',
  };
  return type
    .split(',')
    .map((part) => names[part] ?? part)
    .join(' or ');
}

function branches(schema: unknown): string {
  if (!Array.isArray(schema)) return 'of another form';
  const described = schema.map((branch: Record<string, unknown>) => {
    if ('const' in branch) return JSON.stringify(branch.const);
    if (branch.type === 'array') {
      const items = branch.items as Record<string, unknown> | undefined;
      return items?.type === undefined ? 'a list' : `a list of ${String(items.type)}s`;
    }
    return article(String(branch.type));
  });
  return described.join(' or ');
}

function describeNot(parentSchema: unknown): string | undefined {
  const not = (parentSchema as { not?: { required?: unknown } } | undefined)?.not;
  if (Array.isArray(not?.required))
    return `remove ${not.required.map((key) => `"${String(key)}"`).join(', ')}`;
  return undefined;
}
