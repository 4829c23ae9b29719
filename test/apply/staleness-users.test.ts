import { describe, expect, it } from 'vitest';
import { checkStaleness, type StalenessContext } from '../../src/apply/staleness.js';
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

/** The org changed (an earlier run sourced people), the files did not. */
const orgChanged: StalenessContext = { orgSame: false, filesSame: true, inFiles: () => true };

describe('checkStaleness with user changes', () => {
  it('goes on with fewer people than planned (an earlier run sourced some): the fresh change is executed', () => {
    const check = checkStaleness([sourcing('a@x.io', 'b@x.io')], [sourcing('b@x.io')], orgChanged);
    expect(check.ok).toBe(true);
    expect(check.toExecute).toEqual([sourcing('b@x.io')]);
  });

  it('refuses when a person the plan did not show would now be sourced', () => {
    const check = checkStaleness([sourcing('a@x.io')], [sourcing('a@x.io', 'c@x.io')], orgChanged);
    expect(check.ok).toBe(false);
    expect(check.message).toBe(
      'the org changed since this plan was made: 1 change would now be needed that the plan does not hold ' +
        '(source 2 people (a@x.io, c@x.io)); make a new plan',
    );
  });

  it('counts the change as done when everyone is sourced already', () => {
    const check = checkStaleness([sourcing('a@x.io')], [], orgChanged);
    expect(check.ok).toBe(true);
    expect([...check.alreadyDone]).toEqual(['user.source:0oasrc']);
  });
});
