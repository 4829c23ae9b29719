import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { changeKey } from '../../src/model/change.js';
import {
  type AppSpec,
  accessRepo,
  applyNow,
  duplicates,
  marker,
  people,
  permissiveConfig,
  planNow,
  reseed,
  storeView,
} from './apply-helpers.js';

// The universe: 3 apps × 3 entitlements × 8 people.
const appLabels = ['Alpha', 'Beta', 'Gamma'] as const;
const entitlementNames = ['Read', 'Write', 'Admin'] as const;
const users = people(8, 'p');
const emails = users.map((user) => user.email);

/** What the files say about one entitlement: declared or not, its description, who holds it. */
const desiredEntitlement = fc.record({
  declared: fc.boolean(),
  description: fc.constantFrom(undefined, 'Reads things', 'Writes things'),
  members: fc.subarray(emails),
});

/** What Okta holds for one group of the naming rule: nothing, a group the tool manages, or a group made by hand. */
const actualGroup = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'absent' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('managed' as const),
      description: fc.constantFrom(marker, `Reads things ${marker}`, `Old text ${marker}`),
      members: fc.subarray(emails),
      assigned: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('unmanaged' as const),
      description: fc.constantFrom('made by hand', ''),
      members: fc.subarray(emails),
      assigned: fc.boolean(),
    }),
  },
);

/** `count` values of an arbitrary, one per app or per entitlement. */
const each = <T>(arbitrary: fc.Arbitrary<T>, count: number) =>
  fc.array(arbitrary, { minLength: count, maxLength: count });

const scenario = fc.record({
  desired: each(each(desiredEntitlement, entitlementNames.length), appLabels.length),
  appExists: each(fc.boolean(), appLabels.length),
  actual: each(each(actualGroup, entitlementNames.length), appLabels.length),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The files: every app declares its declared entitlements and may create itself; an app needs ≥ 1 CSV row. */
function filesOf(s: Scenario): AppSpec[] {
  return appLabels.map((label, a) => {
    const entitlements: Record<string, string[]> = {};
    const descriptions: Record<string, string> = {};
    for (const [e, name] of entitlementNames.entries()) {
      const wanted = s.desired[a]?.[e];
      if (wanted === undefined || !wanted.declared) continue;
      entitlements[name] = [...wanted.members];
      if (wanted.description !== undefined) descriptions[name] = wanted.description;
    }
    // An app that no row names is an error, not "remove everyone": give each app at least one row.
    const total = Object.values(entitlements).reduce((sum, members) => sum + members.length, 0);
    if (total === 0) {
      const first = Object.keys(entitlements)[0] ?? entitlementNames[0];
      entitlements[first] = [emails[a] ?? 'p0@example.com'];
    }
    return { label, entitlements, descriptions };
  });
}

/** The org: the people, the existing apps, the groups (managed ones carry the marker), assignments. */
function seedOf(s: Scenario): SeedDocument {
  const groups: NonNullable<SeedDocument['groups']> = [];
  const apps: NonNullable<SeedDocument['apps']> = [];
  for (const [a, label] of appLabels.entries()) {
    const assigned: string[] = [];
    for (const [e, name] of entitlementNames.entries()) {
      const group = s.actual[a]?.[e];
      if (group === undefined || group.kind === 'absent') continue;
      const groupName = `${label}-${name}`;
      groups.push({ name: groupName, description: group.description, members: [...group.members] });
      if (group.assigned) assigned.push(groupName);
    }
    if (s.appExists[a])
      apps.push({ label, url: `https://${label.toLowerCase()}.example.com/`, groups: assigned });
  }
  return { users, groups, apps };
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ randomSeed: 5 });
});
afterAll(async () => {
  await emulator.stop();
});

describe('apply, as a property', () => {
  it('plan → apply → plan again is empty, for any files and any org over a small universe', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        runs++;
        await reseed(emulator, seedOf(s));
        const config = accessRepo(filesOf(s), permissiveConfig);
        const before = await planNow(emulator, config);
        expect(before.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

        const result = await applyNow(emulator, config, { allowDeletes: true });
        if (!result.ok) throw new Error(`apply refused: ${JSON.stringify(result).slice(0, 1000)}`);
        expect(result.report.counts.failed).toBe(0);
        // Apply did exactly what the plan showed (same org, same files): each planned change, once.
        expect(result.report.results.map((r) => r.key).sort()).toEqual(before.changes.map(changeKey).sort());

        const after = await planNow(emulator, config);
        expect(after.changes.map(changeKey)).toEqual([]);
        // Groups made by hand were left as they were.
        const view = storeView(emulator);
        expect(duplicates(view.groupsByName)).toEqual([]);
        expect(duplicates(view.appsByLabel)).toEqual([]);
        for (const [a, label] of appLabels.entries()) {
          for (const [e, name] of entitlementNames.entries()) {
            const group = s.actual[a]?.[e];
            if (group?.kind !== 'unmanaged') continue;
            expect([...(view.members.get(`${label}-${name}`.toLowerCase()) ?? [])].sort()).toEqual(
              [...group.members].sort(),
            );
          }
        }
      }),
      { numRuns: 20 },
    );
    expect(runs).toBeGreaterThanOrEqual(20);
  }, 60_000);
});
