import { OktaError } from '../errors.js';
import type { ResourceOwnerRecord, Store, UserRecord } from '../store.js';
import type { EmulatorContext, EmulatorRequest, EmulatorResponse, Route } from '../types.js';
import { type JsonRecord, record } from './campaign.js';
import { invalid } from './checks.js';
import { listResponse } from './list.js';
import { appOrn, appsOfGroup, groupOrn, type Orn, ornOf, requireOrn, resolveOrn } from './orn.js';

/**
 * Okta Identity Governance resource owners (`/governance/api/v1/resource-owners`): up to five users or groups own an
 * app or an entitlement group. The emulator's resources are apps and groups; a group's parent resource is each app it
 * is assigned to.
 */
const read = 'okta.governance.resourceOwner.read';
const manage = 'okta.governance.resourceOwner.manage';
const base = '/governance/api/v1/resource-owners';

function displayName(user: UserRecord): string {
  const { firstName, lastName, login } = user.profile;
  const name = [firstName, lastName].filter((part) => typeof part === 'string' && part !== '').join(' ');
  return name !== '' ? name : typeof login === 'string' && login !== '' ? login : user.id;
}

function renderPrincipal(resolved: Orn, store: Store, baseUrl: string): JsonRecord {
  const orgId = store.state.orgId;
  if (resolved.kind === 'user') {
    const user = resolved.record;
    const email = user.profile.email;
    return {
      id: user.id,
      type: 'users',
      orn: ornOf(resolved, orgId),
      profile: {
        id: user.id,
        name: displayName(user),
        ...(typeof email === 'string' && email !== '' ? { email } : {}),
        _links: { self: { href: `${baseUrl}/admin/user/profile/view/${user.id}` } },
      },
    };
  }
  const group = resolved.record as { id: string; profile: { name: string } };
  return {
    id: group.id,
    type: 'groups',
    orn: ornOf(resolved, orgId),
    profile: {
      id: group.id,
      name: group.profile.name,
      metadata: { userAssignmentCount: store.membersOf(group.id).size },
      _links: { self: { href: `${baseUrl}/admin/group/${group.id}` } },
    },
  };
}

/** resource-owner-resource: the resource's id, ORN type (`apps`, `groups`), ORN and profile. */
export function renderOwnedResource(resolved: Orn, store: Store): JsonRecord {
  const orgId = store.state.orgId;
  if (resolved.kind === 'app') {
    const app = resolved.record;
    return {
      id: app.id,
      type: 'apps',
      orn: appOrn(orgId, app),
      profile: { id: app.id, name: app.label, label: app.label },
    };
  }
  const group = resolved.record as { id: string; profile: { name: string; description: string | null } };
  const description = group.profile.description;
  return {
    id: group.id,
    type: 'groups',
    orn: groupOrn(orgId, group.id),
    profile: {
      id: group.id,
      name: group.profile.name,
      ...(description !== null && description !== '' ? { description } : {}),
    },
  };
}

/** The owners still in the org (a deleted user or group no longer owns anything). */
export function livePrincipals(owners: ResourceOwnerRecord | undefined, store: Store): Orn[] {
  const live: Orn[] = [];
  for (const orn of owners?.principalOrns ?? []) {
    const resolved = resolveOrn(orn, store);
    if (resolved !== undefined) live.push(resolved);
  }
  return live;
}

function renderOwner(
  resolved: Orn,
  parentOrn: string | undefined,
  store: Store,
  baseUrl: string,
): JsonRecord {
  const owners = store.state.resourceOwners.get(ornOf(resolved, store.state.orgId));
  return {
    ...(parentOrn === undefined ? {} : { parentResourceOrn: parentOrn }),
    resource: renderOwnedResource(resolved, store),
    principals: livePrincipals(owners, store).map((principal) => renderPrincipal(principal, store, baseUrl)),
  };
}

function parentOf(resolved: Orn, store: Store): string | undefined {
  if (resolved.kind === 'app') return appOrn(store.state.orgId, resolved.record);
  const [app] = resolved.kind === 'group' ? appsOfGroup(resolved.record.id, store) : [];
  return app === undefined ? undefined : appOrn(store.state.orgId, app);
}

/** Sets (replaces) the owners of each resource; an empty or null list removes them all. */
export function configureOwners(body: unknown, store: Store, now: number): Orn[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalid('body must be an object');
  const given = body as JsonRecord;
  const resourceOrns = given.resourceOrns;
  if (!Array.isArray(resourceOrns) || resourceOrns.length < 1 || resourceOrns.length > 10) {
    throw invalid('resourceOrns must list 1 to 10 resource ORNs');
  }
  const principalOrns = given.principalOrns ?? [];
  if (!Array.isArray(principalOrns) || principalOrns.length > 5) {
    throw invalid('principalOrns must list at most 5 principal ORNs');
  }
  const resources = resourceOrns.map((orn, index) =>
    requireOrn(orn, `resourceOrns/${index}`, ['app', 'group'], store),
  );
  const principals = principalOrns.map((orn, index) =>
    requireOrn(orn, `principalOrns/${index}`, ['user', 'group'], store),
  );
  for (const principal of principals) {
    if (principal.kind === 'user' && principal.record.status === 'DEPROVISIONED') {
      throw invalid(`principalOrns: user ${principal.record.id} is deactivated`);
    }
  }
  const orgId = store.state.orgId;
  const canonical = [...new Set(principals.map((principal) => ornOf(principal, orgId)))];
  for (const resource of resources) {
    const orn = ornOf(resource, orgId);
    if (canonical.length === 0) store.state.resourceOwners.delete(orn);
    else
      store.state.resourceOwners.set(orn, { resourceOrn: orn, principalOrns: canonical, lastUpdated: now });
  }
  store.touch();
  return resources;
}

function removeOwners(body: unknown, store: Store, now: number): void {
  const given = record(body);
  const resource = requireOrn(given.resourceOrn, 'resourceOrn', ['app', 'group'], store);
  const operations = given.data;
  if (!Array.isArray(operations) || operations.length < 1 || operations.length > 5) {
    throw invalid('data must list 1 to 5 operations');
  }
  const removed = new Set<string>();
  operations.forEach((operation, index) => {
    const { op, path, value } = record(operation);
    if (op !== 'REMOVE') throw invalid(`data/${index}/op must be REMOVE`);
    if (path !== '/principalOrn') throw invalid(`data/${index}/path must be /principalOrn`);
    removed.add(ornOf(requireOrn(value, `data/${index}/value`, ['user', 'group'], store), store.state.orgId));
  });
  const orn = ornOf(resource, store.state.orgId);
  const owners = store.state.resourceOwners.get(orn);
  if (owners === undefined) return;
  owners.principalOrns = owners.principalOrns.filter((principal) => !removed.has(principal));
  owners.lastUpdated = now;
  if (owners.principalOrns.length === 0) store.state.resourceOwners.delete(orn);
  store.touch();
}

/** `parentResourceOrn eq "…"` out of a filter, if it has one. */
function parentInFilter(filter: string): string | undefined {
  return /\bparentResourceOrn\s+eq\s+"([^"]*)"/i.exec(filter)?.[1];
}

interface Listed {
  readonly resource: Orn;
  readonly orn: string;
  readonly parentOrn: string | undefined;
}

const listRules = {
  attributes: new Set(['parentResourceOrn', 'resource.orn', 'resource.type', 'resource.profile.name']),
  operators: new Set(['eq', 'sw', 'co'] as const),
  allowNot: false,
  caseInsensitive: false,
};

function requiredFilter(request: EmulatorRequest, requireParent: boolean): string {
  const filter = request.query.get('filter') ?? '';
  const parent = parentInFilter(filter);
  if (filter.trim() === '' || (requireParent && parent === undefined)) {
    throw new OktaError(400, 'E0000001', 'Api validation failed: filter', [
      requireParent
        ? 'filter must name the parent resource: parentResourceOrn eq "…"'
        : 'filter must name parentResourceOrn or resource.orn',
    ]);
  }
  return filter;
}

function listedView(item: Listed, store: Store): JsonRecord {
  const rendered = renderOwnedResource(item.resource, store);
  return { parentResourceOrn: item.parentOrn ?? null, resource: rendered };
}

function listOwners(request: EmulatorRequest, context: EmulatorContext): EmulatorResponse {
  const filter = requiredFilter(request, false);
  if (!/\b(parentResourceOrn|resource\.orn)\b/.test(filter)) requiredFilter(request, true);
  const store = context.store;
  const includeParent = request.query
    .getAll('include')
    .some((value) => value.split(',').includes('parent_resource_owner'));
  const byResource = /\bresource\.orn\b/.test(filter);
  const items: Listed[] = [];
  for (const owners of store.state.resourceOwners.values()) {
    const resource = resolveOrn(owners.resourceOrn, store);
    if (resource === undefined || livePrincipals(owners, store).length === 0) continue;
    if (resource.kind === 'app') {
      if (includeParent || byResource) {
        items.push({ resource, orn: owners.resourceOrn, parentOrn: owners.resourceOrn });
      }
      continue;
    }
    const apps = resource.kind === 'group' ? appsOfGroup(resource.record.id, store) : [];
    if (apps.length === 0) items.push({ resource, orn: owners.resourceOrn, parentOrn: undefined });
    for (const app of apps) {
      items.push({ resource, orn: owners.resourceOrn, parentOrn: appOrn(store.state.orgId, app) });
    }
  }
  return listResponse(request, items, {
    filterRules: listRules,
    view: (item) => listedView(item, store),
    dateAttributes: new Set(),
    orderBy: { resource: (item) => `${item.parentOrn ?? ''}\u0000${item.orn}` },
    defaultOrder: 'resource asc',
    tiebreak: (item) => item.orn,
    render: (item) => renderOwner(item.resource, item.parentOrn, store, request.baseUrl),
  });
}

/** An app's assigned groups that have no owner (resources without owners). */
function listCatalog(request: EmulatorRequest, context: EmulatorContext): EmulatorResponse {
  const filter = requiredFilter(request, true);
  const store = context.store;
  const parentOrn = parentInFilter(filter) ?? '';
  const parent = requireOrn(parentOrn, 'filter/parentResourceOrn', ['app'], store);
  const items: Listed[] = [];
  for (const groupId of store.state.assignments.get(parent.record.id)?.keys() ?? []) {
    const group = store.state.groups.get(groupId);
    if (group === undefined) continue;
    const resource: Orn = { kind: 'group', record: group };
    const orn = groupOrn(store.state.orgId, groupId);
    if (livePrincipals(store.state.resourceOwners.get(orn), store).length > 0) continue;
    items.push({ resource, orn, parentOrn });
  }
  const response = listResponse(request, items, {
    filterRules: {
      ...listRules,
      attributes: new Set(['parentResourceOrn', 'resource.type', 'resource.profile.name']),
    },
    view: (item) => listedView(item, store),
    dateAttributes: new Set(),
    orderBy: { resource: (item) => item.orn },
    defaultOrder: 'resource asc',
    tiebreak: (item) => item.orn,
    render: (item) => renderOwnedResource(item.resource, store),
  });
  return { ...response, body: { parentResourceOrn: parentOrn, ...record(response.body) } };
}

export const resourceOwnerRoutes: Route[] = [
  {
    method: 'POST',
    pattern: base,
    scope: manage,
    handler: (request, _params, context) => {
      const resources = configureOwners(request.body, context.store, context.clock.now());
      return {
        status: 200,
        body: {
          data: resources.map((resource) =>
            renderOwner(resource, parentOf(resource, context.store), context.store, request.baseUrl),
          ),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: base,
    scope: read,
    handler: (request, _params, context) => listOwners(request, context),
  },
  {
    method: 'PATCH',
    pattern: base,
    scope: manage,
    handler: (request, _params, context) => {
      removeOwners(request.body, context.store, context.clock.now());
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: `${base}/catalog/resources`,
    scope: read,
    handler: (request, _params, context) => listCatalog(request, context),
  },
];
