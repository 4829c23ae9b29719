import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/diff.js';
import { checkManagers } from '../../src/diff/managers.js';
import type { Person } from '../../src/model/state.js';
import { group, model, users } from './model-builder.js';

const cases = [
  ['ACTIVE', true, undefined],
  ['STAGED', true, 'USER_NOT_ACTIVATED'],
  ['PROVISIONED', true, 'USER_NOT_ACTIVATED'],
  ['SUSPENDED', true, 'USER_SUSPENDED'],
  ['LOCKED_OUT', true, 'USER_LOCKED_OUT'],
  ['PASSWORD_EXPIRED', true, 'USER_PASSWORD_RESET'],
  ['RECOVERY', true, 'USER_PASSWORD_RESET'],
  ['DEPROVISIONED', false, 'USER_DEACTIVATED'],
] as const;

describe('a CSV row naming a user in each Okta status', () => {
  it.each(cases)('%s: membership planned %s, diagnostic %s at the row', (status, planned, code) => {
    const desired = model([group('Payroll', 'Admin', ['pat@example.com'])], { Payroll: {} });
    const actual = model([group('Payroll', 'Admin', [], { id: '00ga' })], {
      Payroll: { id: '0oapay', assigned: ['Payroll-Admin'] },
    });
    const result = diff({ desired, actual, users: users(['pat@example.com'], status) });
    expect(result.changes.filter((change) => change.kind === 'membership.add')).toHaveLength(planned ? 1 : 0);
    if (code === undefined) {
      expect(result.diagnostics).toEqual([]);
      return;
    }
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code,
        file: 'apps/x.csv',
        line: 2,
        message: expect.stringContaining('pat@example.com'),
        hint: expect.any(String),
      }),
    ]);
  });

  it('warns at every row of a deactivated user, and once for a user whose grant is planned', () => {
    const desired = model(
      [
        group('Payroll', 'Admin', ['gone@example.com', 'away@example.com']),
        group('Payroll', 'Viewer', ['gone@example.com', 'away@example.com']),
      ],
      { Payroll: {} },
    );
    const actual = model([], { Payroll: { id: '0oapay' } });
    const found = new Map([
      ...users(['gone@example.com'], 'DEPROVISIONED'),
      ...users(['away@example.com'], 'SUSPENDED'),
    ]);
    const result = diff({ desired, actual, users: found });
    expect(result.diagnostics.map((d) => d.code).sort()).toEqual([
      'USER_DEACTIVATED',
      'USER_DEACTIVATED',
      'USER_SUSPENDED',
    ]);
  });

  it('leaves a deactivated member alone while the row stays, and removes it when the row goes', () => {
    const actual = model([group('Payroll', 'Admin', ['gone@example.com'], { id: '00ga' })], {
      Payroll: { id: '0oapay', assigned: ['Payroll-Admin'] },
    });
    const kept = diff({
      desired: model([group('Payroll', 'Admin', ['gone@example.com'])], { Payroll: {} }),
      actual,
      users: users(['gone@example.com'], 'DEPROVISIONED'),
    });
    expect(kept.changes).toEqual([]);
    const removed = diff({
      desired: model([group('Payroll', 'Admin', [])], { Payroll: {} }),
      actual,
      users: users(['gone@example.com'], 'DEPROVISIONED'),
    });
    expect(removed.changes.map((change) => change.kind)).toEqual(['membership.remove']);
  });
});

describe('managerEmail against the org', () => {
  const person = (email: string, managerEmail?: string): Person => ({
    email,
    firstName: 'A',
    lastName: 'B',
    source: { file: 'apps/x.csv', line: 3 },
    ...(managerEmail === undefined
      ? {}
      : { managerEmail, managerSource: { file: 'apps/x.csv', line: 3, col: 27 } }),
  });

  it('warns MANAGER_NOT_FOUND at the managerEmail cell when Okta does not know the manager', () => {
    const people = new Map([
      ['a@example.com', person('a@example.com', 'boss@example.com')],
      ['b@example.com', person('b@example.com', 'ada@example.com')],
      ['c@example.com', person('c@example.com')],
    ]);
    expect(checkManagers(people, users(['ada@example.com']), false)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'MANAGER_NOT_FOUND',
        file: 'apps/x.csv',
        line: 3,
        col: 27,
        message: expect.stringContaining('boss@example.com'),
      }),
    ]);
  });

  it('leaves managers to the identity source check when sourcing', () => {
    const people = new Map([['a@example.com', person('a@example.com', 'boss@example.com')]]);
    expect(checkManagers(people, users([]), true)).toEqual([]);
  });
});
