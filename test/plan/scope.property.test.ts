import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/diff/diff.js';
import type { Change } from '../../src/model/change.js';
import { managedDescription, type OrgGroup, type OrgModel } from '../../src/model/org.js';
import { orderChanges } from '../../src/plan/build.js';
import { changeInScope, restrictDesired, scopeOfOrgs } from '../../src/plan/scope.js';
import { readActual } from '../../src/read/actual.js';
import { readScoped } from '../../src/read/scoped.js';
import { type MemoryOrg, memoryPort } from '../support/memory-port.js';

// Scoped plan ⊆ full plan, and equal to it on the touched objects: random orgs with drift everywhere, random changes
// of the desired state between a base and a head. Pure: the org is held in memory behind the port's read half.

const marker = '[managed]';
const naming = '{app}-{entitlement}';
const apps = ['Payroll', 'Expenses', 'Warehouse'];
// "Admin" is a prefix of "Admins": a lookup by name must match exactly.
const entitlements = ['Admin', 'Admins', 'Viewer'];
const emails = Array.from({ length: 8 }, (_, i) => `person${i}@example.com`);
const slots = apps.flatMap((app) => entitlements.map((entitlement) => ({ app, entitlement })));

const members = fc.subarray(emails);
const slotArbitrary = fc.record({
  base: fc.option(members, { nil: undefined }),
  headSame: fc.boolean(),
  head: fc.option(members, { nil: undefined }),
  description: fc.constantFrom('a', 'b'),
  descriptionChanged: fc.boolean(),
  adopt: fc.boolean(),
  okta: fc.option(
    fc.record({
      members,
      description: fc.constantFrom('a [managed]', 'b [managed]', 'a', null),
      type: fc.constantFrom('OKTA_GROUP', 'OKTA_GROUP', 'OKTA_GROUP', 'APP_GROUP'),
      assigned: fc.boolean(),
      upper: fc.boolean(),
    }),
    { nil: undefined },
  ),
});
const appArbitrary = fc.record({ inOkta: fc.boolean(), createBase: fc.boolean(), createHead: fc.boolean() });
const userArbitrary = fc.record({
  exists: fc.constantFrom(true, true, true, false),
  status: fc.constantFrom('ACTIVE', 'ACTIVE', 'SUSPENDED', 'DEPROVISIONED', 'STAGED'),
});
const world = fc.record({
  slots: fc.array(slotArbitrary, { minLength: slots.length, maxLength: slots.length }),
  apps: fc.array(appArbitrary, { minLength: apps.length, maxLength: apps.length }),
  users: fc.array(userArbitrary, { minLength: emails.length, maxLength: emails.length }),
  protect: fc.option(fc.integer({ min: 0, max: slots.length - 1 }), { nil: undefined }),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function desired(w: World, side: 'base' | 'head'): OrgModel {
  const model: OrgModel = { apps: new Map(), groups: new Map() };
  w.slots.forEach((slot, index) => {
    const { app, entitlement } = slots[index] ?? { app: '', entitlement: '' };
    const rows = side === 'base' || slot.headSame ? slot.base : slot.head;
    if (rows === undefined) return;
    const description =
      side === 'head' && slot.descriptionChanged ? `${slot.description}2` : slot.description;
    const group: OrgGroup = {
      name: `${app}-${entitlement}`,
      description: managedDescription(description, marker),
      app,
      entitlement,
      managed: true,
      ...(slot.adopt ? { adopt: true } : {}),
      members: new Map(
        rows.map((email, row) => [email, { source: { file: `apps/${app}.csv`, line: row + 2 } }]),
      ),
      source: { file: `apps/${app}.yaml`, line: 1 },
    };
    model.groups.set(group.name.toLowerCase(), group);
  });
  w.apps.forEach((app, index) => {
    const label = apps[index] ?? '';
    const create = side === 'base' ? app.createBase : app.createHead;
    model.apps.set(label, {
      label,
      assignedGroups: new Set(
        [...model.groups].filter(([, group]) => group.app === label).map(([key]) => key),
      ),
      ...(create ? { create: { kind: 'bookmark' as const, url: `https://${label}.example.com` } } : {}),
      source: { file: `apps/${label}.yaml`, line: 1 },
    });
  });
  return model;
}

function oktaOf(w: World): MemoryOrg {
  const userId = (email: string) => `00u${emails.indexOf(email)}`;
  const groups = w.slots.flatMap((slot, index) => {
    const okta = slot.okta;
    const at = slots[index];
    if (okta === undefined || at === undefined) return [];
    const name = `${at.app}-${at.entitlement}`;
    return [
      {
        id: `00g${index}`,
        name: okta.upper ? name.toUpperCase() : name,
        description: okta.description,
        type: okta.type,
        memberIds: okta.members.filter((email) => w.users[emails.indexOf(email)]?.exists).map(userId),
        app: at.app,
        assigned: okta.assigned,
      },
    ];
  });
  return {
    apps: w.apps.flatMap((app, index) =>
      app.inOkta
        ? [
            {
              id: `0oa${index}`,
              label: apps[index] ?? '',
              groupIds: groups.filter((g) => g.assigned && g.app === apps[index]).map((g) => g.id),
            },
          ]
        : [],
    ),
    groups,
    users: w.users.flatMap((user, index) =>
      user.exists ? [{ id: `00u${index}`, email: emails[index] ?? '', status: user.status }] : [],
    ),
  };
}

function emailsOf(model: OrgModel): Set<string> {
  return new Set([...model.groups.values()].flatMap((group) => [...group.members.keys()]));
}

async function plans(w: World) {
  const base = desired(w, 'base');
  const head = desired(w, 'head');
  const org = oktaOf(w);
  const protectedGroups = new Set(
    w.protect === undefined
      ? []
      : [`${slots[w.protect]?.app}-${slots[w.protect]?.entitlement}`.toLowerCase()],
  );
  const options = { marker, naming };
  const fullRead = await readActual(memoryPort(org), head, { ...options, emails: emailsOf(head) });
  const full = diff({ desired: head, actual: fullRead.actual, users: fullRead.users, protectedGroups });
  const baseRead = await readActual(memoryPort(org), base, { ...options, emails: emailsOf(base) });
  const before = diff({ desired: base, actual: baseRead.actual, users: baseRead.users, protectedGroups });
  const scope = scopeOfOrgs(base, head);
  const restricted = restrictDesired(head, scope);
  const port = memoryPort(org);
  const scopedRead = await readScoped(port, restricted, scope, { ...options, emails: emailsOf(restricted) });
  const scoped = diff({
    desired: restricted,
    actual: scopedRead.actual,
    users: scopedRead.users,
    protectedGroups,
  });
  return {
    full: full.changes,
    before: before.changes,
    scoped: scoped.changes,
    scope,
    requests: port.stats().requests,
  };
}

function essence(changes: readonly Change[]): string[] {
  return orderChanges(changes).map((change) => JSON.stringify(change));
}

describe('a scoped plan against the full plan', () => {
  it('equals the full plan restricted to the touched groups and apps, and is a subset of it', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const { full, scoped, scope } = await plans(w);
        const fullEssence = essence(full);
        expect(essence(scoped)).toEqual(essence(full.filter((change) => changeInScope(change, scope))));
        for (const change of essence(scoped)) expect(fullEssence).toContain(change);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves nothing out: outside the scope, the full plan of the head is the full plan of the base', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const { full, before, scope } = await plans(w);
        const outside = (changes: readonly Change[]) =>
          essence(changes.filter((change) => !changeInScope(change, scope)));
        expect(outside(full)).toEqual(outside(before));
      }),
      { numRuns: 300 },
    );
  });

  it('reads nothing but the scope: an untouched change set reads no group', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const same: World = {
          ...w,
          slots: w.slots.map((slot) => ({ ...slot, headSame: true, descriptionChanged: false })),
          apps: w.apps.map((app) => ({ ...app, createHead: app.createBase })),
        };
        const { scoped, scope, requests } = await plans(same);
        expect(scope.groups).toEqual([]);
        expect(scope.apps).toEqual([]);
        expect(scoped).toEqual([]);
        expect(requests).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('sees drift inside the scope and none outside it', async () => {
    // Base and head declare Payroll-Admin with one row more at the head; Okta lost a member of the touched group
    // and holds an extra one in the untouched Payroll-Viewer.
    const w: World = {
      slots: slots.map((slot) => ({
        base: slot.entitlement === 'Admins' ? undefined : ['person0@example.com', 'person1@example.com'],
        headSame: slot.app !== 'Payroll' || slot.entitlement !== 'Admin',
        head: ['person0@example.com', 'person1@example.com', 'person2@example.com'],
        description: 'a',
        descriptionChanged: false,
        adopt: false,
        okta:
          slot.entitlement === 'Admins'
            ? undefined
            : {
                members:
                  slot.app === 'Payroll' && slot.entitlement === 'Admin'
                    ? ['person0@example.com']
                    : slot.app === 'Payroll'
                      ? ['person0@example.com', 'person1@example.com', 'person5@example.com']
                      : ['person0@example.com', 'person1@example.com'],
                description: 'a [managed]',
                type: 'OKTA_GROUP',
                assigned: true,
                upper: false,
              },
      })),
      apps: apps.map(() => ({ inOkta: true, createBase: false, createHead: false })),
      users: emails.map(() => ({ exists: true, status: 'ACTIVE' })),
      protect: undefined,
    };
    const { full, scoped, scope, requests } = await plans(w);
    expect(scope.groups).toEqual(['payroll-admin']);
    expect(scoped.map((change) => `${change.kind} ${'email' in change ? change.email : ''}`).sort()).toEqual([
      'membership.add person1@example.com',
      'membership.add person2@example.com',
    ]);
    expect(full.some((change) => change.kind === 'membership.remove')).toBe(true);
    // One app found by label and its assignments, the group by name, its members: the new row's user was a member
    // elsewhere in the full read, and is searched here.
    expect(requests).toBe(5);
  });
});
