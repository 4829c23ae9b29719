import type { UserChange } from '../model/change.js';
import { formatSource } from '../model/source.js';

/** People listed under a user change in the terminal plan; the rest are counted (the JSON plan has them all). */
export const peopleShown = 20;

/** One person of a user change, as one line: email, name, manager and source (sourcing), or the Okta user id. */
export function personLine(change: UserChange, index: number): string {
  if (change.kind === 'user.deactivate') {
    const person = change.people[index];
    return person === undefined ? '' : `${person.email} (${person.userId})`;
  }
  const person = change.people[index];
  if (person === undefined) return '';
  const parts = [person.email, `${person.firstName} ${person.lastName}`.trim()];
  const manager = person.managerEmail ?? person.managerExternalId ?? person.managerId;
  if (manager !== undefined) parts.push(`manager ${manager}`);
  if (person.reactivate === true) parts.push('reactivated');
  if (person.source !== undefined) parts.push(formatSource(person.source));
  return parts.join('  ');
}

/** The people of a user change, the first `limit` of them, then "… and N more". */
export function personLines(change: UserChange, limit: number = peopleShown): string[] {
  const count = change.people.length;
  const shown = Math.min(count, limit);
  const lines = Array.from({ length: shown }, (_, index) => personLine(change, index));
  if (count > shown)
    lines.push(`… and ${(count - shown).toLocaleString('en-US')} more (the JSON plan lists all)`);
  return lines;
}
