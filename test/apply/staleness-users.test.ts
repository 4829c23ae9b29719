import { describe, expect, it } from 'vitest';
import { checkStaleness } from '../../src/apply/staleness.js';
import type { Change } from '../../src/model/change.js';

function sourcing(...emails: string[]): Change {
  return {
    kind: 'user.source',
    identitySourceId: '0oasrc',
    people: emails.map((email) => ({ email, firstName: 'F', lastName: 'L' })),
    reason: 'unknown to Okta',
    destructive: false,
  };
}

describe('checkStaleness with user changes', () => {
  it('goes on with fewer people than planned (an earlier run sourced some): the fresh change is executed', () => {
    const check = checkStaleness([sourcing('a@x.io', 'b@x.io')], [sourcing('b@x.io')], false);
    expect(check.ok).toBe(true);
    expect(check.toExecute).toEqual([sourcing('b@x.io')]);
  });

  it('refuses when a person the plan did not show would now be sourced', () => {
    const check = checkStaleness([sourcing('a@x.io')], [sourcing('a@x.io', 'c@x.io')], false);
    expect(check.ok).toBe(false);
    expect(check.message).toContain('user.source:0oasrc');
  });

  it('counts the change as done when everyone is sourced already', () => {
    const check = checkStaleness([sourcing('a@x.io')], [], false);
    expect(check.ok).toBe(true);
    expect([...check.alreadyDone]).toEqual(['user.source:0oasrc']);
  });
});
