import { notFound, OktaError } from '../errors.js';
import { createdKey } from '../paging.js';
import type { RiskRuleRecord, Store } from '../store.js';
import type { EmulatorContext, EmulatorRequest, Route } from '../types.js';
import { governanceAdminId, type JsonRecord, record } from './campaign.js';
import { invalid } from './checks.js';
import { listResponse } from './list.js';
import { appsOfGroup, type Orn, ornOf, requireOrn, userOrn } from './orn.js';
import { governanceBase } from './render.js';
import { secondsIso } from './time.js';

/**
 * Okta Identity Governance risk rules (separation of duties) and risk assessments. In the emulator an entitlement
 * (`conflictCriteria.and[].value.value[]`) is an app (`id`, 0oa…) whose values are groups assigned to it
 * (`values[].id`, 00g…), or a group (`id`) on its own: a principal holds a group by membership and an app through
 * any group assigned to it (`principal.effective_grants`).
 */
const read = 'okta.governance.riskRule.read';
const manage = 'okta.governance.riskRule.manage';
const rules = `${governanceBase}/risk-rules`;

type Criterion = Record<string, unknown>;

function text(
  body: JsonRecord,
  key: string,
  limits: { required: boolean; max: number; min?: number; nullable?: boolean },
): string | null | undefined {
  const value = body[key];
  if (value === undefined || (value === null && limits.nullable === true)) {
    if (limits.required) throw invalid(`${key} is required`);
    return value as null | undefined;
  }
  if (typeof value !== 'string') throw invalid(`${key} must be a string`);
  if (value.length < (limits.min ?? 1) || value.length > limits.max) {
    throw invalid(`${key} must be ${limits.min ?? 1} to ${limits.max} characters long`);
  }
  return value;
}

function checkEntitlement(value: unknown, path: string, store: Store): Criterion {
  const item = record(value);
  const id = item.id;
  if (typeof id !== 'string' || (!store.state.apps.has(id) && !store.state.groups.has(id))) {
    throw invalid(`${path}/id: ${String(id)} is not an entitlement (app or group) in this org`);
  }
  if (item.values === undefined) return { id };
  if (!Array.isArray(item.values)) throw invalid(`${path}/values must be an array`);
  const values = item.values.map((entry, index) => {
    const valueId = record(entry).id;
    if (typeof valueId !== 'string' || !store.state.groups.has(valueId)) {
      throw invalid(
        `${path}/values/${index}/id: ${String(valueId)} is not an entitlement value (group) in this org`,
      );
    }
    return { id: valueId };
  });
  return { id, values };
}

function checkCriteria(value: unknown, store: Store): { and: Criterion[] } {
  const criteria = record(value);
  const and = criteria.and;
  if (!Array.isArray(and) || and.length !== 2)
    throw invalid('conflictCriteria/and must hold exactly 2 criteria');
  return {
    and: and.map((raw, index) => {
      const path = `conflictCriteria/and/${index}`;
      const criterion = record(raw);
      const name = criterion.name;
      if (typeof name !== 'string' || name === '') throw invalid(`${path}/name is required`);
      const attribute = criterion.attribute ?? 'principal.effective_grants';
      if (attribute !== 'principal.effective_grants') {
        throw invalid(`${path}/attribute must be principal.effective_grants`);
      }
      const operation = criterion.operation;
      if (operation !== 'CONTAINS_ONE' && operation !== 'CONTAINS_ALL') {
        throw invalid(`${path}/operation must be CONTAINS_ONE or CONTAINS_ALL`);
      }
      const criterionValue = record(criterion.value);
      if (criterionValue.type !== 'ENTITLEMENTS') throw invalid(`${path}/value/type must be ENTITLEMENTS`);
      const entitlements = criterionValue.value;
      if (!Array.isArray(entitlements) || entitlements.length === 0) {
        throw invalid(`${path}/value/value must list at least one entitlement`);
      }
      return {
        name,
        attribute,
        operation,
        value: {
          type: 'ENTITLEMENTS',
          value: entitlements.map((entitlement, at) =>
            checkEntitlement(entitlement, `${path}/value/value/${at}`, store),
          ),
        },
      };
    }),
  };
}

function checkResources(value: unknown, store: Store): { resourceOrn: string }[] {
  if (!Array.isArray(value) || value.length > 1) throw invalid('resources must list at most 1 resource');
  return value.map((item, index) => {
    const resolved = requireOrn(record(item).resourceOrn, `resources/${index}/resourceOrn`, ['app'], store);
    return { resourceOrn: ornOf(resolved, store.state.orgId) };
  });
}

function duplicateName(): OktaError {
  return new OktaError(400, 'E0000028', 'Rule name needs to be unique', [
    'The rule name needs to be unique.',
  ]);
}

function requireUniqueName(name: string, store: Store, except?: string): void {
  for (const rule of store.state.riskRules.values()) {
    if (rule.id !== except && rule.name.toLowerCase() === name.toLowerCase()) throw duplicateName();
  }
}

function requireBody(body: unknown): JsonRecord {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalid('body must be an object');
  return body as JsonRecord;
}

export function createRiskRule(body: unknown, context: EmulatorContext): RiskRuleRecord {
  const given = requireBody(body);
  const { store } = context;
  const name = text(given, 'name', { required: true, max: 255 }) as string;
  const description = text(given, 'description', { required: false, max: 1000 });
  const notes = text(given, 'notes', { required: false, max: 1000 });
  if (given.type !== 'SEPARATION_OF_DUTIES') throw invalid('type must be SEPARATION_OF_DUTIES');
  if (given.resources === undefined) throw invalid('resources is required');
  const resources = checkResources(given.resources, store);
  if (given.conflictCriteria === undefined) throw invalid('conflictCriteria is required');
  const conflictCriteria = checkCriteria(given.conflictCriteria, store);
  requireUniqueName(name, store);
  const now = context.clock.now();
  const rule: RiskRuleRecord = {
    id: context.ids.next('rul'),
    name,
    ...(typeof description === 'string' ? { description } : {}),
    ...(typeof notes === 'string' ? { notes } : {}),
    type: 'SEPARATION_OF_DUTIES',
    resources,
    conflictCriteria,
    created: now,
    createdBy: governanceAdminId,
    lastUpdated: now,
    lastUpdatedBy: governanceAdminId,
  };
  store.state.riskRules.set(rule.id, rule);
  store.touch();
  return rule;
}

/** PUT: `id` names the rule; a field sent replaces it, `null` clears notes and description, an absent one stays. */
function updateRiskRule(rule: RiskRuleRecord, body: unknown, context: EmulatorContext): void {
  const given = requireBody(body);
  const { store } = context;
  if (given.id !== rule.id) throw invalid(`id must be the rule's id, ${rule.id}`);
  const name = text(given, 'name', { required: false, max: 255, nullable: true });
  const description = text(given, 'description', { required: false, max: 1000, min: 0, nullable: true });
  const notes = text(given, 'notes', { required: false, max: 1000, min: 0, nullable: true });
  const criteria =
    given.conflictCriteria === undefined || given.conflictCriteria === null
      ? undefined
      : checkCriteria(given.conflictCriteria, store);
  if (typeof name === 'string') requireUniqueName(name, store, rule.id);
  if (typeof name === 'string') rule.name = name;
  if (description === null || description === '') delete rule.description;
  else if (description !== undefined) rule.description = description;
  if (notes === null || notes === '') delete rule.notes;
  else if (notes !== undefined) rule.notes = notes;
  if (criteria !== undefined) rule.conflictCriteria = criteria;
  rule.lastUpdated = context.clock.now();
  rule.lastUpdatedBy = governanceAdminId;
  store.touch();
}

export function renderRiskRule(rule: RiskRuleRecord, baseUrl: string): JsonRecord {
  return {
    id: rule.id,
    name: rule.name,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    ...(rule.notes === undefined ? {} : { notes: rule.notes }),
    type: rule.type,
    status: 'ACTIVE',
    resources: rule.resources,
    conflictCriteria: rule.conflictCriteria,
    created: secondsIso(rule.created),
    createdBy: rule.createdBy,
    lastUpdated: secondsIso(rule.lastUpdated),
    lastUpdatedBy: rule.lastUpdatedBy,
    _links: { self: { href: `${baseUrl}${rules}/${rule.id}` } },
  };
}

function requireRule(context: EmulatorContext, ruleId: string): RiskRuleRecord {
  const rule = context.store.state.riskRules.get(ruleId);
  if (rule === undefined) throw notFound('RiskRule', ruleId);
  return rule;
}

function listRules(request: EmulatorRequest, context: EmulatorContext) {
  return listResponse(request, [...context.store.state.riskRules.values()], {
    filterRules: {
      attributes: new Set(['name', 'resourceOrn']),
      operators: new Set(['eq', 'sw', 'co'] as const),
      allowNot: false,
      caseInsensitive: false,
    },
    view: (rule) => ({ name: rule.name, resourceOrn: rule.resources[0]?.resourceOrn ?? null }),
    dateAttributes: new Set(),
    orderBy: {
      name: (rule) => rule.name.toLowerCase(),
      created: (rule) => createdKey(rule.created, rule.id),
    },
    defaultOrder: 'created asc',
    tiebreak: (rule) => createdKey(rule.created, rule.id),
    render: (rule) => renderRiskRule(rule, request.baseUrl),
  });
}

/** The entitlements a criterion names, as ids a principal holds: value groups, else the entitlement (app or group). */
function atomsOf(criterion: Criterion): string[] {
  const entitlements = record(criterion.value).value;
  const atoms: string[] = [];
  for (const entitlement of Array.isArray(entitlements) ? entitlements : []) {
    const { id, values } = record(entitlement);
    const valueIds = Array.isArray(values) ? values.map((value) => record(value).id) : [];
    if (valueIds.length > 0)
      atoms.push(...valueIds.filter((value): value is string => typeof value === 'string'));
    else if (typeof id === 'string') atoms.push(id);
  }
  return atoms;
}

function satisfied(criterion: Criterion, grants: ReadonlySet<string>): boolean {
  const atoms = atomsOf(criterion);
  return criterion.operation === 'CONTAINS_ALL'
    ? atoms.every((atom) => grants.has(atom))
    : atoms.some((atom) => grants.has(atom));
}

/** Grants of a resource: a group and the apps assigned to it, or an app. */
function grantsOf(resource: Orn, store: Store): string[] {
  if (resource.kind === 'app') return [resource.record.id];
  if (resource.kind !== 'group') return [];
  return [resource.record.id, ...appsOfGroup(resource.record.id, store).map((app) => app.id)];
}

/** What a user holds now: the groups they are a member of and the apps assigned to those groups. */
export function effectiveGrants(userId: string, store: Store): Set<string> {
  const grants = new Set<string>();
  for (const [groupId, members] of store.state.members) {
    const group = store.state.groups.get(groupId);
    if (!members.has(userId) || group === undefined) continue;
    for (const grant of grantsOf({ kind: 'group', record: group }, store)) grants.add(grant);
  }
  return grants;
}

/** The rules a principal would violate were they granted the requested resources (each rule once per resource). */
function assess(body: unknown, request: EmulatorRequest, context: EmulatorContext) {
  const given = requireBody(body);
  const { store } = context;
  const principal = requireOrn(given.principalOrn, 'principalOrn', ['user'], store);
  let requested: unknown[];
  if (given.resourceOrnList !== undefined) {
    if (
      !Array.isArray(given.resourceOrnList) ||
      given.resourceOrnList.length < 1 ||
      given.resourceOrnList.length > 20
    ) {
      throw invalid('resourceOrnList must list 1 to 20 resource ORNs');
    }
    requested = given.resourceOrnList;
  } else if (given.resourceOrn !== undefined) {
    requested = [given.resourceOrn];
  } else {
    throw invalid('resourceOrn or resourceOrnList is required');
  }
  const resources = requested.map((orn, index) =>
    requireOrn(
      orn,
      given.resourceOrnList === undefined ? 'resourceOrn' : `resourceOrnList/${index}`,
      ['app', 'group'],
      store,
    ),
  );
  const grants = effectiveGrants(principal.record.id, store);
  const added = new Map<string, Orn>();
  for (const resource of resources) {
    for (const grant of grantsOf(resource, store)) {
      grants.add(grant);
      if (!added.has(grant)) added.set(grant, resource);
    }
  }
  const orgId = store.state.orgId;
  const data: JsonRecord[] = [];
  for (const rule of [...store.state.riskRules.values()].sort((a, b) => a.created - b.created)) {
    if (!rule.conflictCriteria.and.every((criterion) => satisfied(criterion, grants))) continue;
    const involved = new Set<Orn>();
    for (const criterion of rule.conflictCriteria.and) {
      for (const atom of atomsOf(criterion)) {
        const resource = added.get(atom);
        if (resource !== undefined) involved.add(resource);
      }
    }
    for (const resource of involved) {
      const resourceOrn = ornOf(resource, orgId);
      data.push({
        id: `${resource.record.id}:${rule.id}`,
        principalOrn: userOrn(orgId, principal.record.id),
        resourceOrn,
        ruleId: rule.id,
        ruleName: rule.name,
        ...(rule.description === undefined ? {} : { description: rule.description }),
        type: rule.type,
        conflictCriteria: rule.conflictCriteria,
      });
    }
  }
  return {
    status: 200,
    body: {
      data: data.slice(0, 200),
      _links: { self: { href: `${request.baseUrl}${governanceBase}/risk-rule-assessments` } },
    },
  };
}

export const riskRuleRoutes: Route[] = [
  {
    method: 'POST',
    pattern: rules,
    scope: manage,
    handler: (request, _params, context) => ({
      status: 201,
      body: renderRiskRule(createRiskRule(request.body, context), request.baseUrl),
    }),
  },
  {
    method: 'GET',
    pattern: rules,
    scope: read,
    handler: (request, _params, context) => listRules(request, context),
  },
  {
    method: 'GET',
    pattern: `${rules}/:ruleId`,
    scope: read,
    handler: (request, { ruleId = '' }, context) => ({
      status: 200,
      body: renderRiskRule(requireRule(context, ruleId), request.baseUrl),
    }),
  },
  {
    method: 'PUT',
    pattern: `${rules}/:ruleId`,
    scope: manage,
    handler: (request, { ruleId = '' }, context) => {
      const rule = requireRule(context, ruleId);
      updateRiskRule(rule, request.body, context);
      return { status: 200, body: renderRiskRule(rule, request.baseUrl) };
    },
  },
  {
    method: 'DELETE',
    pattern: `${rules}/:ruleId`,
    scope: manage,
    handler: (_request, { ruleId = '' }, context) => {
      context.store.state.riskRules.delete(requireRule(context, ruleId).id);
      context.store.touch();
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    pattern: `${governanceBase}/risk-rule-assessments`,
    scope: read,
    handler: (request, _params, context) => assess(request.body, request, context),
  },
];
