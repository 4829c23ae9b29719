import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/model/change.js';
import type { Config } from '../../src/model/config.js';
import { buildPlan, checkDeleteLimit, orderChanges } from '../../src/plan/build.js';
import { fingerprintActual } from '../../src/plan/fingerprint.js';
import { group, model, users } from '../diff/model-builder.js';

const config = {
  path: '/repo/okta-access.yaml',
  root: '/repo',
  naming: { group: '{app}-{entitlement}' },
  ownership: { marker: '[managed]' },
  safety: { maxDeletes: 2, maxDeletePercent: 50, percentFloor: 0, protectedGroups: [] },
  apps: ['apps/*.yaml'],
  campaigns: [],
  limits: { maxCsvBytes: 1000 },
  source: { file: 'okta-access.yaml', line: 1 },
} satisfies Config;

const remove = (email: string): Change => ({
  kind: 'membership.remove',
  app: 'Payroll',
  entitlement: 'Admin',
  group: 'Payroll-Admin',
  groupId: '00g1',
  email,
  userId: `00u-${email}`,
  reason: 'r',
  destructive: true,
});
const add = (email: string, groupName = 'Payroll-Admin'): Change => ({
  kind: 'membership.add',
  app: 'Payroll',
  entitlement: 'Admin',
  group: groupName,
  email,
  userId: `00u-${email}`,
  reason: 'r',
  destructive: false,
});

function plan(
  changes: Change[],
  members: string[] = ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io', 'f@x.io'],
) {
  const actual = model([group('Payroll', 'Admin', members, { id: '00g1' })], { Payroll: { id: '0oa1' } });
  return buildPlan({
    config,
    configDisplay: 'okta-access.yaml',
    orgUrl: 'http://127.0.0.1:1',
    commit: null,
    createdAt: '2026-11-23T00:00:00.000Z',
    version: '0.0.0',
    actual,
    fingerprint: 'sha256:x',
    changes,
    unmanaged: [],
    campaigns: [],
    diagnostics: [],
    reads: { requests: 0, byEndpoint: {}, userResolution: 'none', userResolutionReason: '' },
  });
}

describe('buildPlan', () => {
  it('counts changes by kind and stays applicable within the limits', () => {
    const result = plan([add('z@x.io'), remove('a@x.io'), remove('b@x.io')]);
    expect(result.summary).toMatchObject({ total: 3, destructive: 2, managedMemberships: 6 });
    expect(result.summary.byKind['membership.add']).toBe(1);
    expect(result.applicable).toBe(true);
    expect(result.deleteLimit.exceeded).toBe(false);
  });

  it('is not applicable past the absolute limit', () => {
    const result = plan([remove('a@x.io'), remove('b@x.io'), remove('c@x.io')]);
    expect(result.applicable).toBe(false);
    expect(result.deleteLimit).toMatchObject({ destructive: 3, exceeded: true });
    expect(result.blockers).toHaveLength(1);
  });

  it('is not applicable past the percentage of managed memberships', () => {
    const result = plan([remove('a@x.io'), remove('b@x.io')], ['a@x.io', 'b@x.io', 'c@x.io']);
    expect(result.deleteLimit.exceeded).toBe(true);
    expect(result.blockers[0]).toContain(
      '2 destructive changes = 66.7 % of 3 managed memberships; the limit is 50 % (safety.maxDeletePercent, applies from 0 managed)',
    );
  });

  it('is not applicable with an error diagnostic', () => {
    const result = buildPlan({
      ...{
        config,
        configDisplay: 'okta-access.yaml',
        orgUrl: 'http://127.0.0.1:1',
        commit: null,
        createdAt: '2026-11-23T00:00:00.000Z',
        version: '0.0.0',
        actual: model([], {}),
        fingerprint: 'sha256:x',
        changes: [],
        unmanaged: [],
        campaigns: [],
        reads: { requests: 0, byEndpoint: {}, userResolution: 'none', userResolutionReason: '' },
      },
      diagnostics: [
        { severity: 'error', code: 'USER_NOT_FOUND', message: 'm', file: 'a.csv', line: 2, col: 1 },
      ],
    });
    expect(result.applicable).toBe(false);
    expect(result.blockers).toEqual(['1 error must be fixed first']);
  });
});

describe('checkDeleteLimit', () => {
  const defaults = { maxDeletes: 100, maxDeletePercent: 10, percentFloor: 50 };

  it('lets a small repository remove 2 of 14 memberships: the percentage applies only from the floor', () => {
    expect(checkDeleteLimit(2, 14, defaults)).toBeUndefined();
    expect(checkDeleteLimit(49, 49, defaults)).toBeUndefined();
  });

  it('applies the percentage from the floor on, stating the share and the limit apart', () => {
    expect(checkDeleteLimit(5, 50, defaults)).toBeUndefined();
    expect(checkDeleteLimit(6, 50, defaults)).toBe(
      '6 destructive changes exceed the limits of okta-access.yaml: 6 destructive changes = 12 % of 50 managed ' +
        'memberships; the limit is 10 % (safety.maxDeletePercent, applies from 50 managed); ' +
        'apply with --allow-deletes if they are intended',
    );
  });

  it('keeps safety.maxDeletes below the floor', () => {
    const blocker = checkDeleteLimit(3, 14, { ...defaults, maxDeletes: 2 });
    expect(blocker).toBe(
      '3 destructive changes exceed the limits of okta-access.yaml: the limit is 2 (safety.maxDeletes); ' +
        'apply with --allow-deletes if they are intended',
    );
  });

  it('names both limits when both are exceeded, and one change in the singular', () => {
    expect(checkDeleteLimit(1, 2, { maxDeletes: 0, maxDeletePercent: 10, percentFloor: 0 })).toBe(
      '1 destructive change exceeds the limits of okta-access.yaml: the limit is 0 (safety.maxDeletes); ' +
        '1 destructive change = 50 % of 2 managed memberships; the limit is 10 % (safety.maxDeletePercent, applies from 0 managed); ' +
        'apply with --allow-deletes if they are intended',
    );
  });

  it('never divides by zero', () => {
    expect(checkDeleteLimit(0, 0, { maxDeletes: 0, maxDeletePercent: 0, percentFloor: 0 })).toBeUndefined();
  });
});

describe('orderChanges', () => {
  it('puts changes in apply order, then by group and email', () => {
    const ordered = orderChanges([
      remove('b@x.io'),
      add('b@x.io', 'Payroll-Viewer'),
      {
        kind: 'group.create',
        app: 'Payroll',
        entitlement: 'Viewer',
        group: 'Payroll-Viewer',
        description: '',
        reason: '',
        destructive: false,
      },
      add('a@x.io', 'Payroll-Viewer'),
      add('c@x.io'),
    ]);
    expect(ordered.map((c) => `${c.kind} ${'email' in c ? c.email : ''}`)).toEqual([
      'group.create ',
      'membership.add c@x.io',
      'membership.add a@x.io',
      'membership.add b@x.io',
      'membership.remove b@x.io',
    ]);
  });
});

describe('fingerprintActual', () => {
  it('is stable for the same state and changes with any member', () => {
    const a = model([group('Payroll', 'Admin', ['a@x.io', 'b@x.io'], { id: '00g1' })], {
      Payroll: { id: '0oa1' },
    });
    const b = model([group('Payroll', 'Admin', ['b@x.io', 'a@x.io'], { id: '00g1' })], {
      Payroll: { id: '0oa1' },
    });
    const c = model([group('Payroll', 'Admin', ['a@x.io'], { id: '00g1' })], { Payroll: { id: '0oa1' } });
    expect(fingerprintActual(a, users([]))).toBe(fingerprintActual(b, users([])));
    expect(fingerprintActual(a, users([]))).not.toBe(fingerprintActual(c, users([])));
    expect(fingerprintActual(a, users([]))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
