import { describe, expect, it } from 'vitest';
import { checkStaleness, describeChange, stillInFiles } from '../../src/apply/staleness.js';
import type { Change } from '../../src/model/change.js';
import { group, model } from '../diff/model-builder.js';

const add = (email: string, line?: number): Change => ({
  kind: 'membership.add',
  app: 'Payroll',
  entitlement: 'Admin',
  group: 'Payroll-Admin',
  email,
  reason: 'in the CSV',
  destructive: false,
  ...(line === undefined ? {} : { source: { file: 'apps/payroll.csv', line } }),
});
const remove = (email: string): Change => ({
  kind: 'membership.remove',
  app: 'Payroll',
  entitlement: 'Admin',
  group: 'Payroll-Admin',
  groupId: '00g1',
  email,
  userId: `00u-${email}`,
  reason: 'not in the CSV',
  destructive: true,
});

/** The files ask for a@x.io and c@x.io in Payroll-Admin. */
const files = {
  desired: model([group('Payroll', 'Admin', ['a@x.io', 'c@x.io'])], { Payroll: {} }),
  campaigns: new Set<string>(),
};
const inFiles = (change: Change) => stillInFiles(change, files);

describe('checkStaleness', () => {
  it('names the files and the change, with its file line, when the files changed and the org did not', () => {
    const check = checkStaleness([add('a@x.io', 2)], [add('a@x.io', 2), add('c@x.io', 3)], {
      orgSame: true,
      filesSame: false,
      inFiles,
    });
    expect(check.ok).toBe(false);
    expect(check.message).toBe(
      'the files changed since this plan was made: 1 change would now be needed that the plan does not hold ' +
        '(add c@x.io to Payroll-Admin (apps/payroll.csv:3)); make a new plan',
    );
  });

  it('names the org and the change when the org changed and the files did not', () => {
    const check = checkStaleness([add('a@x.io', 2)], [add('a@x.io', 2), remove('z@x.io')], {
      orgSame: false,
      filesSame: true,
      inFiles,
    });
    expect(check.ok).toBe(false);
    expect(check.message).toBe(
      'the org changed since this plan was made: 1 change would now be needed that the plan does not hold ' +
        '(remove z@x.io from Payroll-Admin); make a new plan',
    );
  });

  it('blames the files when only they and the people looked up for them changed, not the groups', () => {
    const check = checkStaleness([], [add('c@x.io', 3)], {
      orgSame: false,
      groupsSame: true,
      filesSame: false,
      inFiles,
    });
    expect(check.message).toMatch(/^the files changed since this plan was made: 1 change/);
  });

  it('says both changed when it cannot tell (and for plans without a files fingerprint)', () => {
    const check = checkStaleness([], [remove('z@x.io')], { orgSame: false, filesSame: undefined, inFiles });
    expect(check.message).toMatch(/^the files and the org changed since this plan was made: 1 change/);
  });

  it('drops a planned change the files no longer hold, instead of calling it done', () => {
    const check = checkStaleness([add('a@x.io', 2), add('b@x.io', 3)], [add('a@x.io', 2)], {
      orgSame: true,
      filesSame: false,
      inFiles,
    });
    expect(check.ok).toBe(true);
    expect([...check.dropped]).toEqual(['membership.add:payroll-admin:b@x.io']);
    expect(check.alreadyDone.size).toBe(0);
    expect(check.toExecute).toEqual([add('a@x.io', 2)]);
    expect(check.message).toBe(
      'the files changed since this plan was made, but every remaining change is still valid and no new change ' +
        'appeared (1 planned change is no longer in the files and is dropped)',
    );
  });

  it('tells dropped from done when both sides changed, by what the files ask for now', () => {
    // c@x.io is still in the files (someone added it in Okta); b@x.io is not (the row was deleted).
    const check = checkStaleness([add('b@x.io', 3), add('c@x.io', 4)], [], {
      orgSame: false,
      filesSame: false,
      inFiles,
    });
    expect([...check.dropped]).toEqual(['membership.add:payroll-admin:b@x.io']);
    expect([...check.alreadyDone]).toEqual(['membership.add:payroll-admin:c@x.io']);
  });

  it('counts a planned change as done when only the org changed', () => {
    const check = checkStaleness([add('b@x.io', 3)], [], { orgSame: false, filesSame: true, inFiles });
    expect(check.dropped.size).toBe(0);
    expect([...check.alreadyDone]).toEqual(['membership.add:payroll-admin:b@x.io']);
  });

  it('blames the date when neither side changed (a campaign start came)', () => {
    const launch: Change = {
      kind: 'campaign.launch',
      app: 'Payroll',
      campaign: 'Q1',
      reason: 'start date reached',
      destructive: false,
    };
    const check = checkStaleness([], [launch], { orgSame: true, filesSame: true, inFiles });
    expect(check.message).toMatch(
      /^neither the files nor the org changed, but the date did: .*launch campaign "Q1"/,
    );
  });
});

describe('stillInFiles', () => {
  it('reads additions and removals against the files', () => {
    expect(inFiles(add('a@x.io'))).toBe(true);
    expect(inFiles(add('b@x.io'))).toBe(false);
    expect(inFiles(remove('b@x.io'))).toBe(true);
    expect(inFiles(remove('a@x.io'))).toBe(false);
  });
});

describe('describeChange', () => {
  it('says what the change does and where the files ask for it', () => {
    expect(describeChange(add('a@x.io', 7))).toBe('add a@x.io to Payroll-Admin (apps/payroll.csv:7)');
  });
});
