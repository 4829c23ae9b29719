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
import { sortKeys, trimDescription } from './openapi-trim.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The operations the emulator implements (the route tables under src/emulator/), by document. */
export const operations = {
  management: [
    // users.ts
    ['GET', '/.well-known/okta-organization', 'getWellknownOrgMetadata'],
    ['GET', '/api/v1/users', 'listUsers'],
    ['POST', '/api/v1/users', 'createUser'],
    ['GET', '/api/v1/users/{id}', 'getUser'],
    ['POST', '/api/v1/users/{id}', 'updateUser'],
    ['PUT', '/api/v1/users/{id}', 'replaceUser'],
    ['DELETE', '/api/v1/users/{id}', 'deleteUser'],
    ['GET', '/api/v1/users/{id}/groups', 'listUserGroups'],
    // user-lifecycle.ts
    ['POST', '/api/v1/users/{id}/lifecycle/activate', 'activateUser'],
    ['POST', '/api/v1/users/{id}/lifecycle/reactivate', 'reactivateUser'],
    ['POST', '/api/v1/users/{id}/lifecycle/deactivate', 'deactivateUser'],
    ['POST', '/api/v1/users/{id}/lifecycle/suspend', 'suspendUser'],
    ['POST', '/api/v1/users/{id}/lifecycle/unsuspend', 'unsuspendUser'],
    ['POST', '/api/v1/users/{id}/lifecycle/unlock', 'unlockUser'],
    ['POST', '/api/v1/users/{id}/lifecycle/expire_password', 'expirePassword'],
    ['POST', '/api/v1/users/{id}/lifecycle/reset_password', 'resetPassword'],
    ['POST', '/api/v1/users/{id}/lifecycle/reset_factors', 'resetFactors'],
    ['DELETE', '/api/v1/users/{userId}/sessions', 'revokeUserSessions'],
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
    ['PUT', '/api/v1/apps/{appId}', 'replaceApplication'],
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
    // owners-and-risk-rules.ts (the next reconciler's reads and writes)
    ['POST', '/governance/api/v1/resource-owners', 'configureResourceOwners'],
    ['GET', '/governance/api/v1/resource-owners', 'listResourceOwners'],
    ['PATCH', '/governance/api/v1/resource-owners', 'updateResourceOwners'],
    ['GET', '/governance/api/v1/resource-owners/catalog/resources', 'listResourceOwnerCatalogResources'],
    ['POST', '/governance/api/v1/risk-rules', 'createRiskRule'],
    ['GET', '/governance/api/v1/risk-rules', 'listRiskRules'],
    ['GET', '/governance/api/v1/risk-rules/{ruleId}', 'getRiskRule'],
    ['PUT', '/governance/api/v1/risk-rules/{ruleId}', 'replaceRiskRule'],
    ['DELETE', '/governance/api/v1/risk-rules/{ruleId}', 'deleteRiskRule'],
    ['POST', '/governance/api/v1/risk-rule-assessments', 'generatePotentialRiskAssessments'],
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
    documents[name] = trimDescription(spec, operations[name], {
      extra: extraComponents[name],
      label: name,
      securitySchemes: true,
    });
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

main(process.argv.slice(2));
