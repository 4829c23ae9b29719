import { describe, expect, it } from 'vitest';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { OktaRequestError } from '../../src/okta/errors.js';
import type { RiskRuleInput } from '../../src/okta/port.js';
import { withHarness } from './harness.js';

const seed: SeedDocument = {
  users: [
    { email: 'olga@example.com', firstName: 'Olga', lastName: 'Owner' },
    { email: 'otto@example.com', firstName: 'Otto', lastName: 'Other' },
  ],
  groups: [{ name: 'Payroll-Admin' }, { name: 'Payroll-Approver' }, { name: 'Payroll-Owners' }],
  apps: [{ label: 'Payroll', groups: ['Payroll-Admin', 'Payroll-Approver'] }],
};

describe('Okta port: resource owners and risk rules (against the emulator)', () => {
  it('sets, replaces, lists and removes owners of an app and an entitlement group', async () => {
    await withHarness({ seed }, {}, async (h) => {
      const orgId = h.emulator.store.state.orgId;
      const app = [...h.emulator.store.state.apps.values()][0];
      const appOrn = `orn:okta:idp:${orgId}:apps:${app?.name}:${app?.id}`;
      const groupOrn = (name: string) => `orn:okta:directory:${orgId}:groups:${h.groupId(name)}`;
      const userOrn = (email: string) => `orn:okta:directory:${orgId}:users:${h.userId(email)}`;

      const set = await h.port.setResourceOwners([groupOrn('Payroll-Admin')], [userOrn('olga@example.com')]);
      expect(set.map((owners) => owners.resourceOrn)).toEqual([groupOrn('Payroll-Admin')]);
      await h.port.setResourceOwners([appOrn], [userOrn('otto@example.com'), groupOrn('Payroll-Owners')]);
      await h.port.setResourceOwners([groupOrn('Payroll-Admin')], [groupOrn('Payroll-Owners')]);

      const listed = await h.port.listResourceOwners({ parentResourceOrn: appOrn, includeParent: true });
      const byResource = new Map(listed.map((owners) => [owners.resourceOrn, owners]));
      expect(byResource.get(groupOrn('Payroll-Admin'))?.principals.map((p) => p.orn)).toEqual([
        groupOrn('Payroll-Owners'),
      ]);
      expect(byResource.get(groupOrn('Payroll-Admin'))?.parentResourceOrn).toBe(appOrn);
      const appOwners = byResource.get(appOrn);
      expect(appOwners?.resourceType).toBe('apps');
      // Sorted by ORN: `…:groups:…` before `…:users:…`.
      expect(appOwners?.principals.map((p) => [p.type, p.name])).toEqual([
        ['groups', 'Payroll-Owners'],
        ['users', 'Otto Other'],
      ]);

      await h.port.setResourceOwners([appOrn], []);
      expect(await h.port.listResourceOwners({ resourceOrn: appOrn })).toEqual([]);
      await expect(
        h.port.setResourceOwners([appOrn], ['orn:okta:directory:other:users:x']),
      ).rejects.toBeInstanceOf(OktaRequestError);
    });
  });

  it('creates, lists, gets, replaces and deletes risk rules', async () => {
    await withHarness({ seed }, {}, async (h) => {
      const orgId = h.emulator.store.state.orgId;
      const app = [...h.emulator.store.state.apps.values()][0];
      const rule: RiskRuleInput = {
        name: 'Payroll SoD',
        description: 'Administer *or* approve | never both',
        resourceOrn: `orn:okta:idp:${orgId}:apps:${app?.name}:${app?.id}`,
        criteria: [
          { name: 'admins', operation: 'CONTAINS_ONE', entitlements: [{ id: h.groupId('Payroll-Admin') }] },
          {
            name: 'approvers',
            operation: 'CONTAINS_ONE',
            entitlements: [{ id: app?.id ?? '', values: [{ id: h.groupId('Payroll-Approver') }] }],
          },
        ],
      };
      const created = await h.port.createRiskRule(rule);
      expect(created).toMatchObject({ ...rule, status: 'ACTIVE' });
      expect(await h.port.getRiskRule(created.id)).toEqual(created);
      await expect(h.port.createRiskRule(rule)).rejects.toMatchObject({ status: 400 });

      const replaced = await h.port.replaceRiskRule(created.id, {
        ...rule,
        name: 'Payroll SoD v2',
        notes: 'yearly',
      });
      expect(replaced).toMatchObject({
        name: 'Payroll SoD v2',
        notes: 'yearly',
        description: rule.description,
      });
      const cleared = await h.port.replaceRiskRule(created.id, { ...rule, name: 'Payroll SoD v2' });
      expect(cleared.notes).toBeUndefined();
      expect((await h.port.listRiskRules()).map((listed) => listed.name)).toEqual(['Payroll SoD v2']);

      await h.port.deleteRiskRule(created.id);
      expect(await h.port.getRiskRule(created.id)).toBeUndefined();
      expect(await h.port.listRiskRules()).toEqual([]);
      expect(h.port.stats().byEndpoint['PUT /governance/api/v1/risk-rules/{id}']).toBe(2);
    });
  });
});
