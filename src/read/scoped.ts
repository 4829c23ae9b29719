import type { Diagnostic } from '../model/diagnostic.js';
import type { Member, OktaUser, OrgModel } from '../model/org.js';
import type { PlanScope } from '../model/scope.js';
import type { OktaGroup, OktaPort, OktaUserRecord } from '../okta/port.js';
import {
  type ActualRead,
  emailsPerSearch,
  entitlementOf,
  isManaged,
  pageSizes,
  type ReadOptions,
  readApps,
} from './actual.js';

/** Okta's `q` on groups answers one page of this many prefix matches: past it an exact name may be cut off. */
export const groupQueryLimit = 300;

/**
 * Reads only what a scope touches, with the same rules as readActual applied to those objects: each touched group by
 * its exact name (one `q` request each, or one list of all groups when that takes fewer requests), the members of the
 * managed ones, the scope's apps and their assignments, and the users the desired rows name that no member list
 * already named (searched in batches). `desired` is the desired org restricted to the scope (restrictDesired).
 */
export async function readScoped(
  port: OktaPort,
  desired: OrgModel,
  scope: Pick<PlanScope, 'groups' | 'apps' | 'declaredGroups'>,
  options: ReadOptions,
): Promise<ActualRead> {
  const diagnostics: Diagnostic[] = [];
  const apps = await readApps(port, desired, diagnostics, options.onProgress);
  const found = await findGroups(port, scope);

  // A group the head declares is read as it stands; one the change removed only while a read app holds it.
  const relevant = new Map<string, { group: OktaGroup; app: string; entitlement: string }>();
  for (const [key, group] of found) {
    const wanted = desired.groups.get(key);
    if (wanted !== undefined) {
      relevant.set(key, { group, app: wanted.app, entitlement: wanted.entitlement });
      continue;
    }
    if (!isManaged(group, options.marker)) continue;
    const app = [...apps.values()].find((candidate) => candidate.assigned.has(group.id));
    if (app === undefined) continue;
    relevant.set(key, {
      group,
      app: app.label,
      entitlement: entitlementOf(group.name, app.label, options.naming),
    });
  }
  for (const app of apps.values()) {
    for (const [key, { group }] of relevant) if (app.assigned.has(group.id)) app.assignedGroups.add(key);
  }

  const users = new Map<string, OktaUser>();
  const remember = (record: OktaUserRecord) => {
    const email = record.email.toLowerCase();
    if (!users.has(email) || record.status !== 'DEPROVISIONED') {
      users.set(email, { id: record.id, email, login: record.login, status: record.status });
    }
  };
  const model: OrgModel = { apps: new Map(), groups: new Map() };
  let step = 0;
  for (const [key, { group, app, entitlement }] of relevant) {
    const managed = isManaged(group, options.marker);
    const members = new Map<string, Member>();
    const read =
      (managed || desired.groups.get(key)?.adopt === true) &&
      group.type === 'OKTA_GROUP' &&
      (group.usersCount ?? 1) > 0;
    if (read) {
      options.onProgress?.('members', step++, relevant.size);
      for (const record of await port.listGroupMembers(group.id)) {
        members.set(record.email.toLowerCase(), { userId: record.id });
        remember(record);
      }
    }
    model.groups.set(key, {
      name: group.name,
      description: group.description,
      app,
      entitlement,
      id: group.id,
      managed,
      type: group.type,
      members,
    });
  }
  for (const app of apps.values()) {
    model.apps.set(app.label, {
      label: app.label,
      assignedGroups: app.assignedGroups,
      ...(app.id === undefined ? {} : { id: app.id }),
    });
  }

  const missing = [...options.emails].filter((email) => !users.has(email)).sort();
  let userResolution: ActualRead['userResolution'] = 'none';
  let userResolutionReason = 'every email was found among the members already read';
  if (missing.length > 0) {
    userResolution = 'search';
    const batches = Math.ceil(missing.length / emailsPerSearch);
    userResolutionReason = `${missing.length} emails of the touched rows to find: searching takes ${batches} request${batches === 1 ? '' : 's'}`;
    for (const record of await port.searchUsersByEmail(missing, emailsPerSearch)) remember(record);
  }
  const groupIdsByName = new Map([...found].map(([key, group]) => [key, group.id]));
  return { actual: model, users, diagnostics, userResolution, userResolutionReason, groupIdsByName };
}

/**
 * The touched groups Okta holds, by lower-cased name. One list of all groups (with member counts) when the scope has
 * more groups than the list has pages — the repository's declared groups estimate the org's — else one `q` per name,
 * matched exactly; a `q` answer cut off at its limit without the name falls back to the list.
 */
async function findGroups(
  port: OktaPort,
  scope: Pick<PlanScope, 'groups' | 'declaredGroups'>,
): Promise<Map<string, OktaGroup>> {
  const wanted = new Set(scope.groups);
  const found = new Map<string, OktaGroup>();
  const listPages = Math.max(1, Math.ceil((scope.declaredGroups + 1) / pageSizes.groups));
  const fromList = async () => {
    for (const group of await port.listGroups({ stats: true })) {
      const key = group.name.toLowerCase();
      if (wanted.has(key)) found.set(key, group);
    }
    return found;
  };
  if (wanted.size > listPages) return fromList();
  for (const key of wanted) {
    const matches = await port.findGroupsByName(key);
    const exact = matches.find((group) => group.name.toLowerCase() === key);
    if (exact !== undefined) found.set(key, exact);
    else if (matches.length >= groupQueryLimit) {
      found.clear();
      return fromList();
    }
  }
  return found;
}
