import { campaignGroupNames } from '../campaigns/body.js';
import { desiredOrg } from '../diff/desired.js';
import type { Change } from '../model/change.js';
import type { OrgApp, OrgGroup, OrgModel } from '../model/org.js';
import type { PlanScope, ScopeDecision } from '../model/scope.js';
import type { DesiredState } from '../model/state.js';
import { fullReadCost, type ReadCostInput, scopedReadCost } from '../read/cost.js';

export interface ScopeInput {
  /** The desired state at the merge base (the state the main line already holds). */
  readonly base: DesiredState;
  /** The desired state planned (the change's head, as checked out). */
  readonly head: DesiredState;
  /** The root config's bytes differ between the base and the head (any edit, even a comment). */
  readonly configChanged: boolean;
  readonly baseCommit: string;
  readonly headCommit: string | null;
}

/** The touched part of two desired orgs: groups whose declaration or rows differ, and apps whose file differs. */
export interface Touched {
  readonly groups: ReadonlySet<string>;
  readonly apps: ReadonlySet<string>;
  /** Groups that exist on one side only (an entitlement added or removed). */
  readonly addedOrRemoved: ReadonlySet<string>;
}

/**
 * What a change of the access repository touches, by comparing the desired state at the merge base with the one
 * planned — so renamed files, moved rows and changed globs count by what they change, not by the file names. Any
 * change the comparison cannot bound (the root config, user sourcing, campaigns that name a touched object) and a
 * scope whose read costs as much as the full read give a full plan, with the reason. Pure.
 */
export function decideScope(input: ScopeInput): ScopeDecision {
  const { base, head } = input;
  if (input.configChanged) {
    return {
      kind: 'full',
      reason: 'config-changed',
      detail:
        'okta-access.yaml changed (naming, marker, safety, globs or sourcing decide what every group is)',
    };
  }
  if (head.config.users !== undefined || base.config.users !== undefined) {
    return {
      kind: 'full',
      reason: 'user-sourcing',
      detail: 'users are sourced from the CSVs: the identity source is reconciled as a whole',
    };
  }
  const baseOrg = desiredOrg(base);
  const headOrg = desiredOrg(head);
  const touched = touchedObjects(baseOrg, headOrg);
  const campaign = campaignConflict(base, head, touched);
  if (campaign !== undefined) return { kind: 'full', reason: 'campaign-changed', detail: campaign };
  const scope: PlanScope = {
    base: input.baseCommit,
    head: input.headCommit,
    ...scopeOfOrgs(baseOrg, headOrg, touched),
  };
  const cost: ReadCostInput = { desired: headOrg, base: baseOrg, scope };
  const scoped = scopedReadCost(cost);
  const full = fullReadCost(cost);
  if (scoped >= full) {
    return {
      kind: 'full',
      reason: 'full-read-cheaper',
      detail: `reading the ${scope.groups.length} touched groups takes about ${scoped} requests, the whole org about ${full}`,
    };
  }
  return { kind: 'scoped', scope };
}

/**
 * Groups whose desired declaration differs (name, description, adoption, app, members) or that exist on one side
 * only; apps whose declaration differs (id, creation) or that exist on one side only, and with them every group of
 * theirs on either side. Pure.
 */
export function touchedObjects(base: OrgModel, head: OrgModel): Touched {
  const groups = new Set<string>();
  const addedOrRemoved = new Set<string>();
  for (const key of new Set([...base.groups.keys(), ...head.groups.keys()])) {
    const before = base.groups.get(key);
    const after = head.groups.get(key);
    if (before === undefined || after === undefined) {
      groups.add(key);
      addedOrRemoved.add(key);
    } else if (groupSignature(before) !== groupSignature(after)) groups.add(key);
  }
  const apps = new Set<string>();
  for (const label of new Set([...base.apps.keys(), ...head.apps.keys()])) {
    const before = base.apps.get(label);
    const after = head.apps.get(label);
    if (before === undefined || after === undefined || appSignature(before) !== appSignature(after)) {
      apps.add(label);
      for (const side of [base, head]) {
        for (const [key, group] of side.groups) if (group.app === label) groups.add(key);
      }
    }
  }
  return { groups, apps, addedOrRemoved };
}

/**
 * The groups and apps a scoped plan reads for two desired orgs: the touched groups, and the touched apps the head
 * declares with the head's apps of the touched groups. Pure.
 */
export function scopeOfOrgs(
  base: OrgModel,
  head: OrgModel,
  touched: Touched = touchedObjects(base, head),
): Pick<PlanScope, 'groups' | 'apps' | 'declaredGroups'> {
  const apps = new Set([...touched.apps].filter((label) => head.apps.has(label)));
  for (const key of touched.groups) {
    const app = head.groups.get(key)?.app ?? base.groups.get(key)?.app;
    if (app !== undefined && head.apps.has(app)) apps.add(app);
  }
  return {
    groups: [...touched.groups].sort(byText),
    apps: [...apps].sort(byText),
    declaredGroups: head.groups.size,
  };
}

/**
 * A campaign's body is made of every group it reviews and names: when a campaign changed, or one reviews an app whose
 * entitlements were added or removed or names a touched group, the campaigns are planned in full.
 */
function campaignConflict(base: DesiredState, head: DesiredState, touched: Touched): string | undefined {
  for (const name of new Set([...base.campaigns.keys(), ...head.campaigns.keys()])) {
    const before = base.campaigns.get(name);
    const after = head.campaigns.get(name);
    if (JSON.stringify(before?.definition) !== JSON.stringify(after?.definition))
      return `campaign "${name}" changed: campaigns are planned against the whole org`;
  }
  const reshaped = new Set<string>(touched.apps);
  for (const key of touched.addedOrRemoved) {
    const app = head.apps.get(appOf(head, key) ?? '') ?? base.apps.get(appOf(base, key) ?? '');
    if (app !== undefined) reshaped.add(app.label);
  }
  for (const { definition } of head.campaigns.values()) {
    const app = definition.resources.find((resource) => reshaped.has(resource.app));
    if (app !== undefined)
      return `campaign "${definition.name}" reviews ${app.app}, whose entitlements or app file changed`;
    const group = campaignGroupNames(definition).find((name) => touched.groups.has(name));
    if (group !== undefined) return `campaign "${definition.name}" names the touched group ${group}`;
  }
  return undefined;
}

function appOf(state: DesiredState, key: string): string | undefined {
  for (const app of state.apps.values()) {
    for (const entitlement of app.entitlements.values())
      if (entitlement.groupName.toLowerCase() === key) return app.label;
  }
  return undefined;
}

/** A scope restricts the desired org to its groups and apps (what the scoped read reads). Pure. */
export function restrictDesired(desired: OrgModel, scope: Pick<PlanScope, 'groups' | 'apps'>): OrgModel {
  const groups = new Set(scope.groups);
  const apps = new Set(scope.apps);
  const model: OrgModel = { apps: new Map(), groups: new Map() };
  for (const [key, group] of desired.groups) if (groups.has(key)) model.groups.set(key, group);
  for (const [label, app] of desired.apps) {
    if (!apps.has(label)) continue;
    model.apps.set(label, {
      ...app,
      assignedGroups: new Set([...app.assignedGroups].filter((key) => groups.has(key))),
    });
  }
  return model;
}

function groupSignature(group: OrgGroup): string {
  return JSON.stringify([
    group.name,
    group.description,
    group.app,
    group.entitlement,
    group.adopt === true,
    [...group.members.keys()].sort(byText),
  ]);
}

function appSignature(app: OrgApp): string {
  return JSON.stringify([app.pinnedId ?? null, app.create ?? null]);
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The change is about an object of the scope: a touched group, or the creation of a scope's app. Pure. */
export function changeInScope(change: Change, scope: Pick<PlanScope, 'groups' | 'apps'>): boolean {
  if (change.kind === 'app.create') return scope.apps.includes(change.app);
  if ('group' in change) return scope.groups.includes(change.group.toLowerCase());
  return false;
}
