import type { Diagnostic } from '../model/diagnostic.js';
import type { Member, OktaUser, OrgApp, OrgGroup, OrgModel } from '../model/org.js';
import { carriesMarker } from '../model/ownership.js';
import type { OktaGroup, OktaPort, OktaUserRecord } from '../okta/port.js';

export interface ReadOptions {
  readonly marker: string;
  /** The naming rule, to tell which entitlement an orphan managed group stood for. */
  readonly naming: string;
  /** Emails the desired state names (lower-cased), to resolve to Okta users. */
  readonly emails: ReadonlySet<string>;
  /** Called as the read progresses (for a progress line on long reads). */
  readonly onProgress?: (step: string, done: number, total: number) => void;
}

export interface ActualRead {
  readonly actual: OrgModel;
  readonly users: Map<string, OktaUser>;
  readonly diagnostics: Diagnostic[];
  readonly userResolution: 'none' | 'search' | 'list';
  readonly userResolutionReason: string;
  /** Every group of the org by lower-cased name (campaigns name principal and reviewer groups). */
  readonly groupIdsByName: ReadonlyMap<string, string>;
}

/** Emails OR-ed in one user search; Okta's URLs stay well under their length limit at this size. */
export const emailsPerSearch = 20;
/** Okta's page sizes for the lists the read uses. */
export const pageSizes = { users: 200, groups: 10_000, members: 1000, appGroups: 200 } as const;

/**
 * Reads the part of Okta the desired state is about, set-wise, never per CSV row:
 * each app by label and its assigned groups; all groups in one list with member counts; the members of each
 * managed group Okta does not report empty; then the users no member list already named, by whichever is cheaper —
 * a search per 20 emails, or one paged list of all users.
 */
export async function readActual(
  port: OktaPort,
  desired: OrgModel,
  options: ReadOptions,
): Promise<ActualRead> {
  const diagnostics: Diagnostic[] = [];
  const apps = await readApps(port, desired, diagnostics, options.onProgress);
  const groups = await port.listGroups({ stats: true });
  const byId = new Map(groups.map((group) => [group.id, group]));
  const everyone = groups.find((group) => group.type === 'BUILT_IN');

  // The groups that matter: those with a desired name, and managed groups assigned to one of the repository's apps.
  const relevant = new Map<string, { group: OktaGroup; app: string; entitlement: string }>();
  for (const group of groups) {
    const key = group.name.toLowerCase();
    const wanted = desired.groups.get(key);
    if (wanted !== undefined) relevant.set(key, { group, app: wanted.app, entitlement: wanted.entitlement });
  }
  for (const app of apps.values()) {
    for (const groupId of app.assigned) {
      const group = byId.get(groupId);
      if (group === undefined) continue;
      const key = group.name.toLowerCase();
      if (desired.groups.has(key) || !isManaged(group, options.marker)) continue;
      relevant.set(key, {
        group,
        app: app.label,
        entitlement: entitlementOf(group.name, app.label, options.naming),
      });
    }
  }
  for (const app of apps.values()) {
    for (const groupId of app.assigned) {
      const group = byId.get(groupId);
      if (group !== undefined && relevant.has(group.name.toLowerCase()))
        app.assignedGroups.add(group.name.toLowerCase());
    }
  }

  const users = new Map<string, OktaUser>();
  const remember = (record: OktaUserRecord) => {
    const email = record.email.toLowerCase();
    if (!users.has(email) || record.status !== 'DEPROVISIONED') {
      users.set(email, { id: record.id, email, login: record.login, status: record.status });
    }
  };
  const model: OrgModel = { apps: new Map(), groups: new Map() };
  // Managed groups, and the groups the app files adopt (their members are compared as if already managed).
  const toRead = [...relevant.values()].filter(
    ({ group }) =>
      (isManaged(group, options.marker) || desired.groups.get(group.name.toLowerCase())?.adopt === true) &&
      group.type === 'OKTA_GROUP' &&
      (group.usersCount ?? 1) > 0,
  );
  let step = 0;
  for (const [key, { group, app, entitlement }] of relevant) {
    const managed = isManaged(group, options.marker);
    const members = new Map<string, Member>();
    if (toRead.some((entry) => entry.group === group)) {
      options.onProgress?.('members', step++, toRead.length);
      for (const record of await port.listGroupMembers(group.id)) {
        members.set(record.email.toLowerCase(), { userId: record.id });
        remember(record);
      }
    }
    const orgGroup: OrgGroup = {
      name: group.name,
      description: group.description,
      app,
      entitlement,
      id: group.id,
      managed,
      type: group.type,
      members,
    };
    model.groups.set(key, orgGroup);
  }
  for (const app of apps.values()) {
    model.apps.set(app.label, {
      label: app.label,
      assignedGroups: app.assignedGroups,
      ...(app.id === undefined ? {} : { id: app.id }),
    });
  }

  // Users: only those no member list named. Choose the cheaper way to find them.
  const missing = [...options.emails].filter((email) => !users.has(email)).sort();
  let userResolution: ActualRead['userResolution'] = 'none';
  let userResolutionReason = 'every email was found among the members already read';
  if (missing.length > 0) {
    const searchCost = Math.ceil(missing.length / emailsPerSearch);
    const orgUsers = everyone?.usersCount;
    const listCost =
      orgUsers === undefined ? Number.POSITIVE_INFINITY : Math.max(1, Math.ceil(orgUsers / pageSizes.users));
    if (listCost < searchCost) {
      userResolution = 'list';
      userResolutionReason = `${missing.length} emails to find: listing all ${orgUsers} users takes ${requests(listCost)}, searching ${requests(searchCost)}`;
      for (const record of await port.listAllUsers()) remember(record);
    } else {
      userResolution = 'search';
      userResolutionReason = `${missing.length} emails to find: searching takes ${requests(searchCost)}${Number.isFinite(listCost) ? `, listing all users ${requests(listCost)}` : ''}`;
      for (const record of await port.searchUsersByEmail(missing, emailsPerSearch)) remember(record);
    }
  }
  const groupIdsByName = new Map(groups.map((group) => [group.name.toLowerCase(), group.id]));
  return { actual: model, users, diagnostics, userResolution, userResolutionReason, groupIdsByName };
}

/** An app as read: its id and the ids of every group assigned to it. */
export type ReadApp = OrgApp & { assigned: Set<string> };

/**
 * The desired apps in Okta: one list of all apps when it takes fewer pages than there are labels to look up, else
 * each by label (or by the app file's id); then each app's assigned groups. Ambiguous labels are diagnosed.
 */
export async function readApps(
  port: OktaPort,
  desired: OrgModel,
  diagnostics: Diagnostic[],
  onProgress?: (step: string, done: number, total: number) => void,
): Promise<Map<string, ReadApp>> {
  const apps = new Map<string, ReadApp>();
  let step = 0;
  // Apps: one list of all apps when it takes fewer pages than there are labels to look up; else by label.
  const labels = desired.apps.size;
  const listed = labels > 1 ? await port.listApps(labels - 1) : { apps: [], complete: false };
  for (const app of desired.apps.values()) {
    onProgress?.('apps', step++, desired.apps.size);
    // The app file's id: names the app whatever its label and sign-on mode.
    const pinned = app.pinnedId;
    if (pinned !== undefined) {
      const byId = listed.complete
        ? listed.apps.find((candidate) => candidate.id === pinned)
        : await port.getApp(pinned);
      if (byId !== undefined) {
        const groupIds = new Set(await port.listAppGroupIds(byId.id));
        apps.set(app.label, { label: app.label, id: byId.id, assignedGroups: new Set(), assigned: groupIds });
      }
      continue;
    }
    // A partial list could hide a second app with the same label: look every label up then.
    const pool = listed.complete ? listed.apps : await port.findAppsByLabel(app.label);
    const found = pool.filter((candidate) => candidate.label === app.label);
    const active = found.filter((candidate) => candidate.status === 'ACTIVE');
    const chosen = active.length === 1 ? active[0] : found.length === 1 ? found[0] : undefined;
    if (found.length > 1 && chosen === undefined) {
      diagnostics.push({
        severity: 'error',
        code: 'APP_AMBIGUOUS',
        message: `Okta has ${found.length} ${active.length > 1 ? 'active ' : ''}apps labelled "${app.label}": ${found.map((a) => `${a.id} (${a.name === '' ? 'app' : a.name}, ${a.status})`).join(', ')}`,
        hint: `set id: in ${app.source?.file ?? 'the app file'} to the one to manage (for example id: ${found[0]?.id ?? '0oa…'}), or rename the others in Okta`,
        file: app.source?.file ?? 'okta-access.yaml',
        line: app.source?.line ?? 1,
        col: 1,
      });
      continue;
    }
    if (chosen === undefined) continue;
    const groupIds = new Set(await port.listAppGroupIds(chosen.id));
    apps.set(app.label, { label: app.label, id: chosen.id, assignedGroups: new Set(), assigned: groupIds });
  }

  return apps;
}

function requests(count: number): string {
  return `${count} request${count === 1 ? '' : 's'}`;
}

/** The group carries the ownership marker where the tool writes it (never as a substring of other text). */
export function isManaged(group: { description: string | null }, marker: string): boolean {
  return carriesMarker(group.description, marker);
}

/** Inverts the naming rule for a group name, when it fits; otherwise the whole name stands for the entitlement. */
export function entitlementOf(name: string, app: string, naming: string): string {
  const [before = '', after = ''] = naming.split('{entitlement}');
  const prefix = before.replaceAll('{app}', app);
  const suffix = after.replaceAll('{app}', app);
  if (name.startsWith(prefix) && name.endsWith(suffix) && name.length > prefix.length + suffix.length) {
    return name.slice(prefix.length, name.length - suffix.length);
  }
  return name;
}
