import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type JsonObject, mapValues, toJsonSchema } from '../support/openapi-json-schema.js';

/**
 * GitHub's REST API description, trimmed by scripts/trim-github-openapi.mjs to the operations the stand-in serves,
 * turned into ajv validators for response (and request) bodies. OpenAPI 3.0.3 is translated to the JSON Schema ajv
 * runs, as test/contract/openapi.ts does for Okta's documents:
 * - `nullable: true` allows null (as `anyOf: [{type: null}, schema]`);
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` become draft-07 numbers;
 * - `readOnly`, `writeOnly`, `example(s)`, `x-*` (GitHub's `x-github-breaking-changes` included), and descriptive
 *   keywords are dropped; unknown formats always pass.
 * A `discriminator` (the contents API's file, symlink or submodule object) picks the schema by the property's value.
 */

interface MediaObject {
  readonly schema?: JsonObject;
}

interface ResponseObject {
  readonly content?: Readonly<Record<string, MediaObject>>;
}

interface OperationObject {
  readonly operationId?: string;
  readonly responses?: Readonly<Record<string, unknown>>;
  readonly requestBody?: unknown;
  readonly externalDocs?: { readonly url?: string };
}

interface TrimmedDescription {
  readonly 'x-trimmed': {
    readonly source: { readonly file: string; readonly title: string; readonly version: string };
    readonly operations: readonly string[];
  };
  readonly document: {
    readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    readonly components: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  };
}

export interface GitHubOperation {
  readonly operationId: string;
  readonly method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}/comments`. */
  readonly path: string;
  /** Documented response keys: `200`, `404`, … */
  readonly statuses: readonly string[];
  /** The operation's page in GitHub's REST docs, as its error bodies' `documentation_url` names it. */
  readonly documentationUrl: string;
}

/** What a body is checked against: a documented response, or a shared component for an undocumented status. */
export interface BodyContract {
  /** `issues/create-comment 201`, `#/components/responses/not_found`, … */
  readonly documentedAs: string;
  /** undefined when no JSON body is documented. */
  readonly validate: ValidateFunction | undefined;
}

export const trimmedDescriptionFile = new URL('./github-openapi.trimmed.json', import.meta.url);

const baseUri = 'https://github-openapi.invalid/api.github.com.json';
const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/**
 * Statuses GitHub answers on any operation but documents on only some: the shared response each is checked against
 * when the operation does not document it.
 */
const sharedResponses: Readonly<Record<number, string>> = {
  400: '#/components/responses/bad_request',
  401: '#/components/responses/requires_authentication',
  403: '#/components/responses/forbidden',
  404: '#/components/responses/not_found',
  422: '#/components/responses/validation_failed',
  // Rate limiting and server errors, which GitHub documents as prose only, answer with its basic error body.
  429: '#/components/schemas/basic-error',
  500: '#/components/schemas/basic-error',
  502: '#/components/schemas/basic-error',
  503: '#/components/schemas/basic-error',
};

interface Loaded {
  readonly description: TrimmedDescription;
  readonly ajv: Ajv;
  readonly operations: ReadonlyMap<string, GitHubOperation & { readonly object: OperationObject }>;
  readonly contracts: Map<string, BodyContract>;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded !== undefined) return loaded;
  const description = JSON.parse(readFileSync(trimmedDescriptionFile, 'utf8')) as TrimmedDescription;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, allowUnionTypes: true });
  addFormatsModule.default(ajv);
  const formats = new Set<string>();
  const { document } = description;
  const schemas = mapValues(document.components.schemas ?? {}, (schema) =>
    toJsonSchema(schema, baseUri, formats),
  );
  ajv.addSchema({ $id: baseUri, components: { schemas } });
  const operations = new Map<string, GitHubOperation & { readonly object: OperationObject }>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const object = item[method] as OperationObject | undefined;
      if (object?.operationId === undefined) continue;
      operations.set(object.operationId, {
        operationId: object.operationId,
        method: method.toUpperCase(),
        path,
        statuses: Object.keys(object.responses ?? {}),
        documentationUrl: object.externalDocs?.url ?? 'https://docs.github.com/rest',
        object,
      });
    }
  }
  loaded = { description, ajv, operations, contracts: new Map() };
  registerFormats(formats);
  return loaded;
}

function registerFormats(formats: ReadonlySet<string>): void {
  const { ajv } = load();
  // GitHub's formats beyond JSON Schema's (`repo.nwo`, `ssh-key`, …) carry no checkable rule here.
  for (const format of formats) if (ajv.formats[format] === undefined) ajv.addFormat(format, true);
}

/** `info.title` and `info.version` of the source description, as recorded in the trimmed file's header. */
export function descriptionSource(): {
  readonly file: string;
  readonly title: string;
  readonly version: string;
} {
  return load().description['x-trimmed'].source;
}

export function listOperations(): GitHubOperation[] {
  return [...load().operations.values()].map(({ object: _object, ...operation }) => operation);
}

export function findOperation(operationId: string): GitHubOperation {
  const entry = load().operations.get(operationId);
  if (entry === undefined)
    throw new Error(`operation ${operationId} is not in the trimmed GitHub description`);
  const { object: _object, ...operation } = entry;
  return operation;
}

/**
 * The contract for `operationId`'s response with `status`: the documented response for that status (or its range, or
 * `default`); else, for the statuses GitHub answers everywhere (400, 401, 403, 404, 422, 429, 5xx), the shared
 * component;
 * `operationId` undefined (a route GitHub does not have) takes the shared one directly. Throws when none applies.
 */
export function responseContract(operationId: string | undefined, status: number): BodyContract {
  const { contracts, operations, description } = load();
  const key = `${operationId ?? '(no operation)'} ${status}`;
  const cached = contracts.get(key);
  if (cached !== undefined) return cached;
  let contract: BodyContract | undefined;
  if (operationId !== undefined) {
    const entry = operations.get(operationId);
    if (entry === undefined)
      throw new Error(`operation ${operationId} is not in the trimmed GitHub description`);
    const responses = entry.object.responses ?? {};
    const documented = [String(status), `${String(status).charAt(0)}XX`, 'default'].find(
      (candidate) => responses[candidate] !== undefined,
    );
    if (documented !== undefined) {
      contract = {
        documentedAs: `${operationId} ${documented}`,
        validate: compileBody(resolve(responses[documented])),
      };
    }
  }
  const shared = sharedResponses[status];
  if (contract === undefined && shared !== undefined) {
    const validate = shared.startsWith('#/components/schemas/')
      ? load().ajv.compile({ $ref: `${baseUri}${shared}` })
      : compileBody(resolve({ $ref: shared }));
    contract = { documentedAs: shared, validate };
  }
  if (contract === undefined) {
    const statuses = operationId === undefined ? [] : (operations.get(operationId)?.statuses ?? []);
    throw new Error(
      `${operationId ?? 'an unknown route'} does not document status ${status} (documented: ${statuses.join(', ') || 'none'}; shared: ${Object.keys(sharedResponses).join(', ')}) in ${description['x-trimmed'].source.file}`,
    );
  }
  contracts.set(key, contract);
  return contract;
}

/**
 * What is wrong with `body` as `operationId`'s response with `status`, one line per problem; empty when it conforms.
 * A 204 must have no body; a response documented without a body accepts any.
 */
export function responseProblems(operationId: string | undefined, status: number, body: unknown): string[] {
  let contract: BodyContract;
  try {
    contract = responseContract(operationId, status);
  } catch (error) {
    return [(error as Error).message];
  }
  if (status === 204) return body === undefined ? [] : [`${contract.documentedAs}: 204 must have no body`];
  if (contract.validate === undefined) return [];
  if (body === undefined)
    return [`${contract.documentedAs}: documents a JSON body but the response has none`];
  return problems(contract.validate, body, contract.documentedAs);
}

/** What is wrong with `body` as `operationId`'s request body; empty when GitHub would accept its shape. */
export function requestProblems(operationId: string, body: unknown): string[] {
  const { contracts, operations } = load();
  const key = `${operationId} request`;
  let contract = contracts.get(key);
  if (contract === undefined) {
    const entry = operations.get(operationId);
    if (entry === undefined)
      throw new Error(`operation ${operationId} is not in the trimmed GitHub description`);
    const { requestBody } = entry.object;
    contract = {
      documentedAs: `${operationId} request body`,
      validate: requestBody === undefined ? undefined : compileBody(resolve(requestBody)),
    };
    contracts.set(key, contract);
  }
  if (contract.validate === undefined) return [];
  return problems(contract.validate, body, contract.documentedAs);
}

function problems(validate: ValidateFunction, body: unknown, label: string): string[] {
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${label}: ${formatError(error)}`);
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  return `${where} ${error.message ?? error.keyword} ${JSON.stringify(error.params)} [schema ${error.schemaPath}]`;
}

/** A response or request body object, with `$ref`s into components followed. */
function resolve(object: unknown): ResponseObject {
  const { components } = load().description.document;
  let current = object as JsonObject;
  for (let depth = 0; typeof current.$ref === 'string'; depth++) {
    if (depth > 10) throw new Error(`$ref cycle at ${current.$ref}`);
    const [, , kind = '', name = ''] = current.$ref.split('/');
    const target = components[kind]?.[name];
    if (target === undefined) throw new Error(`dangling $ref ${current.$ref}`);
    current = target as JsonObject;
  }
  return current as ResponseObject;
}

function compileBody(response: ResponseObject): ValidateFunction | undefined {
  const media = response.content?.['application/json'];
  if (media?.schema === undefined) return undefined;
  const formats = new Set<string>();
  const schema = toJsonSchema(media.schema, baseUri, formats) as JsonObject;
  registerFormats(formats);
  return load().ajv.compile(schema);
}
