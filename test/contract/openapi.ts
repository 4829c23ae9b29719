import { AssertionError } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type JsonObject, mapValues, toJsonSchema } from '../support/openapi-json-schema.js';

/**
 * Okta's OpenAPI documents, trimmed by scripts/trim-okta-openapi.mjs to the operations the emulator implements, turned
 * into ajv validators for response bodies. OpenAPI 3.0 is translated to the JSON Schema ajv runs:
 * - `nullable: true` allows null (as `anyOf: [{type: null}, schema]`);
 * - `discriminator` next to `oneOf`/`anyOf` selects the mapped schema by the property's value (the mapped schemas
 *   extend a common base with `allOf`, so a plain `oneOf` would match several); on a base schema without `oneOf` it is
 *   dropped, since the mapped schemas `allOf` that base and resolving it there would recurse;
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` become draft-07 numbers;
 * - `readOnly`, `writeOnly`, `example(s)`, `x-*`, and descriptive keywords are dropped; unknown formats
 *   (`okta-user-id`, …) always pass.
 */

export type DocumentName = 'management' | 'governance';

interface ResponseObject {
  readonly description?: string;
  readonly content?: Readonly<Record<string, { readonly schema?: JsonObject }>>;
  readonly headers?: Readonly<Record<string, unknown>>;
}

interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

interface TrimmedSpec {
  readonly 'x-trimmed': {
    readonly sources: readonly { readonly document: DocumentName; readonly version: string }[];
    readonly operations: Readonly<Record<DocumentName, readonly string[]>>;
  };
  readonly documents: Readonly<Record<DocumentName, OpenApiDocument>>;
}

export interface Operation {
  readonly document: DocumentName;
  readonly operationId: string;
  readonly method: string;
  /** The path template, e.g. `/api/v1/groups/{groupId}`. */
  readonly path: string;
  /** Documented response keys: `200`, `4XX`, `default`, … */
  readonly statuses: readonly string[];
}

export interface DocumentedHeader {
  readonly name: string;
  /** The header object's `required` (OpenAPI's default: false). */
  readonly required: boolean;
}

export interface ResponseContract {
  readonly operation: Operation;
  /** The response key that applies: the status itself, its range (`4XX`) or `default`. */
  readonly documentedAs: string;
  /** Headers the response documents (`Link`, `X-Rate-Limit-Limit`, `Location`, `Etag`, …). */
  readonly headers: readonly DocumentedHeader[];
  /** undefined when the response documents no JSON body. */
  readonly validate: ValidateFunction | undefined;
}

export const trimmedSpecFile = new URL('./okta-openapi.trimmed.json', import.meta.url);

const baseUri: Record<DocumentName, string> = {
  management: 'https://okta-openapi.invalid/management.json',
  governance: 'https://okta-openapi.invalid/governance.json',
};
const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface Loaded {
  readonly spec: TrimmedSpec;
  readonly ajv: Ajv;
  readonly operations: ReadonlyMap<string, Operation & { readonly responses: Record<string, unknown> }>;
  readonly contracts: Map<string, ResponseContract>;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded !== undefined) return loaded;
  const spec = JSON.parse(readFileSync(trimmedSpecFile, 'utf8')) as TrimmedSpec;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    allowUnionTypes: true,
  });
  addFormatsModule.default(ajv);
  const formats = new Set<string>();
  const operations = new Map<string, Operation & { readonly responses: Record<string, unknown> }>();
  for (const document of ['management', 'governance'] as const) {
    const source = spec.documents[document];
    const schemas = mapValues(source.components.schemas ?? {}, (schema) =>
      toJsonSchema(schema, baseUri[document], formats),
    );
    ajv.addSchema({ $id: baseUri[document], components: { schemas } });
    for (const [path, item] of Object.entries(source.paths)) {
      for (const method of methods) {
        const operation = item[method] as
          | { operationId?: string; responses?: Record<string, unknown> }
          | undefined;
        if (operation?.operationId === undefined) continue;
        if (operations.has(operation.operationId)) {
          throw new Error(`operationId ${operation.operationId} appears twice in the trimmed spec`);
        }
        const responses = operation.responses ?? {};
        operations.set(operation.operationId, {
          document,
          operationId: operation.operationId,
          method: method.toUpperCase(),
          path,
          statuses: Object.keys(responses),
          responses,
        });
      }
    }
  }
  for (const format of formats) {
    // Okta's own formats (okta-user-id, okta-resource-orn, scim-filter, …) carry no checkable rule here.
    if (ajv.formats[format] === undefined) ajv.addFormat(format, true);
  }
  loaded = { spec, ajv, operations, contracts: new Map() };
  return loaded;
}

/** `info.version` of each source document, as recorded in the trimmed file's header. */
export function specVersions(): Readonly<Record<DocumentName, string>> {
  const versions = { management: '', governance: '' };
  for (const source of load().spec['x-trimmed'].sources) versions[source.document] = source.version;
  return versions;
}

/** Every operation of the trimmed spec. */
export function listOperations(): Operation[] {
  return [...load().operations.values()].map(({ responses: _responses, ...operation }) => operation);
}

export function findOperation(operationId: string): Operation {
  const operation = load().operations.get(operationId);
  if (operation === undefined) {
    throw new AssertionError({ message: `operation ${operationId} is not in the trimmed Okta spec` });
  }
  const { responses: _responses, ...rest } = operation;
  return rest;
}

/**
 * The contract for one operation's response with `status`: the documented response for that status, else its range
 * (`4XX`), else `default`. Throws (an assertion) when none applies.
 */
export function responseContract(operationId: string, status: number): ResponseContract {
  const { contracts, operations, spec } = load();
  const key = `${operationId} ${status}`;
  const cached = contracts.get(key);
  if (cached !== undefined) return cached;
  const entry = operations.get(operationId);
  if (entry === undefined) {
    throw new AssertionError({ message: `operation ${operationId} is not in the trimmed Okta spec` });
  }
  const { responses, ...operation } = entry;
  const candidates = [String(status), `${String(status).charAt(0)}XX`, 'default'];
  const documentedAs = candidates.find((candidate) => responses[candidate] !== undefined);
  if (documentedAs === undefined) {
    throw new AssertionError({
      message: `${operationId} (${operation.method} ${operation.path}) does not document status ${status}; documented: ${operation.statuses.join(', ')}`,
    });
  }
  const document = spec.documents[operation.document];
  const response = resolveResponse(document, responses[documentedAs]);
  const contract: ResponseContract = {
    operation,
    documentedAs,
    headers: documentedHeaders(document, response),
    validate: compileResponse(operation.document, response),
  };
  contracts.set(key, contract);
  return contract;
}

/**
 * Asserts that `body` is what `operationId` documents for `status`. A response documented without a body accepts
 * any body except on 204, which must have none.
 */
export function expectConforms(operationId: string, status: number, body: unknown): void {
  const contract = responseContract(operationId, status);
  const { operation } = contract;
  const label = `${operationId} ${status} (${operation.method} ${operation.path}, documented as ${contract.documentedAs})`;
  if (status === 204) {
    if (body !== undefined) {
      throw new AssertionError({ message: `${label}: 204 must have no body, got ${excerpt(body)}` });
    }
    return;
  }
  if (contract.validate === undefined) return;
  if (body === undefined) {
    throw new AssertionError({ message: `${label}: documents a JSON body but the response has none` });
  }
  assertValid(contract.validate, body, label);
}

/**
 * Asserts that `body` matches a component of a source document, for statuses Okta answers on every operation but
 * documents on only some: `#/components/responses/ErrorInvalidToken401` for a 401, `#/components/schemas/Error` for a
 * 405, and so on.
 */
export function expectComponentConforms(document: DocumentName, ref: string, body: unknown): void {
  const { spec, contracts } = load();
  const key = `${document} ${ref}`;
  let contract = contracts.get(key);
  if (contract === undefined) {
    const source = spec.documents[document];
    const match = /^#\/components\/(schemas|responses)\/([^/]+)$/.exec(ref);
    if (match === null) throw new Error(`unsupported component reference ${ref}`);
    const [, kind = '', name = ''] = match;
    if (source.components[kind]?.[name] === undefined) {
      throw new AssertionError({ message: `${ref} is not in the trimmed ${document} spec` });
    }
    const validate =
      kind === 'schemas'
        ? compile({ $ref: `${baseUri[document]}${ref}` })
        : compileResponse(document, resolveResponse(source, { $ref: ref }));
    contract = {
      operation: { document, operationId: ref, method: '', path: '', statuses: [] },
      documentedAs: ref,
      headers: [],
      validate,
    };
    contracts.set(key, contract);
  }
  if (contract.validate === undefined) return;
  assertValid(contract.validate, body, `${document} ${ref}`);
}

/**
 * Asserts that a request body is what `operationId` accepts, so that suites written against the spec before the
 * emulator implements an operation send what Okta documents.
 */
export function expectRequestConforms(operationId: string, body: unknown): void {
  const { contracts, operations, spec } = load();
  const key = `${operationId} request`;
  let contract = contracts.get(key);
  if (contract === undefined) {
    const entry = operations.get(operationId);
    if (entry === undefined) {
      throw new AssertionError({ message: `operation ${operationId} is not in the trimmed Okta spec` });
    }
    const { responses: _responses, ...operation } = entry;
    const document = spec.documents[operation.document];
    const item = document.paths[operation.path]?.[operation.method.toLowerCase()] as
      | { requestBody?: unknown }
      | undefined;
    if (item?.requestBody === undefined) {
      throw new AssertionError({ message: `${operationId} documents no request body` });
    }
    const requestBody = resolveResponse(document, item.requestBody);
    contract = {
      operation,
      documentedAs: 'requestBody',
      headers: [],
      validate: compileResponse(operation.document, requestBody),
    };
    contracts.set(key, contract);
  }
  if (contract.validate === undefined) return;
  assertValid(contract.validate, body, `${operationId} request body`);
}

function assertValid(validate: ValidateFunction, body: unknown, label: string): void {
  if (validate(body)) return;
  const errors = (validate.errors ?? []).map(formatError);
  throw new AssertionError({
    message: `${label}: the body does not match Okta's schema:\n  ${errors.join('\n  ')}\nbody: ${excerpt(body)}`,
  });
}

function formatError(error: ErrorObject): string {
  return `${error.instancePath === '' ? '(root)' : error.instancePath} ${error.message ?? error.keyword} ${JSON.stringify(error.params)} [schema ${error.schemaPath}]`;
}

function excerpt(body: unknown): string {
  const text = JSON.stringify(body) ?? String(body);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/** A response or request body object, with `$ref`s into components followed. */
function resolveResponse(document: OpenApiDocument, response: unknown): ResponseObject {
  let current = response as JsonObject;
  for (let depth = 0; typeof current.$ref === 'string'; depth++) {
    if (depth > 10) throw new Error(`response $ref cycle at ${current.$ref}`);
    const [, , kind = '', name = ''] = current.$ref.split('/');
    const target = document.components[kind]?.[name];
    if (target === undefined) throw new Error(`dangling $ref ${current.$ref}`);
    current = target as JsonObject;
  }
  return current as ResponseObject;
}

function documentedHeaders(document: OpenApiDocument, response: ResponseObject): DocumentedHeader[] {
  return Object.entries(response.headers ?? {}).map(([name, header]) => {
    let resolved = header as JsonObject;
    if (typeof resolved.$ref === 'string') {
      const [, , kind = '', key = ''] = resolved.$ref.split('/');
      resolved = (document.components[kind]?.[key] ?? {}) as JsonObject;
    }
    return { name, required: resolved.required === true };
  });
}

function compileResponse(document: DocumentName, response: ResponseObject): ValidateFunction | undefined {
  const content = response.content ?? {};
  const media =
    content['application/json'] ??
    Object.entries(content).find(([type]) => type.includes('json'))?.[1] ??
    Object.values(content)[0];
  if (media?.schema === undefined) return undefined;
  const formats = new Set<string>();
  const schema = toJsonSchema(media.schema, baseUri[document], formats) as JsonObject;
  const { ajv } = load();
  for (const format of formats) if (ajv.formats[format] === undefined) ajv.addFormat(format, true);
  return compile(schema);
}

function compile(schema: JsonObject): ValidateFunction {
  return load().ajv.compile(schema);
}
