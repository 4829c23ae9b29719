import type { SeedApp, SeedDocument } from './seed.js';

/** One person as an access repository's CSV rows give them. */
export interface RowPerson {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** The manager's email (managerEmail), when the rows give one. */
  readonly managerEmail?: string;
}

/** What an access repository says Okta holds before the tool first runs, as plain values (no file format). */
export interface RepositoryRows {
  /** The people of the CSVs: created ACTIVE, login = email, unless `sourced`. */
  readonly people: readonly RowPerson[];
  /** The tool sources the people itself (user sourcing): they are not created, their managers outside the CSVs are. */
  readonly sourced?: boolean;
  /** Other emails the repository names (campaign reviewers, fallback reviewers, principals): created as people. */
  readonly otherEmails?: readonly string[];
  /** Apps the files expect Okta to have (no `create:`), by label, or by id when the file pins one. */
  readonly apps?: readonly { readonly label: string; readonly id?: string }[];
  /**
   * Groups the files expect Okta to have: campaign reviewer and principal groups, and adopted entitlement groups
   * (with their members, assigned to their app when the app is one of `apps`).
   */
  readonly groups?: readonly {
    readonly name: string;
    readonly members?: readonly string[];
    readonly app?: string;
  }[];
  /** The identity source the config names (user sourcing). */
  readonly identitySourceId?: string;
}

/** What `seedFromRows` adds besides the people of the CSVs, for the emulator to say. */
export interface RowSeed {
  readonly seed: SeedDocument;
  /** Managers and campaign names that are no CSV row: created with names made from their email. */
  readonly extraPeople: number;
}

/** Okta's profile gives firstName and lastName 50 characters. */
const nameMax = 50;

/**
 * The org an access repository expects before its first apply: its people (and every person it names outside the
 * CSVs: managers, reviewers), the apps it does not create, the groups it does not create but names, and its
 * identity source. Never the groups, assignments, memberships or apps the tool itself creates: those are what the
 * first plan shows. Pure.
 */
export function seedFromRows(rows: RepositoryRows): RowSeed {
  const users = new Map<string, NonNullable<SeedDocument['users']>[number]>();
  const csvPeople = new Set(rows.people.map((person) => person.email.toLowerCase()));
  const extra = new Set<string>();
  const wanted = (email: string) => {
    const key = email.toLowerCase();
    if (!csvPeople.has(key) && !users.has(key)) extra.add(key);
  };
  if (rows.sourced !== true) {
    for (const person of rows.people) {
      const key = person.email.toLowerCase();
      if (users.has(key)) continue;
      users.set(key, {
        email: person.email,
        firstName: person.firstName,
        lastName: person.lastName,
        ...(person.managerEmail === undefined || person.managerEmail === ''
          ? {}
          : { manager: person.managerEmail.toLowerCase() }),
      });
    }
  }
  for (const person of rows.people) {
    if (person.managerEmail !== undefined && person.managerEmail !== '') wanted(person.managerEmail);
  }
  for (const email of rows.otherEmails ?? []) wanted(email);
  for (const email of extra) {
    if (users.has(email)) continue;
    users.set(email, { email, ...namesFromEmail(email) });
  }
  const apps: SeedApp[] = (rows.apps ?? []).map((app) => ({
    label: app.label,
    ...(app.id === undefined ? {} : { id: app.id }),
    groups: (rows.groups ?? []).filter((group) => group.app === app.label).map((group) => group.name),
  }));
  const groups = uniqueBy(rows.groups ?? [], (group) => group.name.toLowerCase()).map((group) => ({
    name: group.name,
    members: [...new Set((group.members ?? []).map((email) => email.toLowerCase()))].filter((email) =>
      users.has(email),
    ),
  }));
  return {
    seed: {
      users: [...users.values()],
      ...(groups.length === 0 ? {} : { groups }),
      ...(apps.length === 0 ? {} : { apps }),
      ...(rows.identitySourceId === undefined
        ? {}
        : {
            identitySources: [
              { id: rows.identitySourceId, name: 'Identity source of the access repository' },
            ],
          }),
    },
    extraPeople: extra.size,
  };
}

/** `priya.raman@example.com` → Priya Raman; `admin@example.com` → Admin Example. */
export function namesFromEmail(email: string): { firstName: string; lastName: string } {
  const [local = '', domain = ''] = email.split('@');
  const parts = local.split(/[._+-]+/).filter((part) => part !== '');
  const first = parts[0] ?? (local === '' ? 'Unknown' : local);
  const rest = parts.length > 1 ? parts.slice(1).join(' ') : (domain.split('.')[0] ?? '') || 'Unknown';
  return { firstName: capitalised(first).slice(0, nameMax), lastName: capitalised(rest).slice(0, nameMax) };
}

function capitalised(text: string): string {
  return text
    .split(' ')
    .map((word) => (word === '' ? word : `${word.charAt(0).toUpperCase()}${word.slice(1)}`))
    .join(' ');
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
