import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/diff.js';
import { simulate } from '../../src/diff/simulate.js';
import { group, model, users } from './model-builder.js';

const members = ['ada@example.com', 'alan@example.com'];
const marker = '[managed]';

function scene(options: { adopt: boolean; actualMembers?: readonly string[]; type?: string }) {
  const desired = model(
    [group('Payroll', 'Admin', members, { description: `Runs payroll ${marker}`, adopt: options.adopt })],
    { Payroll: { assigned: ['Payroll-Admin'] } },
  );
  const actual = model(
    [
      group('Payroll', 'Admin', options.actualMembers ?? members, {
        id: '00gpayrolladmin00001',
        description: 'Runs payroll',
        managed: false,
        type: options.type ?? 'OKTA_GROUP',
      }),
    ],
    { Payroll: { id: '0oapayroll0000000001', assigned: ['Payroll-Admin'] } },
  );
  return { desired, actual };
}

describe('adopting an existing group', () => {
  it('without adopt, leaves a group without the marker alone and reports it', () => {
    const { desired, actual } = scene({ adopt: false });
    const result = diff({ desired, actual, users: users(members) });
    expect(result.changes).toEqual([]);
    expect(result.unmanaged).toEqual([
      expect.objectContaining({
        group: 'Payroll-Admin',
        reason: expect.stringContaining('ownership marker'),
      }),
    ]);
  });

  it('with adopt, plans one group.adopt that adds the marker and no access change', () => {
    const { desired, actual } = scene({ adopt: true });
    const result = diff({ desired, actual, users: users(members) });
    expect(result.unmanaged).toEqual([]);
    expect(result.changes).toEqual([
      expect.objectContaining({
        kind: 'group.adopt',
        group: 'Payroll-Admin',
        groupId: '00gpayrolladmin00001',
        entitlement: 'Admin',
        description: { from: 'Runs payroll', to: `Runs payroll ${marker}` },
        destructive: false,
      }),
    ]);
  });

  it('compares members of an adopted group as if it were managed', () => {
    const { desired, actual } = scene({ adopt: true, actualMembers: ['ada@example.com', 'ken@example.com'] });
    const result = diff({ desired, actual, users: users([...members, 'ken@example.com']) });
    expect(result.changes.map((change) => `${change.kind} ${'email' in change ? change.email : ''}`)).toEqual(
      ['group.adopt ', 'membership.add alan@example.com', 'membership.remove ken@example.com'],
    );
  });

  it('never adopts a group Okta does not let it manage (an APP_GROUP)', () => {
    const { desired, actual } = scene({ adopt: true, type: 'APP_GROUP' });
    const result = diff({ desired, actual, users: users(members) });
    expect(result.changes).toEqual([]);
    expect(result.unmanaged).toHaveLength(1);
  });

  it('plans nothing once the adoption is applied (adopt stays in the file, harmless)', () => {
    const { desired, actual } = scene({ adopt: true });
    const first = diff({ desired, actual, users: users(members) });
    const after = simulate(actual, first.changes);
    expect(after.groups.get('payroll-admin')?.managed).toBe(true);
    expect(diff({ desired, actual: after, users: users(members) }).changes).toEqual([]);
  });
});
