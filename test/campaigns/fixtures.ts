import type { Resolution } from '../../src/campaigns/body.js';
import type { App, CampaignDefinition, Entitlement } from '../../src/model/state.js';

export const marker = '[managed by okta-access-gitops]';

/** An app whose entitlements are named `{app}-{entitlement}` in Okta. */
export function app(label: string, entitlements: readonly string[]): App {
  const source = { file: `apps/${label.toLowerCase()}.yaml`, line: 1 };
  return {
    label,
    csvFiles: [],
    allowUndeclaredEntitlements: false,
    extraColumns: [],
    entitlements: new Map(
      entitlements.map((name): [string, Entitlement] => [
        name,
        { app: label, name, groupName: `${label}-${name}`, declared: true, source, members: new Map() },
      ]),
    ),
    source,
  };
}

export const apps: ReadonlyMap<string, App> = new Map([
  ['Payroll', app('Payroll', ['Viewer', 'Admin', 'Approver'])],
  ['Expenses', app('Expenses', ['Admin', 'Submitter'])],
]);

/** Made-up Okta ids (20 characters, as Okta's are). */
export const ids = {
  priya: '00upriya000000000001',
  omar: '00uomar0000000000002',
  fatima: '00ufatima00000000003',
  kwame: '00ukwame000000000004',
  lena: '00ulena0000000000005',
  auditors: '00gauditors000000001',
  finance: '00gfinance0000000002',
  payrollAdmin: '00gpayrolladmin00003',
  payrollViewer: '00gpayrollviewer0004',
  payrollApprover: '00gpayrollapprover05',
  expensesAdmin: '00gexpensesadmin0006',
};

export const resolution: Resolution = {
  users: new Map([
    ['priya.raman@example.com', ids.priya],
    ['omar.haddad@example.com', ids.omar],
    ['fatima.alsayed@example.com', ids.fatima],
    ['kwame.mensah@example.com', ids.kwame],
  ]),
  groups: new Map([
    ['internal audit', ids.auditors],
    ['finance', ids.finance],
    ['payroll-admin', ids.payrollAdmin],
    ['payroll-viewer', ids.payrollViewer],
    ['payroll-approver', ids.payrollApprover],
    ['expenses-admin', ids.expensesAdmin],
  ]),
};

/** A campaign over all of Payroll, reviewed by managers; `overrides` replace whole top-level keys. */
export function definition(overrides: Partial<CampaignDefinition> = {}): CampaignDefinition {
  return {
    name: 'Payroll quarterly access review',
    description: 'Managers confirm who may use payroll.',
    resources: [{ app: 'Payroll', entitlements: 'all' }],
    schedule: {
      type: 'ONE_OFF',
      startDate: '2027-01-11T16:00:00Z',
      durationInDays: 21,
      timeZone: 'America/Denver',
    },
    reviewers: {
      type: 'REVIEWER_EXPRESSION',
      expression: 'user.profile.managerId',
      fallbackReviewer: 'priya.raman@example.com',
    },
    launch: 'at-start-date',
    ...overrides,
  };
}
