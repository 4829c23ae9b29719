/**
 * OpenAPI 3.0 schema objects → JSON Schema (draft-07, as ajv runs it) for the contract suites of Okta's and GitHub's REST
 * descriptions: annotations dropped, `$ref`s made absolute under the document's base URI, `nullable` as a `null`
 * alternative, boolean `exclusiveMinimum`/`exclusiveMaximum` as numbers, `discriminator` as if/then branches.
 */

export type JsonObject = { [key: string]: unknown };

/** Annotations with no bearing on validation (and OpenAPI keywords JSON Schema does not know). */
const droppedKeywords = new Set([
  'description',
  'title',
  'example',
  'examples',
  'readOnly',
  'writeOnly',
  'deprecated',
  'externalDocs',
  'xml',
  'default',
]);

/** Converts one schema (or array of schemas); `formats` collects the formats it uses, for ajv. */
export function toJsonSchema(schema: unknown, baseUri: string, formats: Set<string>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, baseUri, formats));
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as JsonObject;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (droppedKeywords.has(key) || key.startsWith('x-') || key === 'nullable' || key === 'discriminator') {
      continue;
    }
    switch (key) {
      case '$ref':
        out.$ref = typeof value === 'string' && value.startsWith('#') ? `${baseUri}${value}` : value;
        break;
      case 'properties':
        out.properties = mapValues(value as JsonObject, (child) => toJsonSchema(child, baseUri, formats));
        break;
      case 'items':
      case 'additionalProperties':
      case 'not':
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = toJsonSchema(value, baseUri, formats);
        break;
      case 'format':
        if (typeof value === 'string') formats.add(value);
        out.format = value;
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        // OpenAPI 3.0 writes these draft-04 style, as booleans that make minimum/maximum exclusive.
        if (typeof value === 'number') out[key] = value;
        break;
      default:
        out[key] = value;
    }
  }
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (source[exclusive] === true && typeof source[bound] === 'number') {
      out[exclusive] = source[bound];
      delete out[bound];
    }
  }
  const discriminator = source.discriminator as
    | { propertyName: string; mapping?: Record<string, string> }
    | undefined;
  if (discriminator !== undefined) applyDiscriminator(out, discriminator, baseUri);
  return source.nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

/**
 * `oneOf`/`anyOf` + `discriminator` → the schema named by the discriminator's value (explicit `mapping`, else the
 * component's name), checked with `if`/`then`; an unknown value fails the enum.
 */
function applyDiscriminator(
  out: JsonObject,
  discriminator: { propertyName: string; mapping?: Record<string, string> },
  baseUri: string,
): void {
  const alternatives = (out.oneOf ?? out.anyOf) as JsonObject[] | undefined;
  if (alternatives === undefined) return;
  const { propertyName } = discriminator;
  const targets = new Map<string, string>();
  for (const [value, ref] of Object.entries(discriminator.mapping ?? {})) {
    targets.set(value, ref.startsWith('#') ? `${baseUri}${ref}` : ref);
  }
  const mapped = new Set(targets.values());
  for (const alternative of alternatives) {
    const ref = alternative.$ref;
    if (typeof ref !== 'string' || mapped.has(ref)) continue;
    targets.set(ref.slice(ref.lastIndexOf('/') + 1), ref);
  }
  delete out.oneOf;
  delete out.anyOf;
  // A discriminator names a property, so it tells objects apart; an alternative that is a list (GitHub's directory
  // listing beside its file object) is checked as the plain `oneOf` would.
  const branches = [...targets].map(([value, ref]) => ({
    if: { type: 'object', properties: { [propertyName]: { const: value } }, required: [propertyName] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
    then: { $ref: ref },
  }));
  const existing = Array.isArray(out.allOf) ? (out.allOf as unknown[]) : [];
  out.allOf = [
    ...existing,
    { required: [propertyName], properties: { [propertyName]: { enum: [...targets.keys()] } } },
    ...branches,
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
    { if: { type: 'array' }, then: { anyOf: alternatives } },
  ];
}

export function mapValues(
  object: Readonly<Record<string, unknown>>,
  map: (value: unknown) => unknown,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) out[key] = map(value);
  return out;
}
