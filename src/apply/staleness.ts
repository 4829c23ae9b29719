import { type Change, changeKey } from '../model/change.js';

export interface StalenessCheck {
  /** True when apply may go on. */
  readonly ok: boolean;
  /** For people: what differs, or why it is still safe. */
  readonly message: string;
  /** Planned changes the org already holds (done by an earlier run, or by someone else). */
  readonly alreadyDone: ReadonlySet<string>;
  /** The changes to execute: the fresh versions (with today's ids) of the planned changes still needed. */
  readonly toExecute: readonly Change[];
}

/**
 * Compares the plan with a diff made now. Fresh changes must all be planned ones (by key, and for descriptions by
 * content): then apply goes on with those, and planned changes that are no longer needed are already done. A fresh
 * change the plan does not hold means the org or the files changed in a way the reviewers did not see: refuse.
 */
export function checkStaleness(
  planned: readonly Change[],
  fresh: readonly Change[],
  fingerprintMatches: boolean,
): StalenessCheck {
  const plannedByKey = new Map(planned.map((change) => [changeKey(change), change]));
  const unexpected: string[] = [];
  const toExecute: Change[] = [];
  for (const change of fresh) {
    const key = changeKey(change);
    const plannedChange = plannedByKey.get(key);
    if (plannedChange === undefined || !sameContent(plannedChange, change)) unexpected.push(key);
    else toExecute.push(change);
  }
  const freshKeys = new Set(fresh.map(changeKey));
  const alreadyDone = new Set([...plannedByKey.keys()].filter((key) => !freshKeys.has(key)));
  if (unexpected.length > 0) {
    const shown = unexpected.slice(0, 10).join(', ');
    return {
      ok: false,
      message:
        `the org changed since this plan was made: ${unexpected.length} change${unexpected.length === 1 ? '' : 's'} ` +
        `would now be needed that the plan does not hold (${shown}${unexpected.length > 10 ? ', …' : ''}); make a new plan`,
      alreadyDone,
      toExecute: [],
    };
  }
  if (fingerprintMatches) {
    return { ok: true, message: 'the org is as it was when the plan was made', alreadyDone, toExecute };
  }
  return {
    ok: true,
    message:
      `the org changed since this plan was made, but every remaining change is still valid and no new change appeared` +
      (alreadyDone.size > 0
        ? ` (${alreadyDone.size} planned change${alreadyDone.size === 1 ? ' is' : 's are'} already done)`
        : ''),
    alreadyDone,
    toExecute,
  };
}

function samePeople(
  planned: { readonly people: readonly { readonly email: string }[] },
  fresh: { readonly people: readonly { readonly email: string }[] },
): boolean {
  const emails = new Set(planned.people.map((person) => person.email));
  return fresh.people.every((person) => emails.has(person.email));
}

function sameContent(planned: Change, fresh: Change): boolean {
  if (planned.kind === 'group.adopt' && fresh.kind === 'group.adopt')
    return planned.description.to === fresh.description.to;
  if (planned.kind === 'group.update' && fresh.kind === 'group.update')
    return planned.description.to === fresh.description.to;
  if (planned.kind === 'group.create' && fresh.kind === 'group.create')
    return planned.description === fresh.description;
  if (planned.kind === 'app.create' && fresh.kind === 'app.create') return planned.url === fresh.url;
  // Fewer people than planned is an earlier run's progress; anyone the plan did not show is new.
  if (planned.kind === 'user.source' && fresh.kind === 'user.source') return samePeople(planned, fresh);
  if (planned.kind === 'user.deactivate' && fresh.kind === 'user.deactivate')
    return samePeople(planned, fresh);
  return true;
}
