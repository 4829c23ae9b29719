import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/diff.js';
import { simulate } from '../../src/diff/simulate.js';
import type { OrgModel } from '../../src/model/org.js';
import { group, model, users } from './model-builder.js';

const appsPool = ['Payroll', 'Expenses', 'Warehouse'];
const entitlementsPool = ['Admin', 'Viewer', 'Approver'];
const emailsPool = Array.from({ length: 8 }, (_, i) => `person${i}@example.com`);

/** An org as a set of (app, entitlement) groups with members and descriptions. */
const orgArbitrary = fc
  .uniqueArray(
    fc.record({
      app: fc.constantFrom(...appsPool),
      entitlement: fc.constantFrom(...entitlementsPool),
      members: fc.uniqueArray(fc.constantFrom(...emailsPool), { maxLength: 8 }),
      description: fc.constantFrom('a [managed]', 'b [managed]'),
      assigned: fc.boolean(),
    }),
    { selector: (g) => `${g.app}-${g.entitlement}`, maxLength: 9 },
  )
  .map((groups) => groups);

type Spec = { app: string; entitlement: string; members: string[]; description: string; assigned: boolean }[];

function build(spec: Spec, withIds: boolean): OrgModel {
  const groups = spec.map((g) =>
    group(g.app, g.entitlement, g.members, {
      description: g.description,
      ...(withIds ? { id: `00g${g.app}${g.entitlement}` } : {}),
    }),
  );
  const apps: Record<string, { id?: string; assigned?: string[] }> = {};
  for (const app of appsPool) {
    apps[app] = {
      ...(withIds ? { id: `0oa${app}` } : {}),
      assigned: spec
        .filter((g) => g.app === app && (g.assigned || !withIds))
        .map((g) => `${g.app}-${g.entitlement}`),
    };
  }
  return model(groups, apps);
}

/** What the comparison cares about: each group's description and members, each app's assigned groups. */
function canonical(org: OrgModel) {
  return {
    groups: [...org.groups.entries()]
      .map(([key, g]) => [key, g.description, [...g.members.keys()].sort()] as const)
      .sort((a, b) => a[0].localeCompare(b[0])),
    apps: [...org.apps.entries()]
      .map(([label, app]) => [label, [...app.assignedGroups].sort()] as const)
      .sort((a, b) => a[0].localeCompare(b[0])),
  };
}

describe('diff, as properties', () => {
  it('finds nothing to change between a state and itself', () => {
    fc.assert(
      fc.property(orgArbitrary, (spec) => {
        const desired = build(spec, false);
        const actual = build(
          spec.map((g) => ({ ...g, assigned: true })),
          true,
        );
        expect(diff({ desired, actual, users: users(emailsPool) }).changes).toEqual([]);
      }),
    );
  });

  it('turns any actual org into the desired one when its changes are applied', () => {
    fc.assert(
      fc.property(orgArbitrary, orgArbitrary, (wanted, current) => {
        const desired = build(wanted, false);
        const actual = build(current, true);
        const { changes, diagnostics } = diff({ desired, actual, users: users(emailsPool) });
        expect(diagnostics).toEqual([]);
        const after = simulate(actual, changes);
        expect(canonical(after)).toEqual(canonical(desired));
        // And once applied, there is nothing left to do.
        const again = diff({ desired, actual: after, users: users(emailsPool) });
        expect(again.changes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
