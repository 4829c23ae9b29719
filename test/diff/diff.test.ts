import { describe, expect, it } from 'vitest';
import { diff, holdKey } from '../../src/diff/diff.js';
import { group, model, users } from './model-builder.js';

const kinds = (result: ReturnType<typeof diff>) => result.changes.map((change) => change.kind);

describe('diff', () => {
  it('creates a missing app (when asked to), its group, the assignment and every membership', () => {
    const desired = model([group('Payroll', 'Admin', ['ada@example.com'])], {
      Payroll: { assigned: ['Payroll-Admin'] },
    });
    const withCreate = {
      ...desired,
      apps: new Map([
        [
          'Payroll',
          {
            label: 'Payroll',
            assignedGroups: new Set(['payroll-admin']),
            create: { kind: 'bookmark' as const, url: 'https://p.example.com' },
          },
        ],
      ]),
    };
    const result = diff({ desired: withCreate, actual: model([], {}), users: users(['ada@example.com']) });
    expect(kinds(result)).toEqual(['app.create', 'group.create', 'assignment.add', 'membership.add']);
    expect(result.changes.every((change) => !change.destructive)).toBe(true);
    expect(result.changes[3]).toMatchObject({
      email: 'ada@example.com',
      userId: expect.stringMatching(/^00u/),
    });
  });

  it('reports a missing app without create as APP_NOT_FOUND', () => {
    const desired = model([group('Payroll', 'Admin', [])], { Payroll: {} });
    const result = diff({ desired, actual: model([], {}), users: users([]) });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['APP_NOT_FOUND']);
  });

  it('adds and removes members by lower-cased email; removals are destructive', () => {
    const desired = model([group('Payroll', 'Admin', ['ada@example.com', 'grace@example.com'])], {
      Payroll: { assigned: ['Payroll-Admin'] },
    });
    const actual = model(
      [group('Payroll', 'Admin', ['ada@example.com', 'alan@example.com'], { id: '00gadmin' })],
      {
        Payroll: { id: '0oapay', assigned: ['Payroll-Admin'] },
      },
    );
    const result = diff({
      desired,
      actual,
      users: users(['ada@example.com', 'grace@example.com', 'alan@example.com']),
    });
    expect(result.changes.map((c) => [c.kind, 'email' in c ? c.email : '', c.destructive])).toEqual([
      ['membership.add', 'grace@example.com', false],
      ['membership.remove', 'alan@example.com', true],
    ]);
  });

  it('updates a description and assigns an unassigned group', () => {
    const desired = model([group('Payroll', 'Admin', [], { description: 'New text [managed]' })], {
      Payroll: {},
    });
    const actual = model(
      [group('Payroll', 'Admin', [], { id: '00gadmin', description: 'Old text [managed]' })],
      {
        Payroll: { id: '0oapay', assigned: [] },
      },
    );
    const result = diff({ desired, actual, users: users([]) });
    expect(result.changes).toMatchObject([
      {
        kind: 'group.update',
        groupId: '00gadmin',
        description: { from: 'Old text [managed]', to: 'New text [managed]' },
      },
      { kind: 'assignment.add', appId: '0oapay', groupId: '00gadmin' },
    ]);
  });

  it('leaves a group without the ownership marker alone, members and all', () => {
    const desired = model([group('Payroll', 'Admin', ['ada@example.com'])], { Payroll: {} });
    const actual = model([group('Payroll', 'Admin', ['alan@example.com'], { id: '00gx', managed: false })], {
      Payroll: { id: '0oapay' },
    });
    const result = diff({ desired, actual, users: users(['ada@example.com']) });
    expect(result.changes).toEqual([]);
    expect(result.unmanaged).toEqual([
      {
        group: 'Payroll-Admin',
        app: 'Payroll',
        reason: 'the group exists without the ownership marker in its description',
      },
    ]);
  });

  it('removes the members and assignment of a managed group no entitlement names, then deletes it', () => {
    const desired = model([group('Payroll', 'Admin', [])], { Payroll: { assigned: ['Payroll-Admin'] } });
    const actual = model(
      [
        group('Payroll', 'Admin', [], { id: '00ga' }),
        group('Payroll', 'Legacy', ['ada@example.com'], { id: '00gl' }),
      ],
      { Payroll: { id: '0oapay', assigned: ['Payroll-Admin', 'Payroll-Legacy'] } },
    );
    const result = diff({ desired, actual, users: users([]) });
    expect(result.changes.map((c) => [c.kind, c.destructive])).toEqual([
      ['membership.remove', true],
      ['assignment.remove', true],
      ['group.delete', true],
    ]);
  });

  it('fails an unknown email at its CSV row and warns about a deprovisioned user, whom it does not add', () => {
    const desired = model([group('Payroll', 'Admin', ['ghost@example.com', 'gone@example.com'])], {
      Payroll: {},
    });
    const actual = model([], { Payroll: { id: '0oapay' } });
    const result = diff({ desired, actual, users: users(['gone@example.com'], 'DEPROVISIONED') });
    expect(result.diagnostics).toMatchObject([
      { severity: 'error', code: 'USER_NOT_FOUND', file: 'apps/x.csv', line: 2 },
      { severity: 'warning', code: 'USER_DEACTIVATED' },
    ]);
    expect(result.changes.filter((c) => c.kind === 'membership.add')).toHaveLength(0);
  });
});

describe('diff with protected groups', () => {
  it('never touches a protected group, wanted or orphaned', () => {
    const desired = model([group('Payroll', 'Admin', ['ada@example.com'])], { Payroll: {} });
    const actual = model(
      [
        group('Payroll', 'Admin', ['alan@example.com'], { id: '00ga' }),
        group('Payroll', 'Break-Glass', ['grace@example.com'], { id: '00gb' }),
      ],
      { Payroll: { id: '0oapay', assigned: ['Payroll-Admin', 'Payroll-Break-Glass'] } },
    );
    const result = diff({
      desired,
      actual,
      users: users(['ada@example.com']),
      protectedGroups: new Set(['payroll-admin', 'payroll-break-glass']),
    });
    expect(result.changes).toEqual([]);
    expect(result.unmanaged).toEqual([
      { group: 'Payroll-Admin', app: 'Payroll', reason: 'protected by safety.protectedGroups' },
    ]);
  });
});

describe('diff with holds', () => {
  it('does not re-add a membership revoked in a completed campaign, and says so at the CSV row', () => {
    const desired = model([group('Payroll', 'Admin', ['ada@example.com', 'alan@example.com'])], {
      Payroll: {},
    });
    const actual = model([group('Payroll', 'Admin', [], { id: '00gadmin' })], {
      Payroll: { id: '0oapay', assigned: ['Payroll-Admin'] },
    });
    const people = users(['ada@example.com', 'alan@example.com']);
    const alan = people.get('alan@example.com')?.id ?? '';
    const result = diff({
      desired,
      actual,
      users: people,
      holds: new Map([[holdKey(alan, '00gadmin'), 'Q1 review']]),
    });
    expect(result.changes.map((c) => ('email' in c ? c.email : c.kind))).toEqual(['ada@example.com']);
    expect(result.diagnostics).toMatchObject([
      {
        code: 'MEMBERSHIP_HELD',
        severity: 'warning',
        file: 'apps/x.csv',
        line: 2,
        message: expect.stringMatching(/Q1 review/),
      },
    ]);
  });
});
