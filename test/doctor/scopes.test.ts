import { describe, expect, it } from 'vitest';
import { buildReport, renderReportJson, renderReportText } from '../../src/doctor/report.js';
import { scopesNeeded } from '../../src/doctor/scopes.js';

describe('scopesNeeded', () => {
  it('needs what plan reads and apply writes, least privilege', () => {
    expect(scopesNeeded({ campaigns: false }).map((need) => need.scope)).toEqual([
      'okta.apps.read',
      'okta.groups.read',
      'okta.users.read',
      'okta.apps.manage',
      'okta.groups.manage',
    ]);
  });

  it('adds the governance scopes, with their admin role, when campaigns are configured', () => {
    const governance = scopesNeeded({ campaigns: true }).filter((need) => need.scope.includes('governance'));
    expect(governance.map((need) => [need.scope, need.adminRole, need.probeCall])).toEqual([
      [
        'okta.governance.accessCertifications.read',
        'ACCESS_CERTIFICATIONS_ADMIN',
        'GET /governance/api/v1/campaigns?limit=1',
      ],
      [
        'okta.governance.accessCertifications.manage',
        'ACCESS_CERTIFICATIONS_ADMIN',
        'GET /governance/api/v1/campaigns?limit=1',
      ],
    ]);
  });

  it('adds okta.identitySources.manage when users.source is configured, probing its identity source', () => {
    const needs = scopesNeeded({
      campaigns: false,
      usersSource: { identitySourceId: '0oa1a2b3c4d5e6f7g8h9' },
    });
    expect(needs.at(-1)).toMatchObject({
      scope: 'okta.identitySources.manage',
      probe: { kind: 'identitySources', identitySourceId: '0oa1a2b3c4d5e6f7g8h9' },
    });
  });
});

describe('the doctor report', () => {
  const checks = [
    { check: 'org', status: 'ok' as const, detail: 'an Okta org (id 00o1)' },
    { check: 'credentials', status: 'ok' as const, detail: 'the service app 0oa1 gets tokens' },
    { check: 'okta.groups.read', status: 'ok' as const, detail: 'granted; the read succeeded' },
    {
      check: 'okta.governance.accessCertifications.manage',
      scope: 'okta.governance.accessCertifications.manage',
      status: 'missing' as const,
      detail: 'not granted to the service app (token endpoint: invalid_scope)',
    },
  ];
  const roles = [
    { role: 'ACCESS_CERTIFICATIONS_ADMIN', scope: 'okta.governance.accessCertifications.manage' },
  ];

  it('lists what to grant and fails when something is missing', () => {
    const report = buildReport('https://example.okta.com', 'privateKey', checks, roles);
    expect(report.ok).toBe(false);
    expect(report.grant).toEqual(['okta.governance.accessCertifications.manage']);
    expect(renderReportText(report)).toBe(
      [
        'okta-access doctor https://example.okta.com (OAuth service app, private key)',
        '',
        '  ok       org                                          an Okta org (id 00o1)',
        '  ok       credentials                                  the service app 0oa1 gets tokens',
        '  ok       okta.groups.read                             granted; the read succeeded',
        '  missing  okta.governance.accessCertifications.manage  not granted to the service app (token endpoint: invalid_scope)',
        '',
        'grant these scopes to the service app: okta.governance.accessCertifications.manage',
        '  Admin Console → Applications → Applications → the service app → Okta API Scopes → Grant',
        '  (for the Okta Workflows OAuth app: Workflows Console → Okta Workflows OAuth → Okta API Scopes → Grant),',
        '  or the API: POST /api/v1/apps/{appId}/grants {"issuer": "<org URL>", "scopeId": "<scope>"}.',
        'admin roles the service app needs (Admin Console → the service app → Admin roles → Edit assignments):',
        '  ACCESS_CERTIFICATIONS_ADMIN (or SUPER_ADMIN) for okta.governance.accessCertifications.manage',
        '✖ 1 of 4 checks did not pass',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(renderReportJson(report))).toMatchObject({ formatVersion: 1, ok: false });
  });

  it('has nothing to grant for an SSWS token, and passes when all is ok', () => {
    const report = buildReport('https://example.okta.com', 'ssws', checks.slice(0, 3), []);
    expect(report).toMatchObject({ ok: true, grant: [], adminRoles: [] });
    expect(renderReportText(report)).toContain('✔ everything the configuration needs is granted');
  });
});
