import { describe, expect, it } from 'vitest';
import { namesFromEmail, seedFromRows } from '../../src/emulator/seed-from-rows.js';

describe('seedFromRows', () => {
  it('holds the people with their managers, and makes people of the managers and reviewers no row names', () => {
    const { seed, extraPeople } = seedFromRows({
      people: [
        {
          email: 'ada@example.com',
          firstName: 'Ada',
          lastName: 'Lovelace',
          managerEmail: 'Boss.Person@example.com',
        },
        { email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing', managerEmail: 'ada@example.com' },
        {
          email: 'ada@example.com',
          firstName: 'Ada',
          lastName: 'Lovelace',
          managerEmail: 'boss.person@example.com',
        },
      ],
      otherEmails: ['auditor@example.com', 'ada@example.com', 'boss.person@example.com'],
    });
    expect(extraPeople).toBe(2);
    expect(seed.users).toEqual([
      {
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        manager: 'boss.person@example.com',
      },
      { email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing', manager: 'ada@example.com' },
      { email: 'boss.person@example.com', firstName: 'Boss', lastName: 'Person' },
      { email: 'auditor@example.com', firstName: 'Auditor', lastName: 'Example' },
    ]);
    expect(seed.groups).toBeUndefined();
    expect(seed.apps).toBeUndefined();
    expect(seed.identitySources).toBeUndefined();
  });

  it('leaves the people the tool sources out, keeps the identity source, apps and named groups', () => {
    const { seed } = seedFromRows({
      people: [
        { email: 'ada@example.com', firstName: 'Ada', lastName: 'L', managerEmail: 'boss@example.com' },
      ],
      sourced: true,
      apps: [{ label: 'CRM', id: '0oa1234567890abcdefg' }, { label: 'Wiki' }],
      groups: [
        { name: 'CRM-Sales', members: ['ada@example.com', 'boss@example.com'], app: 'CRM' },
        { name: 'Reviewers' },
        { name: 'reviewers' },
      ],
      identitySourceId: '0oa3l6l6WK6h0R0QW0g4',
    });
    expect(seed.users?.map((user) => user.email)).toEqual(['boss@example.com']);
    expect(seed.apps).toEqual([
      { label: 'CRM', id: '0oa1234567890abcdefg', groups: ['CRM-Sales'] },
      { label: 'Wiki', groups: [] },
    ]);
    // Members the org will not hold yet (sourced by the tool) are left out of an adopted group.
    expect(seed.groups).toEqual([
      { name: 'CRM-Sales', members: ['boss@example.com'] },
      { name: 'Reviewers', members: [] },
    ]);
    expect(seed.identitySources).toEqual([{ id: '0oa3l6l6WK6h0R0QW0g4', name: expect.any(String) }]);
  });

  it('names people from their email, within Okta’s 50 characters', () => {
    expect(namesFromEmail('priya.raman@example.com')).toEqual({ firstName: 'Priya', lastName: 'Raman' });
    expect(namesFromEmail('mary-jane_o.neil@example.com')).toEqual({
      firstName: 'Mary',
      lastName: 'Jane O Neil',
    });
    expect(namesFromEmail('admin@corp.example')).toEqual({ firstName: 'Admin', lastName: 'Corp' });
    const long = namesFromEmail(`${'a'.repeat(80)}.${'b'.repeat(80)}@example.com`);
    expect(long.firstName).toHaveLength(50);
    expect(long.lastName).toHaveLength(50);
  });
});
