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
import { sortKeys, trimDescription } from './openapi-trim.mjs';

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
  ['GET', '/user', 'users/get-authenticated'],
  ['GET', '/repos/{owner}/{repo}/contents/{path}', 'repos/get-content'],
  ['GET', '/repos/{owner}/{repo}/issues/{issue_number}/events', 'issues/list-events'],
  [
    'GET',
    '/repos/{owner}/{repo}/collaborators/{username}/permission',
    'repos/get-collaborator-permission-level',
  ],
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
  const document = trimDescription(spec, operations, { extra: extraComponents, servers: true });
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

main(process.argv.slice(2));
