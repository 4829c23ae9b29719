import type { EvidenceInputs } from '../../src/evidence/model.js';
import type { OktaReview } from '../../src/okta/port.js';

/** Evidence inputs as the shell would read them, for the pure renderer. */
export function review(overrides: Partial<OktaReview> & { id: string }): OktaReview {
  return {
    campaignId: 'iciCAMPAIGN000000001',
    principalId: `00u${overrides.id}`,
    principalEmail: null,
    principalName: null,
    resourceId: '00gADMIN000000000001',
    decision: 'UNREVIEWED',
    decided: null,
    note: null,
    reviewerId: '00uADA00000000000001',
    reviewerEmail: 'ada@example.com',
    remediationStatus: 'NONE',
    currentReviewerLevel: 'FIRST',
    created: '2026-05-01T10:00:00Z',
    ...overrides,
  };
}

export function sampleInputs(): EvidenceInputs {
  return {
    tool: { name: 'okta-access-gitops', version: '9.9.9' },
    orgUrl: 'https://example.okta.com',
    request: { config: 'okta-access.yaml', campaign: "Payroll's review" },
    repository: { head: 'c'.repeat(40), prefix: '' },
    campaign: {
      id: 'iciCAMPAIGN000000001',
      name: "Payroll's review",
      status: 'COMPLETED',
      full: { status: 'COMPLETED', name: "Payroll's review", id: 'iciCAMPAIGN000000001', a: [2, 1] },
    },
    definition: {
      path: 'campaigns/payroll.yaml',
      commit: 'a'.repeat(40),
      blob: 'f'.repeat(40),
      bytes: Buffer.from('name: "Payroll\'s review"\r\n'),
    },
    launch: { instant: '2026-05-01T10:00:00Z', from: 'reviews.created', commit: 'b'.repeat(40) },
    population: [
      {
        user: 'grace@example.com',
        firstName: 'Grace',
        lastName: 'Example',
        app: 'Payroll',
        entitlement: 'Viewer',
        group: 'Payroll-Viewer',
        source: 'apps/payroll.csv:3',
      },
      {
        user: 'alan@example.com',
        firstName: 'Alan',
        lastName: 'Example',
        app: 'Payroll',
        entitlement: 'Admin',
        group: 'Payroll-Admin',
        source: 'apps/payroll.csv:2',
      },
    ],
    reviews: [
      review({
        id: 'icr2',
        principalEmail: 'grace@example.com',
        resourceId: '00gVIEWER00000000001',
        decision: 'REVOKE',
        decided: '2026-05-02T09:00:00Z',
        note: '=cmd|" /C calc"!A0',
        remediationStatus: 'SUCCESS',
      }),
      review({
        id: 'icr1',
        principalEmail: 'alan@example.com',
        decision: 'APPROVE',
        decided: '2026-05-02T08:00:00Z',
      }),
    ],
    groups: [
      {
        id: '00gVIEWER00000000001',
        name: 'Payroll-Viewer',
        app: 'Payroll',
        entitlement: 'Viewer',
        members: [],
      },
      {
        id: '00gADMIN000000000001',
        name: 'Payroll-Admin',
        app: 'Payroll',
        entitlement: 'Admin',
        members: [
          { id: '00uKEN', email: 'ken@example.com', login: 'ken@example.com', status: 'ACTIVE' },
          { id: '00uALAN', email: 'alan@example.com', login: 'alan@example.com', status: 'ACTIVE' },
        ],
      },
    ],
    warnings: ['b warning', 'a warning', 'b warning'],
  };
}
