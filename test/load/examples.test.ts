import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDesired } from '../../src/load/index.js';

const now = new Date('2026-11-23T00:00:00Z');
const example = (name: string) =>
  fileURLToPath(new URL(`../../examples/${name}/okta-access.yaml`, import.meta.url));

describe('the bundled examples', () => {
  it('quickstart is valid without a single warning and declares 3 apps, ~60 people and 2 campaigns', async () => {
    const { state, diagnostics } = await loadDesired({ configPath: example('quickstart'), env: {}, now });
    expect(diagnostics).toEqual([]);
    expect(state?.apps.size).toBe(3);
    expect(state?.people.size).toBeGreaterThanOrEqual(55);
    expect(state?.campaigns.size).toBe(2);
    const payroll = state?.apps.get('Payroll');
    expect([...(payroll?.entitlements.values() ?? [])].map((e) => e.groupName)).toEqual([
      'Payroll-Admin',
      'Payroll-Approver',
      'Payroll-Viewer',
    ]);
    // Every manager named in the CSVs is a person of the example too.
    for (const person of state?.people.values() ?? []) {
      if (person.managerEmail !== undefined) expect(state?.people.has(person.managerEmail)).toBe(true);
    }
  });

  it('okta-blog reproduces the External_App example of Okta’s blog', async () => {
    const { state, diagnostics } = await loadDesired({ configPath: example('okta-blog'), env: {}, now });
    expect(diagnostics).toEqual([]);
    const app = state?.apps.get('External_App');
    expect([...(app?.entitlements.values() ?? [])].map((e) => e.groupName)).toEqual([
      'External_App-All_Admins',
      'External_App-User_ReadWrite',
      'External_App-User_ReadOnly',
    ]);
    expect(state?.campaigns.get('External_App Entitlements')?.definition.reviewers).toMatchObject({
      type: 'REVIEWER_EXPRESSION',
      expression: 'user.profile.managerId',
    });
  });
});
