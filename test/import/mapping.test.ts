import { describe, expect, it } from 'vitest';
import { type CandidateGroup, mapGroups, withoutMarker } from '../../src/import/mapping.js';

const marker = '[managed by okta-access-gitops]';

function group(name: string, options: Partial<CandidateGroup> = {}): CandidateGroup {
  return {
    id: `00g${name.replace(/\W/g, '').padEnd(17, '0').slice(0, 17)}`,
    name,
    description: null,
    type: 'OKTA_GROUP',
    ...options,
  };
}

const base = { app: 'Payroll', naming: '{app}-{entitlement}', marker };

describe('mapGroups', () => {
  it('takes groups named by the naming rule, the entitlement being the part the rule leaves', () => {
    const { entitlements, skipped } = mapGroups([group('Payroll-Viewer'), group('Payroll-Admin')], base);
    expect(entitlements.map((e) => [e.name, e.groupName, e.explicitGroup, e.matchedBy])).toEqual([
      ['Admin', 'Payroll-Admin', false, 'naming'],
      ['Viewer', 'Payroll-Viewer', false, 'naming'],
    ]);
    expect(skipped).toEqual([]);
  });

  it('compares the rule without case, as Okta compares group names, and then names the group exactly', () => {
    const { entitlements } = mapGroups([group('PAYROLL-Admin')], base);
    expect(entitlements[0]).toMatchObject({ name: 'Admin', groupName: 'PAYROLL-Admin', explicitGroup: true });
  });

  it('honours another naming rule', () => {
    const { entitlements } = mapGroups([group('ent_Admin_Payroll'), group('Payroll-Admin')], {
      ...base,
      naming: 'ent_{entitlement}_{app}',
    });
    expect(entitlements.map((e) => e.name)).toEqual(['Admin']);
  });

  it('takes groups by --group-prefix, with an explicit group name; the rule wins when both fit', () => {
    const { entitlements, skipped } = mapGroups(
      [group('PAY_Approver'), group('Payroll-Admin'), group('PAY_')],
      {
        ...base,
        groupPrefix: 'PAY_',
      },
    );
    expect(entitlements.map((e) => [e.name, e.groupName, e.explicitGroup, e.matchedBy])).toEqual([
      ['Admin', 'Payroll-Admin', false, 'naming'],
      ['Approver', 'PAY_Approver', true, 'prefix'],
    ]);
    expect(skipped.map((s) => s.name)).toEqual(['PAY_']);
  });

  it('skips groups it cannot manage or name, saying why', () => {
    const { entitlements, skipped } = mapGroups(
      [group('Payroll-Sync', { type: 'APP_GROUP' }), group('Contractors'), group('Payroll- Padded')],
      base,
    );
    expect(entitlements).toEqual([]);
    expect(skipped).toEqual([
      { name: 'Contractors', reason: expect.stringContaining('name the prefix with --group-prefix') },
      { name: 'Payroll- Padded', reason: expect.stringContaining('cannot be an entitlement name') },
      { name: 'Payroll-Sync', reason: expect.stringContaining('only OKTA_GROUP') },
    ]);
  });

  it('never gives two groups one entitlement', () => {
    const { entitlements, skipped } = mapGroups([group('Payroll-Admin'), group('PAY_admin')], {
      ...base,
      groupPrefix: 'PAY_',
    });
    expect(entitlements.map((e) => e.groupName)).toEqual(['Payroll-Admin']);
    expect(skipped).toEqual([
      { name: 'PAY_admin', reason: 'its entitlement "admin" is already the group Payroll-Admin' },
    ]);
  });

  it('adopts groups without the marker and keeps their description without it', () => {
    const { entitlements } = mapGroups(
      [
        group('Payroll-Admin', { description: 'Runs payroll' }),
        group('Payroll-Viewer', { description: `Reads ${marker}` }),
      ],
      base,
    );
    expect(entitlements.map((e) => [e.name, e.description, e.adopt])).toEqual([
      ['Admin', 'Runs payroll', true],
      ['Viewer', 'Reads', false],
    ]);
  });
});

describe('withoutMarker', () => {
  it('gives back what managedDescription was given', () => {
    expect(withoutMarker(`Runs payroll ${marker}`, marker)).toBe('Runs payroll');
    expect(withoutMarker(marker, marker)).toBeUndefined();
    expect(withoutMarker(null, marker)).toBeUndefined();
    expect(withoutMarker('  ', marker)).toBeUndefined();
  });
});
