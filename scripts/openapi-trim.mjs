// Shared by scripts/trim-okta-openapi.mjs and scripts/trim-github-openapi.mjs: an OpenAPI description reduced to the
// operations a local double serves and the components they reference, with keys in a stable order.

/**
 * The description reduced to `wanted` ([METHOD, path, operationId] triples, each checked against the description)
 * and every component they, `extra` and (with `securitySchemes`) their security requirements reference.
 * `label` prefixes errors; `servers` keeps the description's servers.
 */
export function trimDescription(
  spec,
  wanted,
  { extra = [], label, securitySchemes = false, servers = false },
) {
  const fail = (message) => new Error(label === undefined ? message : `${label}: ${message}`);
  const paths = {};
  const pending = [...extra];
  for (const [method, path, operationId] of wanted) {
    const item = spec.paths?.[path];
    const operation = item?.[method.toLowerCase()];
    if (operation === undefined) throw fail(`no ${method} ${path} in the description`);
    if (operation.operationId !== operationId) {
      throw fail(`${method} ${path} is ${operation.operationId}, not ${operationId}`);
    }
    paths[path] ??= item.parameters === undefined ? {} : { parameters: item.parameters };
    paths[path][method.toLowerCase()] = operation;
    collectRefs(paths[path], pending);
  }
  if (securitySchemes) {
    const schemes = new Set();
    for (const [, path, operationId] of wanted) {
      const operation = Object.values(paths[path]).find(
        (candidate) => candidate?.operationId === operationId,
      );
      for (const requirement of operation.security ?? spec.security ?? []) {
        for (const scheme of Object.keys(requirement)) schemes.add(scheme);
      }
    }
    for (const scheme of schemes) pending.push(`#/components/securitySchemes/${scheme}`);
  }
  const components = {};
  const seen = new Set();
  while (pending.length > 0) {
    const ref = pending.pop();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const parts = ref.split('/');
    if (parts[0] !== '#' || parts[1] !== 'components' || parts.length !== 4) {
      throw fail(`unsupported $ref ${ref}`);
    }
    const [, , kind, key] = parts.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
    const value = spec.components?.[kind]?.[key];
    if (value === undefined) throw fail(`dangling $ref ${ref}`);
    components[kind] ??= {};
    components[kind][key] = value;
    collectRefs(value, pending);
  }
  const document = servers
    ? { openapi: spec.openapi, info: spec.info, servers: spec.servers, paths, components }
    : { openapi: spec.openapi, info: spec.info, paths, components };
  if (spec.security !== undefined) document.security = spec.security;
  return document;
}

function collectRefs(value, into) {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') into.push(child);
    else collectRefs(child, into);
  }
}

/** Object keys in code-point order, recursively; arrays keep their order (enum and required lists included). */
export function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}
