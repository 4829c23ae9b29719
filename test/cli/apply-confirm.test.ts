import { describe, expect, it } from 'vitest';
import { withDeletesAllowed } from '../../src/cli/commands/apply.js';
import type { Change } from '../../src/model/change.js';
import { checkDeleteLimit } from '../../src/plan/build.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { buildPlan } from '../render/plan-fixture.js';

const removal: Change = {
  kind: 'membership.remove',
  app: 'Payroll',
  entitlement: 'Admin',
  group: 'Payroll-Admin',
  groupId: '00g1',
  email: 'ada@example.com',
  userId: '00u1',
  reason: 'not in the CSV',
  destructive: true,
};
const limit = checkDeleteLimit(3, 10, { maxDeletes: 2, maxDeletePercent: 100, percentFloor: 50 }) ?? '';

describe('the plan apply --allow-deletes asks about', () => {
  it('does not print the deletion-limit refusal that --allow-deletes lifts', () => {
    const blocked = buildPlan([removal], {
      applicable: false,
      blockers: [limit],
      deleteLimit: { destructive: 3, maxDeletes: 2, maxDeletePercent: 100, percentFloor: 50, exceeded: true },
    });
    expect(renderPlanText(blocked)).toContain('apply with --allow-deletes');
    const shown = renderPlanText(withDeletesAllowed(blocked));
    expect(shown).not.toContain('cannot be applied');
    expect(shown).not.toContain('--allow-deletes');
  });

  it('keeps any other blocker', () => {
    const blocked = buildPlan([removal], {
      applicable: false,
      blockers: ['1 error must be fixed first', limit],
    });
    const lifted = withDeletesAllowed(blocked);
    expect(lifted.applicable).toBe(false);
    expect(lifted.blockers).toEqual(['1 error must be fixed first']);
  });
});
