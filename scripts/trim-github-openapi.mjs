#!/usr/bin/env node
// Trims GitHub's REST API description down to what the local GitHub stand-in serves, for the GitHub port's tests.
//
//   node scripts/trim-github-openapi.mjs [api.github.com.json] [--out file]
//
// Default input: ../shared/github-openapi/api.github.com.json (relative to the repository root), written to
// test/github/github-openapi.trimmed.json. The output keeps the listed operations (each checked against its method,
// path and operationId), their path-level parameters, a few shared error responses, and every component they
// reference, transitively. Keys are sorted so that the output only changes when the description does. Refresh it
// when @octokit/openapi publishes a new release.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The operations the stand-in serves (test/github/stand-in.ts), which are the ones src/github/octokit.ts calls. */
export const operations = [
  ['GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'issues/list-comments'],
  ['POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 'issues/create-comment'],
  ['PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 'issues/update-comment'],
  [
    'GET',
    '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
    'repos/list-pull-requests-associated-with-commit',
  ],
  ['GET', '/repos/{owner}/{repo}/issues', 'issues/list-for-repo'],
  ['POST', '/repos/{owner}/{repo}/issues', 'issues/create'],
  ['PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', 'issues/update'],
  ['POST', '/repos/{owner}/{repo}/pulls', 'pulls/create'],
  ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', 'pulls/list-reviews'],
];

/**
 * Components kept although no listed operation references them all: the shared error responses for statuses GitHub
 * answers on every operation but documents on only some (400 for a body that is not JSON, 401 without or with a bad
 * token, 403, 404 for an unknown object or route, 422): `issues/update-comment` documents no 404, none a 401.
 */
export const extraComponents = [
  '#/components/schemas/basic-error',
  '#/components/schemas/validation-error',
  '#/components/responses/bad_request',
  '#/components/responses/requires_authentication',
  '#/components/responses/forbidden',
  '#/components/responses/not_found',
  '#/components/responses/validation_failed',
];

const defaultInput = '../shared/github-openapi/api.github.com.json';

function main(argv) {
  const positional = [];
  let out = resolve(root, 'test/github/github-openapi.trimmed.json');
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--out') out = resolve(argv[++index] ?? '');
    else if (argument === '--help' || argument === '-h') {
      process.stdout.write(
        'usage: node scripts/trim-github-openapi.mjs [api.github.com.json] [--out file]\n',
      );
      return;
    } else positional.push(argument);
  }
  const file = resolve(positional[0] ?? resolve(root, defaultInput));
  const text = readFileSync(file, 'utf8');
  const spec = JSON.parse(text);
  const document = trim(spec, operations, extraComponents);
  const output = {
    'x-trimmed': {
      notice:
        "GitHub's official REST API description (https://github.com/github/rest-api-description, MIT licence, " +
        'copyright GitHub, Inc.), as shipped by the npm package @octokit/openapi (MIT licence), file ' +
        'generated/api.github.com.json. Trimmed to the operations the local GitHub stand-in serves, a few shared ' +
        'error responses, and the components they reference; otherwise unchanged apart from key order. Generated ' +
        'by scripts/trim-github-openapi.mjs: do not edit by hand, regenerate.',
      source: {
        file: basename(file),
        title: spec.info?.title,
        version: spec.info?.version,
        openapi: spec.openapi,
        sha256: createHash('sha256').update(text).digest('hex'),
      },
      operations: operations.map(([, , id]) => id),
      extraComponents,
    },
    document: sortKeys(document),
  };
  writeFileSync(out, `${JSON.stringify(output, null, 2)}\n`);
  const size = Buffer.byteLength(JSON.stringify(output));
  process.stdout.write(`wrote ${out} (${Math.round(size / 1024)} KiB)\n`);
}

/** The description reduced to `wanted` and the components they (and `extra`) reference. */
function trim(spec, wanted, extra) {
  const paths = {};
  const pending = [...extra];
  for (const [method, path, operationId] of wanted) {
    const item = spec.paths?.[path];
    const operation = item?.[method.toLowerCase()];
    if (operation === undefined) throw new Error(`no ${method} ${path} in the description`);
    if (operation.operationId !== operationId) {
      throw new Error(`${method} ${path} is ${operation.operationId}, not ${operationId}`);
    }
    paths[path] ??= item.parameters === undefined ? {} : { parameters: item.parameters };
    paths[path][method.toLowerCase()] = operation;
    collectRefs(paths[path], pending);
  }
  const components = {};
  const seen = new Set();
  while (pending.length > 0) {
    const ref = pending.pop();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const parts = ref.split('/');
    if (parts[0] !== '#' || parts[1] !== 'components' || parts.length !== 4) {
      throw new Error(`unsupported $ref ${ref}`);
    }
    const [, , kind, key] = parts.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
    const value = spec.components?.[kind]?.[key];
    if (value === undefined) throw new Error(`dangling $ref ${ref}`);
    components[kind] ??= {};
    components[kind][key] = value;
    collectRefs(value, pending);
  }
  const document = { openapi: spec.openapi, info: spec.info, servers: spec.servers, paths, components };
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
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

main(process.argv.slice(2));
