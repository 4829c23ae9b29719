import { describe, expect, it } from 'vitest';
import type { ImportedEntitlement } from '../../src/import/mapping.js';
import {
  fileStem,
  type ImportedApp,
  renderAppFile,
  renderCsv,
  renderRootConfig,
} from '../../src/import/render.js';

function entitlement(name: string, options: Partial<ImportedEntitlement> = {}): ImportedEntitlement {
  return {
    name,
    groupId: '00g',
    groupName: `Payroll-${name}`,
    explicitGroup: false,
    adopt: true,
    matchedBy: 'naming',
    ...options,
  };
}

const app: ImportedApp = {
  label: 'Payroll',
  entitlements: [
    entitlement('Admin', { description: 'Runs payroll: all of it' }),
    entitlement('approver', {
      groupName: 'PAY_approver',
      explicitGroup: true,
      matchedBy: 'prefix',
      adopt: false,
    }),
  ],
  members: new Map([
    [
      'Admin',
      [
        { email: 'zed@example.com', firstName: 'Zed', lastName: 'Last', managerEmail: '' },
        {
          email: 'Ada@example.com',
          firstName: 'Ada',
          lastName: 'Lovelace, "Countess"',
          managerEmail: 'zed@example.com',
        },
      ],
    ],
    ['approver', [{ email: 'bob@example.com', firstName: '=Bob', lastName: 'B', managerEmail: '' }]],
  ]),
};

describe('renderCsv', () => {
  it('writes the example solution’s columns, sorted by entitlement then email, quoted per RFC 4180, values unchanged', () => {
    expect(renderCsv(app)).toBe(
      [
        'firstName,lastName,email,managerEmail,appName,groupName',
        'Ada,"Lovelace, ""Countess""",Ada@example.com,zed@example.com,Payroll,Admin',
        'Zed,Last,zed@example.com,,Payroll,Admin',
        '=Bob,B,bob@example.com,,Payroll,approver',
        '',
      ].join('\n'),
    );
  });
});

describe('renderAppFile', () => {
  it('declares every entitlement, the group only where the rule would not give it, and adopt', () => {
    expect(
      renderAppFile(app, 'payroll.csv', { orgUrl: 'https://example.okta.com', date: '2026-11-23' }),
    ).toBe(
      [
        '# yaml-language-server: $schema=../node_modules/okta-access-gitops/schemas/app.schema.json',
        '# Imported by okta-access import from https://example.okta.com on 2026-11-23.',
        '# adopt: true takes over an existing group that lacks the ownership marker: the next apply adds the marker',
        '# to its description (a group.adopt change) and changes no access.',
        'label: Payroll',
        'csv: payroll.csv',
        'entitlements:',
        '  - name: Admin',
        '    description: "Runs payroll: all of it"',
        '    adopt: true',
        '  - name: approver',
        '    group: PAY_approver',
        '',
      ].join('\n'),
    );
  });
});

describe('renderRootConfig', () => {
  it('writes only what differs from the defaults', () => {
    expect(
      renderRootConfig({
        naming: '{app}-{entitlement}',
        marker: '[managed by okta-access-gitops]',
        campaigns: false,
      }),
    ).toMatch(/\nversion: 1\napps: apps\/\*\.yaml\n$/);
    expect(renderRootConfig({ naming: '{entitlement}@{app}', marker: '[gitops]', campaigns: true })).toMatch(
      /naming:\n {2}group: "\{entitlement\}@\{app\}"\nownership:\n {2}marker: "\[gitops\]"\napps: apps\/\*\.yaml\ncampaigns: campaigns\/\*\.yaml\n$/,
    );
  });
});

describe('fileStem', () => {
  it('makes a file name of a label', () => {
    expect(fileStem('Payroll Admin Tool')).toBe('payroll-admin-tool');
    expect(fileStem('External_App')).toBe('external_app');
    expect(fileStem('../..')).toBe('app');
  });
});
