import type { Change, DeactivatedPerson, SourcedPerson } from '../model/change.js';
import type { UserSourcing } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { OktaUser } from '../model/org.js';
import type { Person } from '../model/state.js';

/** A user the identity source owns, by lower-cased email (its externalId is the email this tool sent). */
export interface OwnedUser {
  readonly userId: string;
  readonly externalId: string;
  /** The source's app-user status: DEPROVISIONED once the source deactivated the user. */
  readonly status: string;
}

export interface UserDiffInput {
  readonly sourcing: UserSourcing;
  /** Everyone the CSVs name, by lower-cased email. */
  readonly people: ReadonlyMap<string, Person>;
  /** Okta users by lower-cased email (the CSV people and their managers that Okta knows). */
  readonly users: ReadonlyMap<string, OktaUser>;
  /** Users the identity source owns, by lower-cased email. */
  readonly owned: ReadonlyMap<string, OwnedUser>;
}

export interface UserDiffResult {
  readonly changes: Change[];
  /** Emails the `user.source` change upserts: their memberships are planned even when Okta does not know them yet. */
  readonly sourced: ReadonlySet<string>;
  readonly diagnostics: Diagnostic[];
}

/**
 * People × Okta users × the source's users → at most one `user.source` (people Okta does not know, and people the
 * source owns but has deactivated, who are back in a CSV) and at most one `user.deactivate` (people the source owns
 * that no CSV names, only with `users.deactivateRemoved`). Pure. Existing users' profiles are not compared: the
 * CSV is the source of access, not of HR data, and a profile update per run would make every plan non-empty.
 */
export function diffUsers({ sourcing, people, users, owned }: UserDiffInput): UserDiffResult {
  const configSource = sourcing.declared;
  const diagnostics: Diagnostic[] = [];
  const toSource: SourcedPerson[] = [];
  for (const email of [...people.keys()].sort()) {
    const person = people.get(email);
    if (person === undefined) continue;
    const known = users.get(email);
    const mine = owned.get(email);
    const reactivate =
      known !== undefined &&
      mine !== undefined &&
      (mine.status === 'DEPROVISIONED' || known.status === 'DEPROVISIONED');
    if (known !== undefined && !reactivate) continue;
    toSource.push({
      email,
      firstName: person.firstName,
      lastName: person.lastName,
      ...managerOf(person, people, users, owned, diagnostics),
      ...(reactivate ? { reactivate: true } : {}),
      source: person.source,
    });
  }

  const changes: Change[] = [];
  const { identitySourceId } = sourcing;
  if (toSource.length > 0) {
    const fresh = toSource.filter((person) => person.reactivate !== true).length;
    const back = toSource.length - fresh;
    const reasons = [];
    if (fresh > 0)
      reasons.push(`${count(fresh)} ${fresh === 1 ? 'person' : 'people'} in the CSVs unknown to Okta`);
    if (back > 0) reasons.push(`${count(back)} deactivated by the identity source and back in a CSV`);
    changes.push({
      kind: 'user.source',
      identitySourceId,
      people: toSource,
      reason: reasons.join('; '),
      destructive: false,
    });
  }

  const removed: DeactivatedPerson[] = [];
  for (const [email, user] of [...owned].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (people.has(email) || user.status === 'DEPROVISIONED') continue;
    removed.push({ email, externalId: user.externalId, userId: user.userId });
  }
  if (removed.length > 0 && sourcing.deactivateRemoved) {
    changes.push({
      kind: 'user.deactivate',
      identitySourceId,
      people: removed,
      reason: 'the identity source owns them and no CSV names them any more (users.deactivateRemoved)',
      destructive: true,
    });
  } else if (removed.length > 0) {
    diagnostics.push({
      severity: 'warning',
      code: 'SOURCE_USERS_REMOVED',
      message: `${count(removed.length)} user${removed.length === 1 ? '' : 's'} the identity source owns ${removed.length === 1 ? 'is' : 'are'} in no CSV any more and ${removed.length === 1 ? 'is' : 'are'} left active (${removed
        .slice(0, 5)
        .map((user) => user.email)
        .join(', ')}${removed.length > 5 ? ', …' : ''})`,
      hint: 'set users.deactivateRemoved: true to deactivate them through the identity source',
      file: configSource.file,
      line: configSource.line,
      col: configSource.col ?? 1,
    });
  }
  return { changes, sourced: new Set(toSource.map((person) => person.email)), diagnostics };
}

/**
 * How the manager is named in the upsert: by externalId when the source has (or is given) the manager — the import
 * links the two —, by Okta user id when Okta has the manager outside the source. A manager who is neither in a CSV
 * nor in Okta is not sourced (the CSV gives no name for them): the person is sourced without one, with a warning.
 */
function managerOf(
  person: Person,
  people: ReadonlyMap<string, Person>,
  users: ReadonlyMap<string, OktaUser>,
  owned: ReadonlyMap<string, OwnedUser>,
  diagnostics: Diagnostic[],
): { managerEmail?: string; managerExternalId?: string; managerId?: string } {
  const manager = person.managerEmail;
  if (manager === undefined || manager === '' || manager === person.email) return {};
  const known = users.get(manager);
  if (owned.has(manager) || (known === undefined && people.has(manager)))
    return { managerEmail: manager, managerExternalId: manager };
  if (known !== undefined) return { managerEmail: manager, managerId: known.id };
  diagnostics.push({
    severity: 'warning',
    code: 'SOURCE_MANAGER_UNKNOWN',
    message: `the manager ${manager} of ${person.email} is neither in a CSV nor in Okta; ${person.email} is sourced without a manager`,
    hint: 'add a row for the manager (any app), or create the manager in Okta',
    file: person.source.file,
    line: person.source.line,
    col: person.source.col ?? 1,
  });
  return {};
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
