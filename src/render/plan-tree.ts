import { assertNever, type Change, changeKinds, isUserChange, type UserChange } from '../model/change.js';
import type { Plan } from '../model/plan.js';
import type { SourceRef } from '../model/source.js';

/**
 * One Okta group (one entitlement) of an app, with its changes in apply order, then in the order of the lines they
 * come from (a group's members in CSV order, so that line numbers read top-down), then by user email.
 */
export interface GroupNode {
  readonly group: string;
  readonly changes: readonly Change[];
  /** Why the group is left alone, when Okta has it without the ownership marker. */
  readonly unmanaged: string | null;
}

/** One app: its own changes (app.create), then its groups by name. */
export interface AppNode {
  readonly app: string;
  readonly changes: readonly Change[];
  readonly groups: readonly GroupNode[];
}

/** Code-unit order (not locale order), case-insensitive first: the same on every machine. */
export function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const kindOrder = new Map(changeKinds.map((kind, index) => [kind, index]));

function compareChanges(a: Change, b: Change): number {
  const byKind = (kindOrder.get(a.kind) ?? 0) - (kindOrder.get(b.kind) ?? 0);
  if (byKind !== 0) return byKind;
  return compareSources(a.source, b.source) || compareText(changeSubject(a), changeSubject(b));
}

/** File, then line, then column; a change with a source before one without (a removal has no line to point at). */
function compareSources(a: SourceRef | undefined, b: SourceRef | undefined): number {
  if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || (a.col ?? 0) - (b.col ?? 0);
}

/** What a change is about within its group: the user for memberships, else the group, app or campaign. */
function changeSubject(change: Change): string {
  switch (change.kind) {
    case 'membership.add':
    case 'membership.remove':
      return change.email;
    case 'app.create':
      return change.app;
    case 'group.create':
    case 'group.adopt':
    case 'group.update':
    case 'assignment.add':
    case 'assignment.remove':
    case 'group.delete':
      return change.group;
    case 'campaign.create':
    case 'campaign.replace':
    case 'campaign.launch':
    case 'campaign.end':
      return change.campaign;
    case 'user.source':
    case 'user.deactivate':
      return change.identitySourceId;
    default:
      return assertNever(change);
  }
}

/** A change to an access-certification campaign: it has an app and a campaign, never a group. */
export type CampaignChange = Extract<Change, { readonly kind: `campaign.${string}` }>;

export function isCampaignChange(change: Change): change is CampaignChange {
  switch (change.kind) {
    case 'campaign.create':
    case 'campaign.replace':
    case 'campaign.launch':
    case 'campaign.end':
      return true;
    case 'app.create':
    case 'group.create':
    case 'group.adopt':
    case 'group.update':
    case 'assignment.add':
    case 'membership.add':
    case 'membership.remove':
    case 'assignment.remove':
    case 'group.delete':
    case 'user.source':
    case 'user.deactivate':
      return false;
    default:
      return assertNever(change);
  }
}

/**
 * The campaign changes, shown in their own section after the apps: by campaign name, then in apply order, so that
 * a campaign's create is followed by its launch.
 */
export function campaignChanges(changes: readonly Change[]): CampaignChange[] {
  return changes
    .filter(isCampaignChange)
    .sort(
      (a, b) =>
        compareText(a.campaign, b.campaign) || (kindOrder.get(a.kind) ?? 0) - (kindOrder.get(b.kind) ?? 0),
    );
}

/** The campaigns this plan launches (their create is summarized "launch on apply", else "at start date"). */
export function launchedCampaigns(changes: readonly Change[]): ReadonlySet<string> {
  return new Set(changes.flatMap((change) => (change.kind === 'campaign.launch' ? [change.campaign] : [])));
}

/** The user changes, shown in their own section before the apps (they are applied first). */
export function userChanges(changes: readonly Change[]): UserChange[] {
  return changes.filter(isUserChange);
}

interface MutableGroup {
  group: string;
  changes: Change[];
  unmanaged: string | null;
}

interface MutableApp {
  app: string;
  changes: Change[];
  groups: Map<string, MutableGroup>;
}

/**
 * Changes grouped by app and group, in a stable order: apps and groups by name, changes by apply order, then by the
 * file and line they come from (CSV order), then by user.
 * Campaign and user changes are not in the tree (see `campaignChanges`, `userChanges`).
 */
export function planTree(changes: readonly Change[], unmanaged: Plan['unmanaged'] = []): AppNode[] {
  const apps = new Map<string, MutableApp>();
  const appNode = (app: string): MutableApp => {
    let node = apps.get(app);
    if (node === undefined) {
      node = { app, changes: [], groups: new Map() };
      apps.set(app, node);
    }
    return node;
  };
  const groupNode = (app: string, group: string): MutableGroup => {
    const groups = appNode(app).groups;
    const key = group.toLowerCase();
    let node = groups.get(key);
    if (node === undefined) {
      node = { group, changes: [], unmanaged: null };
      groups.set(key, node);
    }
    return node;
  };

  for (const change of changes) {
    if (isCampaignChange(change) || isUserChange(change)) continue;
    if (change.kind === 'app.create') {
      appNode(change.app).changes.push(change);
      continue;
    }
    groupNode(change.app, change.group).changes.push(change);
  }
  for (const entry of unmanaged) groupNode(entry.app, entry.group).unmanaged = entry.reason;

  return [...apps.values()]
    .sort((a, b) => compareText(a.app, b.app))
    .map((app) => ({
      app: app.app,
      changes: [...app.changes].sort(compareChanges),
      groups: [...app.groups.values()]
        .sort((a, b) => compareText(a.group, b.group))
        .map((group) => ({
          group: group.group,
          changes: [...group.changes].sort(compareChanges),
          unmanaged: group.unmanaged,
        })),
    }));
}
