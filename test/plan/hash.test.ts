import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/model/change.js';
import { planHash } from '../../src/plan/hash.js';

const change: Change = {
  kind: 'membership.add',
  app: 'Payroll',
  entitlement: 'Admin',
  group: 'Payroll-Admin',
  email: 'ada@example.com',
  destructive: false,
  reason: 'in apps/payroll.csv',
  source: { file: 'apps/payroll.csv', line: 2, col: 1 },
};
const commit = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

describe('planHash', () => {
  it('without a binding is the hash of the changes alone, as saved plans and journals have always used', () => {
    const essence = JSON.stringify([
      {
        kind: 'membership.add',
        app: 'Payroll',
        entitlement: 'Admin',
        group: 'Payroll-Admin',
        email: 'ada@example.com',
        destructive: false,
      },
    ]);
    expect(planHash({ changes: [change] })).toBe(
      `sha256:${createHash('sha256').update(essence).digest('hex')}`,
    );
    expect(planHash({ changes: [] })).toBe(`sha256:${createHash('sha256').update('[]').digest('hex')}`);
  });

  it('bound to a head commit and a config, differs for another commit, another config, or none', () => {
    const bound = planHash({ changes: [change] }, { commit, config: 'okta-access.yaml' });
    expect(bound).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(bound).not.toBe(planHash({ changes: [change] }));
    expect(planHash({ changes: [change] }, { commit: 'f'.repeat(40), config: 'okta-access.yaml' })).not.toBe(
      bound,
    );
    expect(planHash({ changes: [change] }, { commit, config: 'teams/okta-access.yaml' })).not.toBe(bound);
    // The same commit however GitHub cases it; the source and reason of a change still do not count.
    const moved: Change = { ...change, source: { file: 'apps/payroll.csv', line: 9, col: 1 } };
    expect(planHash({ changes: [moved] }, { commit: commit.toUpperCase(), config: 'okta-access.yaml' })).toBe(
      bound,
    );
  });
});
