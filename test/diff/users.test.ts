import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/diff.js';
import { diffUsers, type OwnedUser } from '../../src/diff/users.js';
import type { UserSourcing } from '../../src/model/config.js';
import type { OktaUser } from '../../src/model/org.js';
import type { Person } from '../../src/model/state.js';
import { group, model } from './model-builder.js';

const sourcing: UserSourcing = {
  source: 'identity-source',
  identitySourceId: '0oasrc',
  deactivateRemoved: false,
  declared: { file: 'okta-access.yaml', line: 4, col: 21 },
};

function person(email: string, managerEmail?: string, line = 2): Person {
  const name = email.split('@')[0] ?? '';
  return {
    email,
    firstName: name,
    lastName: 'Example',
    ...(managerEmail === undefined ? {} : { managerEmail }),
    source: { file: 'apps/payroll.csv', line },
  };
}

function people(...list: Person[]): Map<string, Person> {
  return new Map(list.map((p) => [p.email, p]));
}

function okta(entries: readonly [string, string, string?][]): Map<string, OktaUser> {
  return new Map(
    entries.map(([email, id, status]) => [email, { id, email, login: email, status: status ?? 'ACTIVE' }]),
  );
}

function owned(entries: readonly [string, string, string?][]): Map<string, OwnedUser> {
  return new Map(
    entries.map(([email, id, status]) => [
      email,
      { userId: id, externalId: email, status: status ?? 'ACTIVE' },
    ]),
  );
}

describe('diffUsers', () => {
  it('sources the people Okta does not know, as one change, sorted by email, with names and source rows', () => {
    const result = diffUsers({
      sourcing,
      people: people(person('zoe@example.com'), person('ada@example.com'), person('alan@example.com')),
      users: okta([['alan@example.com', '00ualan']]),
      owned: new Map(),
    });
    expect(result.changes).toEqual([
      {
        kind: 'user.source',
        identitySourceId: '0oasrc',
        people: [
          {
            email: 'ada@example.com',
            firstName: 'ada',
            lastName: 'Example',
            source: { file: 'apps/payroll.csv', line: 2 },
          },
          {
            email: 'zoe@example.com',
            firstName: 'zoe',
            lastName: 'Example',
            source: { file: 'apps/payroll.csv', line: 2 },
          },
        ],
        reason: '2 people in the CSVs unknown to Okta',
        destructive: false,
      },
    ]);
    expect([...result.sourced]).toEqual(['ada@example.com', 'zoe@example.com']);
    expect(result.diagnostics).toEqual([]);
  });

  it('plans nothing when Okta knows everyone', () => {
    const result = diffUsers({
      sourcing,
      people: people(person('ada@example.com')),
      users: okta([['ada@example.com', '00uada']]),
      owned: owned([['ada@example.com', '00uada']]),
    });
    expect(result.changes).toEqual([]);
    expect(result.sourced.size).toBe(0);
  });

  it('names the manager by externalId when sourced or owned, by Okta id when Okta has them outside the source, and warns when nobody has them', () => {
    const result = diffUsers({
      sourcing,
      people: people(
        person('boss@example.com'),
        person('owned@example.com'),
        person('a@example.com', 'boss@example.com'),
        person('b@example.com', 'owned@example.com'),
        person('c@example.com', 'admin@example.com'),
        person('d@example.com', 'ghost@example.com', 9),
      ),
      users: okta([
        ['owned@example.com', '00uowned'],
        ['admin@example.com', '00uadmin'],
      ]),
      owned: owned([['owned@example.com', '00uowned']]),
    });
    const sourced = result.changes[0]?.kind === 'user.source' ? result.changes[0].people : [];
    const byEmail = new Map(sourced.map((p) => [p.email, p]));
    expect(byEmail.get('a@example.com')?.managerExternalId).toBe('boss@example.com');
    expect(byEmail.get('b@example.com')?.managerExternalId).toBe('owned@example.com');
    expect(byEmail.get('c@example.com')?.managerId).toBe('00uadmin');
    expect(byEmail.get('d@example.com')).not.toHaveProperty('managerExternalId');
    expect(byEmail.get('d@example.com')).not.toHaveProperty('managerId');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'SOURCE_MANAGER_UNKNOWN',
        file: 'apps/payroll.csv',
        line: 9,
        hint: expect.any(String),
      }),
    ]);
  });

  it('reactivates a person the source owns and has deactivated, when a CSV names them again', () => {
    const result = diffUsers({
      sourcing,
      people: people(person('ada@example.com')),
      users: okta([['ada@example.com', '00uada', 'DEPROVISIONED']]),
      owned: owned([['ada@example.com', '00uada', 'DEPROVISIONED']]),
    });
    expect(result.changes[0]).toMatchObject({
      kind: 'user.source',
      people: [{ email: 'ada@example.com', reactivate: true }],
      reason: '1 deactivated by the identity source and back in a CSV',
    });
  });

  it('deactivates owned users no CSV names only with deactivateRemoved, and otherwise warns', () => {
    const input = {
      people: people(person('ada@example.com')),
      users: okta([['ada@example.com', '00uada']]),
      owned: owned([
        ['ada@example.com', '00uada'],
        ['gone@example.com', '00ugone'],
        ['old@example.com', '00uold', 'DEPROVISIONED'],
      ]),
    };
    const off = diffUsers({ sourcing, ...input });
    expect(off.changes).toEqual([]);
    expect(off.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'SOURCE_USERS_REMOVED',
        file: 'okta-access.yaml',
        line: 4,
        col: 21,
        message: expect.stringContaining('gone@example.com'),
      }),
    ]);
    const on = diffUsers({ sourcing: { ...sourcing, deactivateRemoved: true }, ...input });
    expect(on.changes).toEqual([
      expect.objectContaining({
        kind: 'user.deactivate',
        destructive: true,
        people: [{ email: 'gone@example.com', externalId: 'gone@example.com', userId: '00ugone' }],
      }),
    ]);
    expect(on.diagnostics).toEqual([]);
  });
});

describe('diff with sourced users', () => {
  it('plans the membership of a user sourced in the same run without a user id, and still errors for others', () => {
    const desired = model([group('Payroll', 'Admin', ['new@example.com', 'typo@example.com'])], {
      Payroll: { assigned: ['Payroll-Admin'] },
    });
    const actual = model([group('Payroll', 'Admin', [], { id: '00gadmin' })], {
      Payroll: { id: '0oapay', assigned: ['Payroll-Admin'] },
    });
    const result = diff({ desired, actual, users: new Map(), sourced: new Set(['new@example.com']) });
    expect(result.changes).toEqual([
      expect.objectContaining({ kind: 'membership.add', email: 'new@example.com', groupId: '00gadmin' }),
    ]);
    expect(result.changes[0]).not.toHaveProperty('userId');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['USER_NOT_FOUND']);
  });
});
