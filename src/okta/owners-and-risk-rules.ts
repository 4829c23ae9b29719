import { isNotFound } from './errors.js';
import { acceptJson, governanceRequests, isObject } from './governance.js';
import type {
  OktaOwnerPrincipal,
  OktaPort,
  OktaResourceOwners,
  OktaRiskRule,
  RiskRuleCriterion,
  RiskRuleEntitlement,
  RiskRuleInput,
} from './port.js';
import type { PortContext } from './port-context.js';
import { quote } from './queries.js';

type OwnerAndRiskRuleOperations = Pick<
  OktaPort,
  | 'listResourceOwners'
  | 'setResourceOwners'
  | 'listRiskRules'
  | 'getRiskRule'
  | 'createRiskRule'
  | 'replaceRiskRule'
  | 'deleteRiskRule'
>;

const ownersPath = '/governance/api/v1/resource-owners';
const rulesPath = '/governance/api/v1/risk-rules';

const endpoints = {
  listResourceOwners: `GET ${ownersPath}`,
  setResourceOwners: `POST ${ownersPath}`,
  listRiskRules: `GET ${rulesPath}`,
  getRiskRule: `GET ${rulesPath}/{id}`,
  createRiskRule: `POST ${rulesPath}`,
  replaceRiskRule: `PUT ${rulesPath}/{id}`,
  deleteRiskRule: `DELETE ${rulesPath}/{id}`,
} as const;

const sendJson = { ...acceptJson, 'Content-Type': 'application/json' };

/**
 * Okta Identity Governance resource owners and risk rules (separation of duties), for the owners and policies
 * reconciler: raw calls through the SDK's HTTP client, like campaigns (governance.ts). Owners are set whole per
 * resource (POST replaces), so a reconciler writes the wanted set and never patches.
 */
export function ownerAndRiskRuleOperations(
  { client, call }: PortContext,
  orgUrl: string,
): OwnerAndRiskRuleOperations {
  const { json, noContent, listAll } = governanceRequests(client, orgUrl);
  const ruleUrl = (ruleId: string) => {
    if (ruleId.trim() === '') throw new RangeError('a risk rule id is required');
    return `${orgUrl}${rulesPath}/${encodeURIComponent(ruleId)}`;
  };

  async function writeRule(url: string, method: 'POST' | 'PUT', body: unknown): Promise<OktaRiskRule> {
    const { body: answer } = await json(
      url,
      { method, headers: sendJson, body: JSON.stringify(body) },
      'risk rule',
    );
    return toRiskRule(answer);
  }

  return {
    listResourceOwners: (query) =>
      call(endpoints.listResourceOwners, async () => {
        const filter =
          'resourceOrn' in query
            ? `resource.orn eq ${quote(query.resourceOrn)}`
            : `parentResourceOrn eq ${quote(query.parentResourceOrn)}`;
        const include =
          'includeParent' in query && query.includeParent === true ? '&include=parent_resource_owner' : '';
        const items = await listAll(
          `${orgUrl}${ownersPath}?filter=${encodeURIComponent(filter)}&limit=200${include}`,
          'resource owner',
        );
        return items.map(toResourceOwners);
      }),

    setResourceOwners: (resourceOrns, principalOrns) =>
      call(endpoints.setResourceOwners, async () => {
        const { body } = await json(
          `${orgUrl}${ownersPath}`,
          { method: 'POST', headers: sendJson, body: JSON.stringify({ principalOrns, resourceOrns }) },
          'resource owner',
        );
        const data = isObject(body) ? body.data : undefined;
        return Array.isArray(data) ? data.map(toResourceOwners) : [];
      }),

    listRiskRules: () =>
      call(endpoints.listRiskRules, async () => {
        const items = await listAll(`${orgUrl}${rulesPath}?limit=200`, 'risk rule');
        return items.map(toRiskRule).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      }),

    async getRiskRule(ruleId) {
      try {
        return await call(endpoints.getRiskRule, async () => {
          const { body } = await json(ruleUrl(ruleId), { method: 'GET', headers: acceptJson }, 'risk rule');
          return toRiskRule(body);
        });
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    createRiskRule: (rule) =>
      call(endpoints.createRiskRule, () => writeRule(`${orgUrl}${rulesPath}`, 'POST', createBody(rule))),

    replaceRiskRule: (ruleId, rule) =>
      call(endpoints.replaceRiskRule, () =>
        writeRule(ruleUrl(ruleId), 'PUT', {
          id: ruleId,
          name: rule.name,
          description: rule.description ?? null,
          notes: rule.notes ?? null,
          conflictCriteria: criteriaBody(rule.criteria),
        }),
      ),

    deleteRiskRule: (ruleId) =>
      call(endpoints.deleteRiskRule, () =>
        noContent(ruleUrl(ruleId), { method: 'DELETE', headers: acceptJson }),
      ),
  };
}

function criteriaBody(criteria: RiskRuleInput['criteria']): unknown {
  return {
    and: criteria.map((criterion) => ({
      name: criterion.name,
      attribute: 'principal.effective_grants',
      operation: criterion.operation,
      value: {
        type: 'ENTITLEMENTS',
        value: criterion.entitlements.map((entitlement) => ({
          id: entitlement.id,
          ...(entitlement.values === undefined
            ? {}
            : { values: entitlement.values.map(({ id }) => ({ id })) }),
        })),
      },
    })),
  };
}

function createBody(rule: RiskRuleInput): unknown {
  return {
    name: rule.name,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    ...(rule.notes === undefined ? {} : { notes: rule.notes }),
    type: 'SEPARATION_OF_DUTIES',
    resources: [{ resourceOrn: rule.resourceOrn }],
    conflictCriteria: criteriaBody(rule.criteria),
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function toPrincipal(item: unknown): OktaOwnerPrincipal {
  const principal = isObject(item) ? item : {};
  const profile = isObject(principal.profile) ? principal.profile : {};
  return {
    orn: text(principal.orn) ?? '',
    id: text(profile.id) ?? text(principal.id) ?? '',
    type: text(principal.type) ?? '',
    name: text(profile.name),
    email: text(profile.email),
  };
}

function toResourceOwners(item: unknown): OktaResourceOwners {
  const owner = isObject(item) ? item : {};
  const resource = isObject(owner.resource) ? owner.resource : {};
  const orn = text(resource.orn);
  if (orn === null || orn === '') throw new Error('Okta returned resource owners without the resource ORN');
  const principals = (Array.isArray(owner.principals) ? owner.principals : [])
    .map(toPrincipal)
    .sort((a, b) => (a.orn < b.orn ? -1 : a.orn > b.orn ? 1 : 0));
  return {
    resourceOrn: orn,
    resourceId: text(resource.id) ?? '',
    resourceType: text(resource.type) ?? '',
    parentResourceOrn: text(owner.parentResourceOrn),
    principals,
  };
}

function toEntitlement(item: unknown): RiskRuleEntitlement {
  const entitlement = isObject(item) ? item : {};
  const id = text(entitlement.id) ?? '';
  // A read may carry the values as a list or (in Okta's assessment example) as `{data: [...]}`.
  const raw = Array.isArray(entitlement.values)
    ? entitlement.values
    : isObject(entitlement.values) && Array.isArray(entitlement.values.data)
      ? entitlement.values.data
      : undefined;
  if (raw === undefined) return { id };
  return { id, values: raw.map((value) => ({ id: text(isObject(value) ? value.id : undefined) ?? '' })) };
}

function toCriterion(item: unknown): RiskRuleCriterion {
  const criterion = isObject(item) ? item : {};
  const value = isObject(criterion.value) ? criterion.value : {};
  return {
    name: text(criterion.name) ?? '',
    operation: criterion.operation === 'CONTAINS_ALL' ? 'CONTAINS_ALL' : 'CONTAINS_ONE',
    entitlements: (Array.isArray(value.value) ? value.value : []).map(toEntitlement),
  };
}

export function toRiskRule(item: unknown): OktaRiskRule {
  if (!isObject(item) || typeof item.id !== 'string' || item.id === '') {
    throw new Error('Okta returned a risk rule without an id');
  }
  const [resource] = Array.isArray(item.resources) ? item.resources : [];
  const criteria =
    isObject(item.conflictCriteria) && Array.isArray(item.conflictCriteria.and)
      ? item.conflictCriteria.and
      : [];
  const description = text(item.description);
  const notes = text(item.notes);
  return {
    id: item.id,
    name: text(item.name) ?? '',
    ...(description === null ? {} : { description }),
    ...(notes === null ? {} : { notes }),
    resourceOrn: text(isObject(resource) ? resource.resourceOrn : undefined) ?? '',
    criteria: [toCriterion(criteria[0]), toCriterion(criteria[1])],
    status: text(item.status) ?? '',
    lastUpdated: text(item.lastUpdated),
  };
}
