import { describe, expect, it } from 'vitest';
import { OktaRequestError } from '../../src/okta/errors.js';
import { covers, scopeOfEndpoint, scopesFor } from '../../src/okta/scopes.js';

describe('the scope table', () => {
  it('asks for campaign scopes only with campaign files, identity-source scopes only with users:, writes only in apply', () => {
    for (const command of ['plan', 'drift', 'import', 'evidence', 'remediate'] as const) {
      const all = scopesFor(command, { campaigns: true, users: true });
      expect(
        all.filter((scope) => scope.endsWith('.manage')),
        command,
      ).toEqual([]);
    }
    expect(scopesFor('plan', { campaigns: false, users: true })).toEqual(
      scopesFor('plan', { campaigns: false, users: false }),
    );
    expect(scopesFor('apply', { campaigns: false, users: false })).not.toContain(
      'okta.identitySources.manage',
    );
    expect(scopesFor('apply', { campaigns: false, users: true })).toContain('okta.identitySources.manage');
    expect(scopesFor('apply', { campaigns: true, users: false })).toContain(
      'okta.governance.accessCertifications.manage',
    );
  });

  it('names the scope an endpoint needs: reads need read, writes manage', () => {
    expect(scopeOfEndpoint('GET /api/v1/groups/{id}/users')).toBe('okta.groups.read');
    expect(scopeOfEndpoint('PUT /api/v1/groups/{id}/users/{id}')).toBe('okta.groups.manage');
    expect(scopeOfEndpoint('GET /api/v1/apps')).toBe('okta.apps.read');
    expect(scopeOfEndpoint('POST /governance/api/v1/campaigns/{id}/launch')).toBe(
      'okta.governance.accessCertifications.manage',
    );
    expect(scopeOfEndpoint('POST /api/v1/identity-sources/{id}/sessions')).toBe(
      'okta.identitySources.manage',
    );
    expect(scopeOfEndpoint('GET /api/v1/appsX')).toBeUndefined();
    expect(scopeOfEndpoint('POST /oauth2/v1/token')).toBeUndefined();
  });

  it('counts a manage scope as covering its read', () => {
    expect(covers(['okta.groups.manage'], 'okta.groups.read')).toBe(true);
    expect(covers(['okta.groups.read'], 'okta.groups.manage')).toBe(false);
  });
});

describe('a 403 explained by its scope', () => {
  const refused = new OktaRequestError({
    status: 403,
    errorCode: 'E0000006',
    summary: 'You do not have permission to perform the requested action',
    causes: [],
    endpoint: 'GET /governance/api/v1/campaigns',
  });

  it('names the scope and the command, and says what to change', () => {
    const missing = refused.withScope({
      scope: 'okta.governance.accessCertifications.read',
      command: 'plan',
      auth: 'privateKey',
      requested: ['okta.apps.read'],
    });
    expect(missing.status).toBe(403);
    expect(missing.message).toBe(
      'Okta answered 403 E0000006 to GET /governance/api/v1/campaigns: You do not have permission to perform the requested action — okta-access plan needs okta.governance.accessCertifications.read for it',
    );
    expect(missing.hint).toContain('add it to OKTA_SCOPES');
    expect(missing.hint).toContain('okta-access doctor --for plan');
  });

  it('names the admin role when the token has the scope', () => {
    const role = refused.withScope({
      scope: 'okta.governance.accessCertifications.read',
      command: 'plan',
      auth: 'privateKey',
      requested: ['okta.governance.accessCertifications.manage'],
    });
    expect(role.hint).toContain('assign ACCESS_CERTIFICATIONS_ADMIN');
    const token = refused.withScope({ scope: 'okta.governance.accessCertifications.read', auth: 'ssws' });
    expect(token.message).toContain('okta-access needs okta.governance.accessCertifications.read');
    expect(token.hint).toContain("creator's admin roles");
  });
});
