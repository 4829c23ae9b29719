import type { Diagnostic } from '../model/diagnostic.js';
import type { OktaUser } from '../model/org.js';
import type { Person } from '../model/state.js';

/**
 * `managerEmail` is checked against the org like `email`: a manager Okta does not know is a warning at the cell (the
 * grant stands; a reviewer expression on `managerId` finds no manager). With user sourcing the identity source's own
 * check (SOURCE_MANAGER_UNKNOWN) says it instead. Pure.
 */
export function checkManagers(
  people: ReadonlyMap<string, Person>,
  users: ReadonlyMap<string, OktaUser>,
  sourcing: boolean,
): Diagnostic[] {
  if (sourcing) return [];
  const diagnostics: Diagnostic[] = [];
  for (const person of people.values()) {
    const manager = person.managerEmail;
    if (manager === undefined || users.has(manager)) continue;
    const at = person.managerSource ?? person.source;
    diagnostics.push({
      severity: 'warning',
      code: 'MANAGER_NOT_FOUND',
      message: `the manager of ${person.email}, ${manager}, is not a user in Okta`,
      hint: 'fix the managerEmail, or create the manager in Okta (campaign reviewers by manager find nobody for this person)',
      file: at.file,
      line: at.line,
      col: at.col ?? 1,
    });
  }
  return diagnostics;
}
