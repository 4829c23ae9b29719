#!/usr/bin/env node
// Trims Okta's official OpenAPI documents down to what the local emulator implements, for the contract tests.
//
//   node scripts/trim-okta-openapi.mjs [management.yaml] [governance.yaml] [--out file]
//
// Defaults: ../shared/okta-openapi/management-oneOfInheritance.yaml and
// ../shared/okta-openapi/governance-production-reference-oneOfInheritance.yaml (relative to the repository root),
// written to test/contract/okta-openapi.trimmed.json. The output keeps, per document, the listed operations (each
// checked against its method and path), their path-level parameters, and every component they reference, transitively.
// Keys are sorted so that the output only changes when the specs do. Refresh it when Okta publishes a new release.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The operations the emulator implements (src/emulator/routes/*.ts), by document. */
export const operations = {
  management: [
    // users.ts
    ['GET', '/.well-known/okta-organization', 'getWellknownOrgMetadata'],
    ['GET', '/api/v1/users', 'listUsers'],
    ['POST', '/api/v1/users', 'createUser'],
    ['GET', '/api/v1/users/{id}', 'getUser'],
    ['POST', '/api/v1/users/{id}/lifecycle/deactivate', 'deactivateUser'],
    ['GET', '/api/v1/users/{id}/groups', 'listUserGroups'],
    // groups.ts
    ['GET', '/api/v1/groups', 'listGroups'],
    ['POST', '/api/v1/groups', 'addGroup'],
    ['GET', '/api/v1/groups/{groupId}', 'getGroup'],
    ['PUT', '/api/v1/groups/{groupId}', 'replaceGroup'],
    ['DELETE', '/api/v1/groups/{groupId}', 'deleteGroup'],
    ['GET', '/api/v1/groups/{groupId}/users', 'listGroupUsers'],
    ['PUT', '/api/v1/groups/{groupId}/users/{userId}', 'assignUserToGroup'],
    ['DELETE', '/api/v1/groups/{groupId}/users/{userId}', 'unassignUserFromGroup'],
    ['GET', '/api/v1/groups/{groupId}/apps', 'listAssignedApplicationsForGroup'],
    // apps.ts
    ['GET', '/api/v1/apps', 'listApplications'],
    ['POST', '/api/v1/apps', 'createApplication'],
    ['GET', '/api/v1/apps/{appId}', 'getApplication'],
    ['DELETE', '/api/v1/apps/{appId}', 'deleteApplication'],
    ['POST', '/api/v1/apps/{appId}/lifecycle/activate', 'activateApplication'],
    ['POST', '/api/v1/apps/{appId}/lifecycle/deactivate', 'deactivateApplication'],
    ['GET', '/api/v1/apps/{appId}/users', 'listApplicationUsers'],
    ['GET', '/api/v1/apps/{appId}/groups', 'listApplicationGroupAssignments'],
    ['GET', '/api/v1/apps/{appId}/groups/{groupId}', 'getApplicationGroupAssignment'],
    ['PUT', '/api/v1/apps/{appId}/groups/{groupId}', 'assignGroupToApplication'],
    ['DELETE', '/api/v1/apps/{appId}/groups/{groupId}', 'unassignApplicationFromGroup'],
    // identity-sources.ts (Anything-as-a-Source)
    ['GET', '/api/v1/identity-sources/{identitySourceId}/sessions', 'listIdentitySourceSessions'],
    ['POST', '/api/v1/identity-sources/{identitySourceId}/sessions', 'createIdentitySourceSession'],
    ['GET', '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}', 'getIdentitySourceSession'],
    [
      'DELETE',
      '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}',
      'deleteIdentitySourceSession',
    ],
    [
      'POST',
      '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-upsert',
      'uploadIdentitySourceDataForUpsert',
    ],
    [
      'POST',
      '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-delete',
      'uploadIdentitySourceDataForDelete',
    ],
    [
      'POST',
      '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-groups-upsert',
      'uploadIdentitySourceGroupsForUpsert',
    ],
    [
      'POST',
      '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-groups-delete',
      'uploadIdentitySourceGroupsDataForDelete',
    ],
    [
      'POST',
      '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-group-memberships-upsert',
      'uploadIdentitySourceGroupMembershipsForUpsert',
    ],
    [
      'POST',
      '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-group-memberships-delete',
      'uploadIdentitySourceGroupMembershipsForDelete',
    ],
    [
      'POST',
      '/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/start-import',
      'startImportFromIdentitySource',
    ],
  ],
  governance: [
    // governance.ts
    ['GET', '/governance/api/v1/campaigns', 'listCampaigns'],
    ['POST', '/governance/api/v1/campaigns', 'createCampaign'],
    ['GET', '/governance/api/v1/campaigns/{campaignId}', 'getCampaign'],
    ['DELETE', '/governance/api/v1/campaigns/{campaignId}', 'deleteCampaign'],
    ['POST', '/governance/api/v1/campaigns/{campaignId}/launch', 'launchCampaign'],
    ['POST', '/governance/api/v1/campaigns/{campaignId}/end', 'endCampaign'],
    ['GET', '/governance/api/v1/reviews', 'listReviews'],
    ['GET', '/governance/api/v1/reviews/{reviewId}', 'getReview'],
  ],
};

/**
 * Components kept although no listed operation references them: the management document's shared error responses,
 * for the statuses Okta answers on every operation (401 without a valid token, 400 for a bad `search` or paging
 * request, 405, 500) but documents on only some.
 */
export const extraComponents = {
  management: [
    '#/components/schemas/Error',
    '#/components/responses/ErrorApiValidationFailed400',
    '#/components/responses/ErrorInvalidToken401',
    '#/components/responses/ErrorAccessDenied403',
    '#/components/responses/ErrorResourceNotFound404',
    '#/components/responses/ErrorTooManyRequests429',
    '#/components/responses/ErrorInternalServer500',
  ],
  governance: [],
};

const defaults = {
  management: '../shared/okta-openapi/management-oneOfInheritance.yaml',
  governance: '../shared/okta-openapi/governance-production-reference-oneOfInheritance.yaml',
};

function main(argv) {
  const positional = [];
  let out = resolve(root, 'test/contract/okta-openapi.trimmed.json');
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--out') out = resolve(argv[++index] ?? '');
    else if (argument === '--help' || argument === '-h') {
      process.stdout.write(
        'usage: node scripts/trim-okta-openapi.mjs [management.yaml] [governance.yaml] [--out file]\n',
      );
      return;
    } else positional.push(argument);
  }
  const files = {
    management: resolve(positional[0] ?? resolve(root, defaults.management)),
    governance: resolve(positional[1] ?? resolve(root, defaults.governance)),
  };
  const sources = [];
  const documents = {};
  for (const name of ['management', 'governance']) {
    const text = readFileSync(files[name], 'utf8');
    const spec = parse(text, { maxAliasCount: -1 });
    documents[name] = trim(spec, operations[name], extraComponents[name], name);
    sources.push({
      document: name,
      file: basename(files[name]),
      title: spec.info?.title,
      version: spec.info?.version,
      openapi: spec.openapi,
      sha256: createHash('sha256').update(text).digest('hex'),
    });
  }
  const output = {
    'x-trimmed': {
      notice:
        "Okta's official OpenAPI documents, copyright Okta, Inc., licensed under the Apache License 2.0 " +
        '(https://www.apache.org/licenses/LICENSE-2.0), from https://github.com/okta/okta-management-openapi-spec ' +
        '(dist/current). Trimmed to the operations the local emulator implements and the components they ' +
        'reference; otherwise unchanged apart from key order. Generated by scripts/trim-okta-openapi.mjs: do not ' +
        'edit by hand, regenerate.',
      sources,
      operations: Object.fromEntries(
        Object.entries(operations).map(([name, list]) => [name, list.map(([, , id]) => id)]),
      ),
    },
    documents: sortKeys(documents),
  };
  writeFileSync(out, `${JSON.stringify(output, null, 2)}\n`);
  const size = Buffer.byteLength(JSON.stringify(output));
  process.stdout.write(`wrote ${out} (${Math.round(size / 1024)} KiB)\n`);
}

/** One document reduced to `operations` and the components they (and `extra`) reference. */
function trim(spec, wanted, extra, name) {
  const paths = {};
  const pending = [...extra];
  for (const [method, path, operationId] of wanted) {
    const item = spec.paths?.[path];
    const operation = item?.[method.toLowerCase()];
    if (operation === undefined) throw new Error(`${name}: no ${method} ${path} in the spec`);
    if (operation.operationId !== operationId) {
      throw new Error(`${name}: ${method} ${path} is ${operation.operationId}, not ${operationId}`);
    }
    paths[path] ??= item.parameters === undefined ? {} : { parameters: item.parameters };
    paths[path][method.toLowerCase()] = operation;
    collectRefs(paths[path], pending);
  }
  const components = {};
  const seen = new Set();
  const schemes = new Set();
  for (const [, path, operationId] of wanted) {
    const operation = Object.values(paths[path]).find((candidate) => candidate?.operationId === operationId);
    for (const requirement of operation.security ?? spec.security ?? []) {
      for (const scheme of Object.keys(requirement)) schemes.add(scheme);
    }
  }
  for (const scheme of schemes) pending.push(`#/components/securitySchemes/${scheme}`);
  while (pending.length > 0) {
    const ref = pending.pop();
    if (seen.has(ref)) continue;
    seen.add(ref);
    const parts = ref.split('/');
    if (parts[0] !== '#' || parts[1] !== 'components' || parts.length !== 4) {
      throw new Error(`${name}: unsupported $ref ${ref}`);
    }
    const [, , kind, key] = parts.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
    const value = spec.components?.[kind]?.[key];
    if (value === undefined) throw new Error(`${name}: dangling $ref ${ref}`);
    components[kind] ??= {};
    components[kind][key] = value;
    collectRefs(value, pending);
  }
  const document = { openapi: spec.openapi, info: spec.info, paths, components };
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
