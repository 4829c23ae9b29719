import { UserError } from '../model/errors.js';
import type { OktaPort, OktaUserRecord } from '../okta/port.js';
import { pageSizes } from '../read/actual.js';
import { mapGroups, type SkippedGroup } from './mapping.js';
import type { ImportedApp, ImportedMember } from './render.js';

export interface ImportReadOptions {
  readonly app: string;
  readonly naming: string;
  readonly marker: string;
  readonly groupPrefix?: string;
  readonly onProgress?: (step: string, done: number, total: number) => void;
}

export interface ImportRead {
  readonly app: ImportedApp;
  readonly appId: string;
  readonly skipped: readonly SkippedGroup[];
  /** People the CSV cannot hold as they are (no email, no name), with why. */
  readonly warnings: readonly string[];
  /** Group ids of the imported entitlements (campaign import matches targets against them). */
  readonly groupIds: ReadonlySet<string>;
  /** Every user read, by id (campaign import names reviewers by email). */
  readonly usersById: ReadonlyMap<string, OktaUserRecord>;
  /** Every group of the org, by id (campaign import names reviewer and principal groups). */
  readonly groupNamesById: ReadonlyMap<string, string>;
}

/** Ids OR-ed in one `filter` when looking managers up; keeps URLs short, as the email search does. */
const idsPerFilter = 20;

/**
 * Reads one app for import, set-wise: the app by label, its assigned groups, all groups in one list (with member
 * counts), the members of each entitlement group Okta does not report empty, then the managers no member list
 * named — by id filter, 20 a request, or one list of all users when that takes fewer requests.
 */
export async function readForImport(port: OktaPort, options: ImportReadOptions): Promise<ImportRead> {
  const found = (await port.findAppsByLabel(options.app)).filter((app) => app.label === options.app);
  const active = found.filter((app) => app.status === 'ACTIVE');
  const chosen = active.length === 1 ? active[0] : found.length === 1 ? found[0] : undefined;
  if (chosen === undefined) {
    throw found.length === 0
      ? new UserError('IMPORT_APP_NOT_FOUND', `Okta has no app labelled "${options.app}"`, {
          hint: 'the label is compared exactly, as the Admin Console shows it',
        })
      : new UserError(
          'IMPORT_APP_AMBIGUOUS',
          `Okta has ${found.length} apps labelled "${options.app}" (${found.map((app) => app.id).join(', ')})`,
          { hint: 'rename or deactivate the others so that one active app carries the label' },
        );
  }
  const assigned = new Set(await port.listAppGroupIds(chosen.id));
  const groups = await port.listGroups({ stats: true });
  const candidates = groups.filter((group) => assigned.has(group.id));
  const mapping = mapGroups(candidates, {
    app: options.app,
    naming: options.naming,
    marker: options.marker,
    ...(options.groupPrefix === undefined ? {} : { groupPrefix: options.groupPrefix }),
  });

  const usersById = new Map<string, OktaUserRecord>();
  const membersOf = new Map<string, OktaUserRecord[]>();
  const counts = new Map(groups.map((group) => [group.id, group.usersCount]));
  const toRead = mapping.entitlements.filter((entitlement) => (counts.get(entitlement.groupId) ?? 1) > 0);
  for (const [index, entitlement] of toRead.entries()) {
    options.onProgress?.('members', index, toRead.length);
    const records = await port.listGroupMembers(entitlement.groupId);
    for (const record of records) usersById.set(record.id, record);
    membersOf.set(entitlement.name, records);
  }

  // Managers: only those no member list named; the cheaper of an id filter per 20 or one list of all users.
  const missing = new Set<string>();
  for (const user of usersById.values()) {
    if (user.managerId !== null && user.managerId !== '' && !usersById.has(user.managerId))
      missing.add(user.managerId);
  }
  if (missing.size > 0) {
    options.onProgress?.('managers', 0, missing.size);
    const everyone = groups.find((group) => group.type === 'BUILT_IN')?.usersCount;
    const filterCost = Math.ceil(missing.size / idsPerFilter);
    const listCost =
      everyone === undefined ? Number.POSITIVE_INFINITY : Math.ceil(everyone / pageSizes.users);
    const records =
      listCost < filterCost
        ? await port.listAllUsers()
        : await port.listUsersByIds([...missing], idsPerFilter);
    for (const record of records) if (!usersById.has(record.id)) usersById.set(record.id, record);
  }

  const warnings: string[] = [];
  const members = new Map<string, ImportedMember[]>();
  for (const entitlement of mapping.entitlements) {
    const seen = new Set<string>();
    const rows: ImportedMember[] = [];
    for (const record of membersOf.get(entitlement.name) ?? []) {
      const email = record.email.trim();
      if (email === '') {
        warnings.push(
          `${record.login || record.id} in ${entitlement.groupName} has no email: left out of the CSV`,
        );
        continue;
      }
      if (seen.has(email.toLowerCase())) {
        warnings.push(
          `${email} is in ${entitlement.groupName} twice (two Okta users share the email): one row`,
        );
        continue;
      }
      seen.add(email.toLowerCase());
      const firstName = (record.firstName ?? '').trim();
      const lastName = (record.lastName ?? '').trim();
      if (firstName === '' || lastName === '')
        warnings.push(`${email} has no first or last name in Okta: fill it in the CSV`);
      rows.push({ email, firstName, lastName, managerEmail: managerEmailOf(record, usersById) });
    }
    members.set(entitlement.name, rows);
  }
  return {
    app: { label: options.app, entitlements: mapping.entitlements, members },
    appId: chosen.id,
    skipped: mapping.skipped,
    warnings,
    groupIds: new Set(mapping.entitlements.map((entitlement) => entitlement.groupId)),
    usersById,
    groupNamesById: new Map(groups.map((group) => [group.id, group.name])),
  };
}

/** `managerId` resolved to the manager's email; else a `manager` attribute that is itself an email; else empty. */
function managerEmailOf(user: OktaUserRecord, usersById: ReadonlyMap<string, OktaUserRecord>): string {
  if (user.managerId !== null && user.managerId !== '') {
    const email = usersById.get(user.managerId)?.email.trim() ?? '';
    if (email !== '') return email;
  }
  const manager = user.manager?.trim() ?? '';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(manager) ? manager : '';
}
