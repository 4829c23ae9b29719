import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { governanceRoutes } from '../../src/emulator/governance/routes.js';
import { identitySourceRoutes } from '../../src/emulator/identity-sources/routes.js';
import { appRoutes } from '../../src/emulator/management/apps.js';
import { groupRoutes } from '../../src/emulator/management/groups.js';
import { userRoutes } from '../../src/emulator/management/users.js';
import {
  expectComponentConforms,
  expectConforms,
  expectRequestConforms,
  listOperations,
  responseContract,
  trimmedSpecFile,
} from './openapi.js';

/** The contract helper itself: it must reject the drifts the suites are there to catch. */

const group = {
  id: '00g1emaKYZTWRYYRRTSK',
  created: '2024-01-01T00:00:00.000Z',
  lastUpdated: '2024-01-01T00:00:00.000Z',
  lastMembershipUpdated: '2024-01-01T00:00:00.000Z',
  objectClass: ['okta:user_group'],
  type: 'OKTA_GROUP',
  profile: { name: 'West Coast users', description: 'All users West of The Rockies' },
  _links: { users: { href: 'https://example.okta.com/api/v1/groups/00g1emaKYZTWRYYRRTSK/users' } },
};

const bookmark = {
  id: '0oa1gjh63g214q0Hq0g4',
  name: 'bookmark',
  label: 'Sample Bookmark App',
  status: 'ACTIVE',
  signOnMode: 'BOOKMARK',
  settings: { app: { url: 'https://example.com/bookmark.html', requestIntegration: false } },
};

describe('the trimmed Okta spec', () => {
  it('parses in well under a second', () => {
    const started = performance.now();
    const spec = JSON.parse(readFileSync(trimmedSpecFile, 'utf8')) as Record<string, unknown>;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(JSON.stringify(spec['x-trimmed'])).toMatch(/Apache License 2\.0/);
  });

  it('holds exactly the operations its header lists', () => {
    const spec = JSON.parse(readFileSync(trimmedSpecFile, 'utf8')) as {
      'x-trimmed': { operations: Record<string, string[]> };
    };
    const listed = Object.values(spec['x-trimmed'].operations).flat().sort();
    expect(
      listOperations()
        .map((operation) => operation.operationId)
        .sort(),
    ).toEqual(listed);
  });

  it('has an operation for every API route of the emulator (the token endpoint excepted: not in these specs)', () => {
    const shape = (path: string) => path.replace(/\{[^}]+\}|:[A-Za-z]+/g, '{}');
    const operations = new Set(
      listOperations().map((operation) => `${operation.method} ${shape(operation.path)}`),
    );
    const routes = [
      ...userRoutes,
      ...groupRoutes,
      ...appRoutes,
      ...identitySourceRoutes,
      ...governanceRoutes,
    ];
    const missing = routes
      .map((route) => `${route.method} ${shape(route.pattern)}`)
      .filter((route) => !operations.has(route));
    expect(missing, 'add these to scripts/trim-okta-openapi.mjs and the contract suites').toEqual([]);
  });
});

describe('expectConforms', () => {
  it('accepts a documented body and rejects null where the schema does not declare nullable', () => {
    expectConforms('getGroup', 200, group);
    expect(() =>
      expectConforms('getGroup', 200, { ...group, profile: { name: 'x', description: null } }),
    ).toThrow(/profile\/description must be string/);
  });

  it('allows null where the schema says nullable: true', () => {
    expectConforms('getUser', 200, {
      id: '00u1',
      status: 'STAGED',
      activated: null,
      lastLogin: null,
      profile: { login: 'ada@example.com', email: 'ada@example.com', firstName: null, lastName: 'L' },
    });
  });

  it('picks the discriminator branch: a BOOKMARK app must have settings', () => {
    expectConforms('getApplication', 200, bookmark);
    const { settings: _settings, ...withoutSettings } = bookmark;
    expect(() => expectConforms('getApplication', 200, withoutSettings)).toThrow(/settings/);
    expect(() => expectConforms('getApplication', 200, { ...bookmark, signOnMode: 'NOT_A_MODE' })).toThrow(
      /must be equal to one of the allowed values/,
    );
  });

  it('refuses a status the operation does not document, and a body on 204', () => {
    expect(() => expectConforms('listGroups', 401, {})).toThrow(/does not document status 401/);
    expect(() => responseContract('deleteGroup', 200)).toThrow(/documented: 204, 403, 404, 429/);
    expect(() => expectConforms('deleteGroup', 204, {})).toThrow(/204 must have no body/);
    expectConforms('deleteGroup', 204, undefined);
  });

  it('checks required properties of the governance schemas', () => {
    expect(() => expectConforms('getCampaign', 200, { id: 'ici1', status: 'SCHEDULED' })).toThrow(
      /must have required property/,
    );
    expectComponentConforms('governance', '#/components/schemas/error', {
      errorCode: 'E0000007',
      errorSummary: 'Not found',
      errorId: 'oae1',
    });
    expect(() => expectComponentConforms('governance', '#/components/schemas/error', {})).toThrow(
      /errorCode/,
    );
  });

  it('checks request bodies too', () => {
    expectRequestConforms('addGroup', { profile: { name: 'West Coast users' } });
    expect(() =>
      expectRequestConforms('uploadIdentitySourceDataForUpsert', { entityType: 'GROUPS' }),
    ).toThrow(/allowed values/);
  });
});
