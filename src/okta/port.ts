/**
 * The Okta port: everything the tool asks of Okta, as plain values. Only src/okta/ imports the Okta SDK; read/ and
 * apply/ depend on this interface, so that the rate limiter, retries and request counting live in one place.
 */
export interface OktaApp {
  readonly id: string;
  readonly label: string;
  readonly name: string;
  readonly status: string;
}

export interface OktaGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly type: string;
  /** From `expand=stats`, when asked for. */
  readonly usersCount?: number;
}

export interface OktaUserRecord {
  readonly id: string;
  readonly status: string;
  readonly login: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly managerId: string | null;
  /** The `manager` profile attribute (a display name, or in some orgs the manager's login or email). */
  readonly manager?: string | null;
}

/** A campaign as listed (campaign-sparse). */
export interface OktaCampaignSummary {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly description: string | null;
}

/**
 * One review of a campaign (review-sparse, with the note of review-full), as plain values. Profiles may lack fields
 * (Okta leaves out what a user does not have), so those are null when absent.
 */
export interface OktaReview {
  readonly id: string;
  readonly campaignId: string;
  /** principalProfile.id: the user whose access is reviewed. */
  readonly principalId: string;
  readonly principalEmail: string | null;
  /** "First Last" from principalProfile, or null when it has neither. */
  readonly principalName: string | null;
  /** The group (or app) whose access is reviewed. */
  readonly resourceId: string;
  /** UNREVIEWED, APPROVE or REVOKE. */
  readonly decision: string;
  /** When the decision was made (ISO-8601, as Okta sent it), null while undecided. */
  readonly decided: string | null;
  /** The reviewer's justification (review-full `note.note`), null when there is none. */
  readonly note: string | null;
  /** reviewerProfile.id: who reviews (or reviewed) it; null for a group reviewer not yet resolved to a user. */
  readonly reviewerId: string | null;
  readonly reviewerEmail: string | null;
  /** NONE, OPEN, ERROR, SUCCESS or MANUAL. */
  readonly remediationStatus: string;
  /** FIRST or SECOND, null when Okta does not say. */
  readonly currentReviewerLevel: string | null;
  /** When the review was generated (at launch), null when Okta does not say. */
  readonly created: string | null;
}

/** A JSON value from Okta's governance API. */
export type GovernanceJson =
  | string
  | number
  | boolean
  | null
  | GovernanceJson[]
  | { [key: string]: GovernanceJson };

/** An identity-source (Anything-as-a-Source) import session. */
export interface OktaSourceSession {
  readonly id: string;
  /** CREATED, IN_PROGRESS, TRIGGERED, COMPLETED, CLOSED, EXPIRED or ERROR. */
  readonly status: string;
  /** Epoch ms. */
  readonly created: number;
  readonly lastUpdated: number;
}

/** A user an identity source owns: the source's app user, with the source's key for it. */
export interface OktaSourcedUser {
  readonly userId: string;
  readonly externalId: string;
  /** Lower-cased, from the app user profile (or the user name when the profile has none). */
  readonly email: string;
  /** The app user status: DEPROVISIONED once the source deactivated the user. */
  readonly status: string;
}

/** One profile a bulk upsert sends: every value a string (Okta's identity source profile has no other type). */
export interface SourceProfile {
  readonly externalId: string;
  readonly profile: Readonly<Record<string, string>>;
}

/** A principal (user or group) owning a resource, by ORN (`orn:okta:directory:{orgId}:users:{id}` / `…:groups:{id}`). */
export interface OktaOwnerPrincipal {
  readonly orn: string;
  readonly id: string;
  /** `users` or `groups`. */
  readonly type: string;
  readonly name: string | null;
  readonly email: string | null;
}

/** A resource (app ORN, entitlement group ORN, …) and its owners (resource-owner). */
export interface OktaResourceOwners {
  readonly resourceOrn: string;
  readonly resourceId: string;
  /** `apps`, `groups`, `entitlement-values`, … (the ORN's object type). */
  readonly resourceType: string;
  readonly parentResourceOrn: string | null;
  /** Sorted by ORN. */
  readonly principals: readonly OktaOwnerPrincipal[];
}

/** Which owners to list: the resources under a parent (an app), or one resource. */
export type ResourceOwnersQuery =
  | { readonly parentResourceOrn: string; readonly includeParent?: boolean }
  | { readonly resourceOrn: string };

/** One side of a separation-of-duties rule: an entitlement (`id`), narrowed to some of its values when listed. */
export interface RiskRuleEntitlement {
  readonly id: string;
  readonly values?: readonly { readonly id: string }[];
}

export interface RiskRuleCriterion {
  readonly name: string;
  readonly operation: 'CONTAINS_ONE' | 'CONTAINS_ALL';
  readonly entitlements: readonly RiskRuleEntitlement[];
}

/** A risk rule as written: holding what both criteria name is a conflict. */
export interface RiskRuleInput {
  readonly name: string;
  readonly description?: string;
  readonly notes?: string;
  /** The app the rule applies to (its ORN). */
  readonly resourceOrn: string;
  readonly criteria: readonly [RiskRuleCriterion, RiskRuleCriterion];
}

export interface OktaRiskRule extends RiskRuleInput {
  readonly id: string;
  readonly status: string;
  readonly lastUpdated: string | null;
}

export interface RequestStats {
  /** Every HTTP request sent, retries included. */
  readonly requests: number;
  /** By `METHOD /templated/path`, e.g. `GET /api/v1/groups/{id}/users`. */
  readonly byEndpoint: Readonly<Record<string, number>>;
  /** Retries after 429, 5xx or network errors. */
  readonly retries: number;
  /** 429 responses received. */
  readonly rateLimited: number;
  /** Time spent waiting for rate-limit capacity or backoff, in ms (wall clock: overlapping waits count once). */
  readonly waitedMs: number;
}

/** One harmless read per scope family, for `doctor`. */
export type ProbeTarget =
  | { readonly kind: 'apps' | 'groups' | 'users' | 'campaigns' }
  | { readonly kind: 'identitySources'; readonly identitySourceId?: string };

/** What the token endpoint said to a service app (always ok for an SSWS token, which needs none). */
export type TokenCheck =
  | { readonly ok: true; readonly scopes?: readonly string[] }
  | { readonly ok: false; readonly error: string; readonly description: string };

export interface OktaPort {
  /** The normalized org URL (no trailing slash). */
  readonly orgUrl: string;
  /**
   * All apps, 200 a page, reading at most `maxPages` pages: `complete` is false when it stopped there with more
   * possibly left (then callers look the rest up by label).
   */
  listApps(maxPages: number): Promise<{ apps: OktaApp[]; complete: boolean }>;
  /** One app by id, whatever its sign-on mode; undefined when Okta answers 404. */
  getApp(appId: string): Promise<OktaApp | undefined>;
  /** Apps whose label starts with `label` (Okta's `q`); callers match the label exactly. */
  findAppsByLabel(label: string): Promise<OktaApp[]>;
  /** Group ids assigned to an app (all pages, limit 200). */
  listAppGroupIds(appId: string): Promise<string[]>;
  /** All groups of a type (all pages, limit 10000), with `usersCount` when `stats` is true. */
  listGroups(options: { readonly type?: string; readonly stats?: boolean }): Promise<OktaGroup[]>;
  /** Members of a group (all pages, limit 1000). */
  listGroupMembers(groupId: string): Promise<OktaUserRecord[]>;
  /**
   * Users whose email is one of `emails`, by `search` with up to `batch` emails OR-ed per request; the emails search
   * does not find (its index lags behind recent writes) are then looked up with the consistent `filter`.
   */
  searchUsersByEmail(emails: readonly string[], batch?: number): Promise<OktaUserRecord[]>;
  /** Every user of the org (all pages, limit 200), deprovisioned ones included. */
  listAllUsers(): Promise<OktaUserRecord[]>;
  /** Users by id, by `filter` (consistent) with up to `batch` ids OR-ed per request; unknown ids are left out. */
  listUsersByIds(ids: readonly string[], batch?: number): Promise<OktaUserRecord[]>;
  /** Undefined when Okta answers 404. Every other operation surfaces a 404 as an OktaRequestError (errors.ts). */
  getGroup(groupId: string): Promise<OktaGroup | undefined>;
  /** Groups whose name starts with `name` (Okta's `q`: not the eventually consistent search); match exactly after. */
  findGroupsByName(name: string): Promise<OktaGroup[]>;
  createBookmarkApp(label: string, url: string): Promise<OktaApp>;
  createGroup(name: string, description: string): Promise<OktaGroup>;
  updateGroup(groupId: string, name: string, description: string): Promise<OktaGroup>;
  deleteGroup(groupId: string): Promise<void>;
  addMember(groupId: string, userId: string): Promise<void>;
  removeMember(groupId: string, userId: string): Promise<void>;
  assignGroup(appId: string, groupId: string): Promise<void>;
  unassignGroup(appId: string, groupId: string): Promise<void>;
  /** Governance: every campaign (all pages, limit 200). */
  listCampaigns(): Promise<OktaCampaignSummary[]>;
  /** Governance: one campaign in full (campaign-full), or undefined on 404. */
  getCampaign(campaignId: string): Promise<{ [key: string]: GovernanceJson } | undefined>;
  /** Governance: create (201); returns the new campaign's id and status. */
  createCampaign(body: { readonly [key: string]: unknown }): Promise<{ id: string; status: string }>;
  deleteCampaign(campaignId: string): Promise<void>;
  launchCampaign(campaignId: string): Promise<void>;
  endCampaign(campaignId: string): Promise<void>;
  /** Governance: how many reviews a campaign has and how many are decided (all pages of its reviews). */
  reviewProgress(campaignId: string): Promise<{ total: number; decided: number }>;
  /**
   * Governance: every review of a campaign (all pages, limit 200), sorted by id. The list (review-sparse) has no
   * note: each decided review whose list item carries none is read in full (`GET /reviews/{id}`) for it.
   */
  listReviews(campaignId: string): Promise<OktaReview[]>;
  /** Governance: resources with owners (all pages); a resource without owners is not listed. */
  listResourceOwners(query: ResourceOwnersQuery): Promise<OktaResourceOwners[]>;
  /** Governance: sets (replaces) the owners of 1–10 resources to 0–5 principals; none removes them all. */
  setResourceOwners(
    resourceOrns: readonly string[],
    principalOrns: readonly string[],
  ): Promise<OktaResourceOwners[]>;
  /** Governance: every risk rule (all pages), sorted by id. */
  listRiskRules(): Promise<OktaRiskRule[]>;
  /** Governance: one risk rule, or undefined on 404. */
  getRiskRule(ruleId: string): Promise<OktaRiskRule | undefined>;
  createRiskRule(rule: RiskRuleInput): Promise<OktaRiskRule>;
  /** PUT: name, description, notes and criteria as given (an absent description or notes is cleared). */
  replaceRiskRule(ruleId: string, rule: RiskRuleInput): Promise<OktaRiskRule>;
  deleteRiskRule(ruleId: string): Promise<void>;
  /** Service app: asks the token endpoint for a token now; its error (invalid_client, invalid_scope) comes back. */
  checkToken(): Promise<TokenCheck>;
  /** One page of one item from the target's list endpoint; throws OktaRequestError (401, 403, …) as any read. */
  probe(target: ProbeTarget): Promise<void>;
  /** Identity source: the users it owns (its app users, all pages, limit 500). */
  listSourcedUsers(identitySourceId: string): Promise<OktaSourcedUser[]>;
  /** Identity source: the active sessions (CREATED, IN_PROGRESS, TRIGGERED). */
  listSourceSessions(identitySourceId: string): Promise<OktaSourceSession[]>;
  getSourceSession(identitySourceId: string, sessionId: string): Promise<OktaSourceSession>;
  createSourceSession(identitySourceId: string): Promise<OktaSourceSession>;
  /** Cancels a CREATED or IN_PROGRESS session (its data is discarded). */
  closeSourceSession(identitySourceId: string, sessionId: string): Promise<void>;
  /** One bulk-upsert request (≤ 200 profiles, ≤ 200 KB: the caller chunks). */
  upsertSourceUsers(
    identitySourceId: string,
    sessionId: string,
    profiles: readonly SourceProfile[],
  ): Promise<void>;
  /** One bulk-delete request: the users with these externalIds are deactivated by the import. */
  deleteSourceUsers(
    identitySourceId: string,
    sessionId: string,
    externalIds: readonly string[],
  ): Promise<void>;
  startSourceImport(identitySourceId: string, sessionId: string): Promise<OktaSourceSession>;
  stats(): RequestStats;
}
