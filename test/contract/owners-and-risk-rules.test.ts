import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedDocument } from '../../src/emulator/seed.js';
import {
  createCoverage,
  expectDocumentedHeaders,
  expectError,
  expectListHeaders,
  expectResponse,
} from './checks.js';
import { expectRequestConforms } from './openapi.js';
import { ownerAndRiskRuleOperations } from './operation-suites.js';
import { type ContractTarget, field, records, startTarget, uniqueName } from './target.js';

/**
 * Okta Identity Governance resource owners, risk rules and risk assessments on the emulator, checked against Okta's
 * governance OpenAPI document: every success and error response against the schema the operation documents.
 * Emulator only: on a live org these calls would change who reviews and what access requests flag.
 */

const seed: SeedDocument = {
  users: [
    { email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    { email: 'grace.hopper@example.com', firstName: 'Grace', lastName: 'Hopper' },
    { email: 'alan.turing@example.com', firstName: 'Alan', lastName: 'Turing' },
  ],
  groups: [
    { name: 'Payroll-Admin', description: 'Administer payroll', members: ['grace.hopper@example.com'] },
    { name: 'Payroll-Approver', members: ['alan.turing@example.com'] },
    { name: 'Payroll-Owners', members: ['ada.lovelace@example.com'] },
  ],
  apps: [
    { label: 'Payroll', url: 'https://payroll.example.com/', groups: ['Payroll-Admin', 'Payroll-Approver'] },
  ],
};

describe('governance API contract: resource owners and risk rules (emulator)', () => {
  const coverage = createCoverage();
  const name = uniqueName('okta-access-contract');
  let target: ContractTarget;
  const orn: Record<string, string> = {};
  const id: Record<string, string> = {};
  let ruleId = '';

  function ruleBody(ruleName: string): Record<string, unknown> {
    const criterion = (criterionName: string, groupId: string) => ({
      name: criterionName,
      attribute: 'principal.effective_grants',
      operation: 'CONTAINS_ONE',
      value: { type: 'ENTITLEMENTS', value: [{ id: id.app, values: [{ id: groupId }] }] },
    });
    return {
      name: ruleName,
      description: 'Created by the okta-access-gitops contract tests',
      type: 'SEPARATION_OF_DUTIES',
      resources: [{ resourceOrn: orn.app }],
      conflictCriteria: {
        and: [criterion('admins', id.admin ?? ''), criterion('approvers', id.approver ?? '')],
      },
    };
  }

  beforeAll(async () => {
    target = await startTarget('emulator', seed);
    const store = target.emulator?.store;
    if (store === undefined) throw new Error('the contract target has no emulator');
    const orgId = store.state.orgId;
    for (const [key, email] of [
      ['ada', 'ada.lovelace@example.com'],
      ['grace', 'grace.hopper@example.com'],
    ] as const) {
      id[key] = store.findUser(email)?.id ?? '';
      orn[key] = `orn:okta:directory:${orgId}:users:${id[key]}`;
    }
    for (const [key, groupName] of [
      ['admin', 'Payroll-Admin'],
      ['approver', 'Payroll-Approver'],
      ['owners', 'Payroll-Owners'],
    ] as const) {
      id[key] = store.groupByName(groupName)?.id ?? '';
      orn[key] = `orn:okta:directory:${orgId}:groups:${id[key]}`;
    }
    const app = [...store.state.apps.values()].find((candidate) => candidate.label === 'Payroll');
    id.app = app?.id ?? '';
    orn.app = `orn:okta:idp:${orgId}:apps:${app?.name}:${app?.id}`;
  });

  afterAll(async () => {
    await target?.stop();
  });

  describe('resource owners', () => {
    it('configureResourceOwners answers 200 with each resource and its owners', async () => {
      const body = { principalOrns: [orn.ada, orn.owners], resourceOrns: [orn.admin, orn.app] };
      expectRequestConforms('configureResourceOwners', body);
      const response = await target.call('POST', '/governance/api/v1/resource-owners', { body });
      expectResponse(coverage, 'configureResourceOwners', response, 200);
      expectDocumentedHeaders('configureResourceOwners', response);
      expect(records(field(response.body, 'data'))).toHaveLength(2);
    });

    it('listResourceOwners by parent app: an envelope with _links, paged', async () => {
      const filter = encodeURIComponent(`parentResourceOrn eq "${orn.app}"`);
      const response = await target.call(
        'GET',
        `/governance/api/v1/resource-owners?filter=${filter}&include=parent_resource_owner&limit=1`,
      );
      expectResponse(coverage, 'listResourceOwners', response, 200);
      expectListHeaders(target, response, true);
      const byResource = encodeURIComponent(`resource.orn eq "${orn.admin}"`);
      const one = await target.call('GET', `/governance/api/v1/resource-owners?filter=${byResource}`);
      expectResponse(coverage, 'listResourceOwners', one, 200);
      expect(records(field(one.body, 'data'))).toHaveLength(1);
    });

    it('listResourceOwnerCatalogResources: the app’s groups without owners', async () => {
      const filter = encodeURIComponent(`parentResourceOrn eq "${orn.app}"`);
      const response = await target.call(
        'GET',
        `/governance/api/v1/resource-owners/catalog/resources?filter=${filter}`,
      );
      expectResponse(coverage, 'listResourceOwnerCatalogResources', response, 200);
      expect(records(field(response.body, 'data')).map((resource) => resource.orn)).toEqual([orn.approver]);
    });

    it('updateResourceOwners removes an owner: 204', async () => {
      const body = {
        resourceOrn: orn.admin,
        data: [{ op: 'REMOVE', path: '/principalOrn', value: orn.owners }],
      };
      expectRequestConforms('updateResourceOwners', body);
      const response = await target.call('PATCH', '/governance/api/v1/resource-owners', { body });
      expectResponse(coverage, 'updateResourceOwners', response, 204);
    });

    it('400 E0000001 for unknown principals, a missing filter, a bad patch', async () => {
      const unknown = await target.call('POST', '/governance/api/v1/resource-owners', {
        body: {
          principalOrns: ['orn:okta:directory:00o0000000000000none:users:00u0000000000000none'],
          resourceOrns: [orn.admin],
        },
      });
      expectError(coverage, 'configureResourceOwners', unknown, 400, 'E0000001');
      const unfiltered = await target.call('GET', '/governance/api/v1/resource-owners');
      expectError(coverage, 'listResourceOwners', unfiltered, 400, 'E0000001');
      const catalog = await target.call('GET', '/governance/api/v1/resource-owners/catalog/resources');
      expectError(coverage, 'listResourceOwnerCatalogResources', catalog, 400, 'E0000001');
      const patch = await target.call('PATCH', '/governance/api/v1/resource-owners', {
        body: { resourceOrn: orn.admin, data: [{ op: 'ADD', path: '/principalOrn', value: orn.ada }] },
      });
      expectError(coverage, 'updateResourceOwners', patch, 400, 'E0000001');
      const paging = await target.call(
        'GET',
        `/governance/api/v1/resource-owners?filter=${encodeURIComponent(`resource.orn eq "${orn.admin}"`)}&limit=0`,
      );
      expectError(coverage, 'listResourceOwners', paging, 400, 'E0000029');
    });

    it('401 without a token', async () => {
      const response = await target.call('GET', '/governance/api/v1/resource-owners', { auth: false });
      expectError(coverage, 'listResourceOwners', response, 401, /^E00000(04|11)$/);
    });
  });

  describe('risk rules', () => {
    it('createRiskRule answers 201 with the rule', async () => {
      const body = ruleBody(`${name} payroll`);
      expectRequestConforms('createRiskRule', body);
      const response = await target.call('POST', '/governance/api/v1/risk-rules', { body });
      expectResponse(coverage, 'createRiskRule', response, 201);
      expectDocumentedHeaders('createRiskRule', response);
      ruleId = String(field(response.body, 'id'));
    });

    it('createRiskRule with a taken name answers 400 E0000028, a malformed rule 400 E0000001', async () => {
      const duplicate = await target.call('POST', '/governance/api/v1/risk-rules', {
        body: ruleBody(`${name} payroll`),
      });
      expectError(coverage, 'createRiskRule', duplicate, 400, 'E0000028');
      const { conflictCriteria: _criteria, ...incomplete } = ruleBody(`${name} incomplete`);
      const malformed = await target.call('POST', '/governance/api/v1/risk-rules', { body: incomplete });
      expectError(coverage, 'createRiskRule', malformed, 400, 'E0000001');
    });

    it('getRiskRule, listRiskRules by name and by resource', async () => {
      const one = await target.call('GET', `/governance/api/v1/risk-rules/${ruleId}`);
      expectResponse(coverage, 'getRiskRule', one, 200);
      expectDocumentedHeaders('getRiskRule', one);
      const byName = encodeURIComponent(`name sw "${name}"`);
      const list = await target.call('GET', `/governance/api/v1/risk-rules?filter=${byName}`);
      expectResponse(coverage, 'listRiskRules', list, 200);
      expectListHeaders(target, list, false);
      expect(records(field(list.body, 'data')).map((rule) => rule.id)).toEqual([ruleId]);
      const byOrn = encodeURIComponent(`resourceOrn eq "${orn.app}"`);
      const listed = await target.call('GET', `/governance/api/v1/risk-rules?filter=${byOrn}`);
      expectResponse(coverage, 'listRiskRules', listed, 200);
      const bad = await target.call(
        'GET',
        `/governance/api/v1/risk-rules?filter=${encodeURIComponent('name eq')}`,
      );
      expectError(coverage, 'listRiskRules', bad, 400, 'E0000053');
    });

    it('replaceRiskRule answers 200 with the rule as changed; a mismatched id 400 E0000001', async () => {
      const body = { id: ruleId, name: `${name} payroll v2`, notes: 'Reviewed yearly' };
      expectRequestConforms('replaceRiskRule', body);
      const response = await target.call('PUT', `/governance/api/v1/risk-rules/${ruleId}`, { body });
      expectResponse(coverage, 'replaceRiskRule', response, 200);
      expect(field(response.body, 'notes')).toBe('Reviewed yearly');
      const mismatched = await target.call('PUT', `/governance/api/v1/risk-rules/${ruleId}`, {
        body: { id: 'rul00000000000000000', name: 'x' },
      });
      expectError(coverage, 'replaceRiskRule', mismatched, 400, 'E0000001');
    });

    it('generatePotentialRiskAssessments finds the conflict of a request', async () => {
      const body = { principalOrn: orn.grace, resourceOrnList: [orn.approver] };
      expectRequestConforms('generatePotentialRiskAssessments', body);
      const response = await target.call('POST', '/governance/api/v1/risk-rule-assessments', { body });
      expectResponse(coverage, 'generatePotentialRiskAssessments', response, 200);
      expect(records(field(response.body, 'data')).map((conflict) => conflict.ruleId)).toEqual([ruleId]);
      const missing = await target.call('POST', '/governance/api/v1/risk-rule-assessments', {
        body: { principalOrn: orn.grace },
      });
      expectError(coverage, 'generatePotentialRiskAssessments', missing, 400, 'E0000001');
    });

    it('deleteRiskRule answers 204, then 404 E0000007', async () => {
      const response = await target.call('DELETE', `/governance/api/v1/risk-rules/${ruleId}`);
      expectResponse(coverage, 'deleteRiskRule', response, 204);
      expectDocumentedHeaders('deleteRiskRule', response);
      const gone = await target.call('GET', `/governance/api/v1/risk-rules/${ruleId}`);
      expectError(coverage, 'getRiskRule', gone, 404, 'E0000007');
      const again = await target.call('DELETE', `/governance/api/v1/risk-rules/${ruleId}`);
      expectError(coverage, 'deleteRiskRule', again, 404, 'E0000007');
    });
  });

  describe('a RESOURCE_OWNER campaign', () => {
    it('createCampaign, launchCampaign: reviews go to the owners, as listReviews and getReview document them', async () => {
      await target.call('POST', '/governance/api/v1/resource-owners', {
        body: { principalOrns: [orn.ada], resourceOrns: [orn.admin] },
      });
      const body = {
        name: `${name} owners review`,
        scheduleSettings: {
          type: 'ONE_OFF',
          startDate: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          durationInDays: 14,
          timeZone: 'UTC',
        },
        resourceSettings: { targetTypes: ['GROUP'], targetResources: [{ resourceId: id.admin }] },
        principalScopeSettings: { type: 'USERS' },
        reviewerSettings: { type: 'RESOURCE_OWNER', fallBackReviewerId: id.grace },
        remediationSettings: {
          accessApproved: 'NO_ACTION',
          accessRevoked: 'NO_ACTION',
          noResponse: 'NO_ACTION',
        },
      };
      expectRequestConforms('createCampaign', body);
      const created = await target.call('POST', '/governance/api/v1/campaigns', { body });
      expectResponse(coverage, 'createCampaign', created, 201);
      const campaignId = String(field(created.body, 'id'));
      expectResponse(
        coverage,
        'launchCampaign',
        await target.call('POST', `/governance/api/v1/campaigns/${campaignId}/launch`),
        202,
      );
      const filter = encodeURIComponent(`campaignId eq "${campaignId}"`);
      const reviews = await target.call('GET', `/governance/api/v1/reviews?filter=${filter}`);
      expectResponse(coverage, 'listReviews', reviews, 200);
      const [review] = records(field(reviews.body, 'data'));
      expect(review?.reviewerType).toBe('RESOURCE_OWNER');
      expect((review?.reviewerProfile as { id?: string } | undefined)?.id).toBe(id.ada);
      const one = await target.call('GET', `/governance/api/v1/reviews/${String(review?.id)}`);
      expectResponse(coverage, 'getReview', one, 200);
    });
  });

  it('checked a response of every resource-owner and risk-rule operation', () => {
    expect([...coverage.covered()]).toEqual(expect.arrayContaining([...ownerAndRiskRuleOperations]));
  });
});
