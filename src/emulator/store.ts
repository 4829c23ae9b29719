import type { Clock } from './clock.js';
import { notFound, OktaError, userStatusForbidden, validationFailed } from './errors.js';
import type { IdFactory } from './ids.js';

export type UserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

/** A profile attribute's value: Okta's standard attributes are strings; custom ones may be numbers, booleans, arrays. */
export type ProfileValue = string | number | boolean | null | readonly (string | number)[];

/** A user's profile: the standard attributes Okta types as strings, then any custom attribute. */
export interface UserProfile {
  [attribute: string]: ProfileValue | undefined;
  login?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  managerId?: string | null;
  manager?: string | null;
}

export interface UserRecord {
  id: string;
  status: UserStatus;
  created: number;
  activated: number | null;
  statusChanged: number | null;
  lastUpdated: number;
  /** Okta's standard profile (firstName, lastName, email, login, managerId, …, strings or null) and custom attributes. */
  profile: UserProfile;
  /** Whether the user was given a password (credentials.password): activation then ends ACTIVE rather than PROVISIONED. */
  hasPassword?: boolean;
  /** When `search` starts to see this user (eventual consistency). */
  visibleAt: number;
  /** Set for users sourced by an identity source (Anything-as-a-Source). */
  source?: { identitySourceId: string; externalId: string };
}

export type GroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface GroupRecord {
  id: string;
  type: GroupType;
  created: number;
  lastUpdated: number;
  lastMembershipUpdated: number;
  profile: { name: string; description: string | null };
  visibleAt: number;
}

export interface AppRecord {
  id: string;
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  signOnMode: string;
  created: number;
  lastUpdated: number;
  /** The app's `settings` as Okta keeps them: `app` (bookmark, SWA, basic auth…), `signOn` (SAML, custom SWA), `oauthClient` (OIDC). */
  settings: { app: Record<string, unknown> } & Record<string, unknown>;
  /** `credentials` beyond the user-name template: `oauthClient` of OIDC apps, `signing` of SAML apps. */
  credentials?: Record<string, unknown>;
  /** `visibility`, `accessibility` and `features` as last written (undefined: Okta's defaults). */
  visibility?: Record<string, unknown>;
  accessibility?: Record<string, unknown>;
  features?: unknown[];
}

export interface AssignmentRecord {
  appId: string;
  groupId: string;
  priority: number;
  profile: Record<string, unknown>;
  lastUpdated: number;
}

export type CampaignStatus = 'SCHEDULED' | 'LAUNCHING' | 'ACTIVE' | 'COMPLETED' | 'DELETED' | 'ERROR';

export interface CampaignRecord {
  id: string;
  status: CampaignStatus;
  /** The create body as sent (campaign-mutable), kept verbatim. */
  body: Record<string, unknown>;
  created: number;
  createdBy: string;
  lastUpdated: number;
  lastUpdatedBy: string;
  launched?: number;
  ended?: number;
  /** Set on a campaign launched from a RECURRING campaign: the recurring campaign's id. */
  recurringCampaignId?: string;
  /** On a RECURRING campaign: how many occurrences have launched (the next one starts that many intervals on). */
  occurrences?: number;
}

export type ReviewDecision = 'UNREVIEWED' | 'APPROVE' | 'REVOKE';
export type RemediationStatus = 'NONE' | 'OPEN' | 'ERROR' | 'SUCCESS' | 'MANUAL';

export interface ReviewRecord {
  id: string;
  campaignId: string;
  resourceId: string;
  principalId: string;
  reviewerId: string | null;
  reviewerType: 'USER' | 'GROUP' | 'RESOURCE_OWNER';
  decision: ReviewDecision;
  decided: number | null;
  note: string | null;
  remediationStatus: RemediationStatus;
  currentReviewerLevel: 'FIRST' | 'SECOND';
  created: number;
  lastUpdated: number;
}

/** Okta Identity Governance resource owners: the principals (user or group ORNs) owning one resource (an ORN). */
export interface ResourceOwnerRecord {
  resourceOrn: string;
  principalOrns: string[];
  lastUpdated: number;
}

/** An Okta Identity Governance risk rule (separation of duties), its create body's fields kept verbatim. */
export interface RiskRuleRecord {
  id: string;
  name: string;
  description?: string;
  notes?: string;
  type: 'SEPARATION_OF_DUTIES';
  resources: { resourceOrn: string }[];
  conflictCriteria: { and: Record<string, unknown>[] };
  created: number;
  createdBy: string;
  lastUpdated: number;
  lastUpdatedBy: string;
}

export type SessionStatus =
  | 'CREATED'
  | 'IN_PROGRESS'
  | 'TRIGGERED'
  | 'COMPLETED'
  | 'CLOSED'
  | 'EXPIRED'
  | 'ERROR';

export interface IdentitySourceSessionRecord {
  id: string;
  identitySourceId: string;
  status: SessionStatus;
  importType: 'INCREMENTAL';
  created: number;
  lastUpdated: number;
  /** Bulk requests received (Okta allows 50 per session). */
  requests: number;
  upserts: { externalId: string; profile: Record<string, string | null> }[];
  deletes: string[];
  /** When start-import moved the session to TRIGGERED (the 5-minute rule and the import queue count from it). */
  triggered?: number;
  /** Entities the import skipped, one line each (login taken by another source, no login, unknown manager, …). */
  importErrors?: string[];
}

export interface IdentitySourceRecord {
  id: string;
  name: string;
}

/** The whole org, as plain data: what `--state` persists and `/__emulator/state` shows. */
export interface OrgState {
  orgId: string;
  users: Map<string, UserRecord>;
  groups: Map<string, GroupRecord>;
  /** Members of each group, by group id. */
  members: Map<string, Set<string>>;
  apps: Map<string, AppRecord>;
  /** App-group assignments: app id → group id → assignment. */
  assignments: Map<string, Map<string, AssignmentRecord>>;
  campaigns: Map<string, CampaignRecord>;
  reviews: Map<string, ReviewRecord>;
  identitySources: Map<string, IdentitySourceRecord>;
  sessions: Map<string, IdentitySourceSessionRecord>;
  /** Resource owners, by resource ORN (a resource with no owner has no entry). */
  resourceOwners: Map<string, ResourceOwnerRecord>;
  riskRules: Map<string, RiskRuleRecord>;
}

export interface Store {
  readonly state: OrgState;
  readonly clock: Clock;
  readonly ids: IdFactory;
  /** Called after every change; the server persists the state from here when `--state` is given. */
  onChange: () => void;
  touch(): void;
  findUser(idOrLogin: string): UserRecord | undefined;
  requireUser(idOrLogin: string): UserRecord;
  createUser(
    profile: UserProfile,
    options?: { status?: UserStatus; visibleAt?: number; hasPassword?: boolean },
  ): UserRecord;
  /** Changes a user's profile (login included: the login index follows); 400 E0000001 when the new login is taken. */
  updateProfile(user: UserRecord, profile: UserProfile): void;
  /** Deletes a user for good, with its group memberships. */
  deleteUser(user: UserRecord): void;
  requireGroup(id: string): GroupRecord;
  groupByName(name: string): GroupRecord | undefined;
  createGroup(
    name: string,
    description: string | null,
    type?: GroupType,
    options?: { visibleAt?: number },
  ): GroupRecord;
  renameGroup(group: GroupRecord, name: string, description: string | null): void;
  deleteGroup(group: GroupRecord): void;
  membersOf(groupId: string): Set<string>;
  addMember(groupId: string, userId: string): void;
  removeMember(groupId: string, userId: string): void;
  requireApp(id: string): AppRecord;
  assignmentsOf(appId: string): Map<string, AssignmentRecord>;
  snapshot(): SerializedState;
  restore(serialized: SerializedState): void;
  reset(): void;
}

/** The JSON form of OrgState: maps become arrays of records, sets become arrays of ids. */
export interface SerializedState {
  formatVersion: 1;
  orgId: string;
  clockOffsetMs?: number;
  users: UserRecord[];
  groups: GroupRecord[];
  members: Record<string, string[]>;
  apps: AppRecord[];
  assignments: AssignmentRecord[];
  campaigns: CampaignRecord[];
  reviews: ReviewRecord[];
  identitySources: IdentitySourceRecord[];
  sessions: IdentitySourceSessionRecord[];
  /** Absent in states written before resource owners and risk rules were served. */
  resourceOwners?: ResourceOwnerRecord[];
  riskRules?: RiskRuleRecord[];
}

export function emptyState(orgId: string): OrgState {
  return {
    orgId,
    users: new Map(),
    groups: new Map(),
    members: new Map(),
    apps: new Map(),
    assignments: new Map(),
    campaigns: new Map(),
    reviews: new Map(),
    identitySources: new Map(),
    sessions: new Map(),
    resourceOwners: new Map(),
    riskRules: new Map(),
  };
}

/** The in-memory org with the rules Okta enforces on writes (unique logins and group names, OKTA_GROUP only, …). */
export function createStore(clock: Clock, ids: IdFactory): Store {
  const state = emptyState(ids.next('00o'));
  const loginIndex = new Map<string, string>();
  const groupNameIndex = new Map<string, string>();

  function rebuildIndexes(): void {
    loginIndex.clear();
    groupNameIndex.clear();
    for (const user of state.users.values()) {
      const login = user.profile.login;
      if (typeof login === 'string') loginIndex.set(login.toLowerCase(), user.id);
    }
    for (const group of state.groups.values()) groupNameIndex.set(group.profile.name.toLowerCase(), group.id);
  }

  function seedEveryone(): void {
    if ([...state.groups.values()].some((group) => group.type === 'BUILT_IN')) return;
    const now = clock.now();
    const everyone: GroupRecord = {
      id: ids.next('00g'),
      type: 'BUILT_IN',
      created: now,
      lastUpdated: now,
      lastMembershipUpdated: now,
      profile: { name: 'Everyone', description: 'All users in your organization' },
      visibleAt: now,
    };
    state.groups.set(everyone.id, everyone);
    groupNameIndex.set('everyone', everyone.id);
  }

  const store: Store = {
    state,
    clock,
    ids,
    onChange: () => {},
    touch() {
      store.onChange();
    },
    findUser(idOrLogin) {
      return state.users.get(idOrLogin) ?? state.users.get(loginIndex.get(idOrLogin.toLowerCase()) ?? '');
    },
    requireUser(idOrLogin) {
      const user = store.findUser(idOrLogin);
      if (user === undefined) throw notFound('User', idOrLogin);
      return user;
    },
    createUser(profile, options = {}) {
      const login = profile.login ?? profile.email;
      if (typeof login !== 'string' || login === '')
        throw validationFailed('login', ['login: The field cannot be left blank']);
      if (loginIndex.has(login.toLowerCase())) {
        throw validationFailed('login', [
          'login: An object with this field already exists in the current organization',
        ]);
      }
      const now = clock.now();
      const status = options.status ?? 'ACTIVE';
      // Every status but STAGED and PROVISIONED comes after an activation.
      const activated = status !== 'STAGED' && status !== 'PROVISIONED';
      const user: UserRecord = {
        id: ids.next('00u'),
        status,
        created: now,
        activated: activated ? now : null,
        statusChanged: status === 'STAGED' ? null : now,
        lastUpdated: now,
        profile: { ...profile, login },
        visibleAt: options.visibleAt ?? now,
        ...(options.hasPassword === undefined ? {} : { hasPassword: options.hasPassword }),
      };
      state.users.set(user.id, user);
      loginIndex.set(login.toLowerCase(), user.id);
      store.touch();
      return user;
    },
    updateProfile(user, profile) {
      const login = profile.login;
      if (typeof login !== 'string' || login === '')
        throw validationFailed('login', ['login: The field cannot be left blank']);
      const holder = loginIndex.get(login.toLowerCase());
      if (holder !== undefined && holder !== user.id) {
        throw validationFailed('login', [
          'login: An object with this field already exists in the current organization',
        ]);
      }
      const previous = user.profile.login;
      if (typeof previous === 'string') loginIndex.delete(previous.toLowerCase());
      user.profile = { ...profile };
      loginIndex.set(login.toLowerCase(), user.id);
      user.lastUpdated = clock.now();
      store.touch();
    },
    deleteUser(user) {
      state.users.delete(user.id);
      const login = user.profile.login;
      if (typeof login === 'string' && loginIndex.get(login.toLowerCase()) === user.id)
        loginIndex.delete(login.toLowerCase());
      for (const [groupId, members] of state.members) {
        if (!members.delete(user.id)) continue;
        const group = state.groups.get(groupId);
        if (group !== undefined) group.lastMembershipUpdated = clock.now();
      }
      store.touch();
    },
    requireGroup(id) {
      const group = state.groups.get(id);
      if (group === undefined) throw notFound('UserGroup', id);
      return group;
    },
    groupByName(name) {
      const id = groupNameIndex.get(name.toLowerCase());
      return id === undefined ? undefined : state.groups.get(id);
    },
    createGroup(name, description, type = 'OKTA_GROUP', options = {}) {
      if (name.trim() === '') throw validationFailed('profile', ['name: The field cannot be left blank']);
      if (name.length > 255) throw validationFailed('profile', ['name: The field is too long']);
      // Okta keeps group names unique across the org, whatever the type, without regard to case.
      if (groupNameIndex.has(name.toLowerCase())) {
        throw validationFailed('profile', [
          'name: An object with this field already exists in the current organization',
        ]);
      }
      const now = clock.now();
      const group: GroupRecord = {
        id: ids.next('00g'),
        type,
        created: now,
        lastUpdated: now,
        lastMembershipUpdated: now,
        profile: { name, description },
        visibleAt: options.visibleAt ?? now,
      };
      state.groups.set(group.id, group);
      groupNameIndex.set(name.toLowerCase(), group.id);
      store.touch();
      return group;
    },
    renameGroup(group, name, description) {
      if (group.type !== 'OKTA_GROUP') {
        throw new OktaError(400, 'E0000001', 'Api validation failed: profile', [
          'profile: Only OKTA_GROUP profiles can be updated',
        ]);
      }
      const holder = groupNameIndex.get(name.toLowerCase());
      if (holder !== undefined && holder !== group.id) {
        throw validationFailed('profile', [
          'name: An object with this field already exists in the current organization',
        ]);
      }
      groupNameIndex.delete(group.profile.name.toLowerCase());
      group.profile = { name, description };
      group.lastUpdated = clock.now();
      groupNameIndex.set(name.toLowerCase(), group.id);
      store.touch();
    },
    deleteGroup(group) {
      if (group.type === 'BUILT_IN') {
        throw new OktaError(403, 'E0000006', 'You do not have permission to perform the requested action');
      }
      state.groups.delete(group.id);
      state.members.delete(group.id);
      groupNameIndex.delete(group.profile.name.toLowerCase());
      for (const assignments of state.assignments.values()) assignments.delete(group.id);
      store.touch();
    },
    membersOf(groupId) {
      const group = store.requireGroup(groupId);
      if (group.type === 'BUILT_IN') {
        return new Set(
          [...state.users.values()].filter((user) => user.status !== 'DEPROVISIONED').map((user) => user.id),
        );
      }
      return state.members.get(groupId) ?? new Set();
    },
    addMember(groupId, userId) {
      const group = store.requireGroup(groupId);
      const user = store.requireUser(userId);
      requireOktaGroup(group);
      const members = state.members.get(groupId) ?? new Set<string>();
      if (members.has(user.id)) return;
      // Okta adds users of every status to groups except deactivated ones, which can only be removed.
      if (user.status === 'DEPROVISIONED') throw userStatusForbidden();
      members.add(user.id);
      state.members.set(groupId, members);
      group.lastMembershipUpdated = clock.now();
      store.touch();
    },
    removeMember(groupId, userId) {
      const group = store.requireGroup(groupId);
      const user = store.requireUser(userId);
      requireOktaGroup(group);
      const members = state.members.get(groupId);
      if (members === undefined || !members.delete(user.id)) return;
      group.lastMembershipUpdated = clock.now();
      store.touch();
    },
    requireApp(id) {
      const app = state.apps.get(id);
      if (app === undefined) throw notFound('App', id);
      return app;
    },
    assignmentsOf(appId) {
      store.requireApp(appId);
      let assignments = state.assignments.get(appId);
      if (assignments === undefined) {
        assignments = new Map();
        state.assignments.set(appId, assignments);
      }
      return assignments;
    },
    snapshot() {
      return {
        formatVersion: 1,
        orgId: state.orgId,
        clockOffsetMs: clock.offset(),
        users: [...state.users.values()],
        groups: [...state.groups.values()],
        members: Object.fromEntries([...state.members].map(([groupId, members]) => [groupId, [...members]])),
        apps: [...state.apps.values()],
        assignments: [...state.assignments.values()].flatMap((assignments) => [...assignments.values()]),
        campaigns: [...state.campaigns.values()],
        reviews: [...state.reviews.values()],
        identitySources: [...state.identitySources.values()],
        sessions: [...state.sessions.values()],
        resourceOwners: [...state.resourceOwners.values()],
        riskRules: [...state.riskRules.values()],
      };
    },
    restore(serialized) {
      if (serialized.formatVersion !== 1)
        throw new Error(`unknown emulator state format ${String(serialized.formatVersion)}`);
      state.orgId = serialized.orgId;
      state.users = new Map(serialized.users.map((user) => [user.id, user]));
      state.groups = new Map(serialized.groups.map((group) => [group.id, group]));
      state.members = new Map(
        Object.entries(serialized.members).map(([groupId, members]) => [groupId, new Set(members)]),
      );
      state.apps = new Map(serialized.apps.map((app) => [app.id, app]));
      state.assignments = new Map();
      for (const assignment of serialized.assignments) {
        const assignments = state.assignments.get(assignment.appId) ?? new Map<string, AssignmentRecord>();
        assignments.set(assignment.groupId, assignment);
        state.assignments.set(assignment.appId, assignments);
      }
      state.campaigns = new Map(serialized.campaigns.map((campaign) => [campaign.id, campaign]));
      state.reviews = new Map(serialized.reviews.map((review) => [review.id, review]));
      state.identitySources = new Map(serialized.identitySources.map((source) => [source.id, source]));
      state.sessions = new Map(serialized.sessions.map((session) => [session.id, session]));
      state.resourceOwners = new Map(
        (serialized.resourceOwners ?? []).map((owners) => [owners.resourceOrn, owners]),
      );
      state.riskRules = new Map((serialized.riskRules ?? []).map((rule) => [rule.id, rule]));
      rebuildIndexes();
      seedEveryone();
    },
    reset() {
      const fresh = emptyState(state.orgId);
      Object.assign(state, fresh);
      rebuildIndexes();
      seedEveryone();
      store.touch();
    },
  };
  seedEveryone();
  return store;
}

function requireOktaGroup(group: GroupRecord): void {
  if (group.type !== 'OKTA_GROUP') {
    throw new OktaError(400, 'E0000001', 'Api validation failed: group', [
      `group: Memberships of ${group.type} groups cannot be changed through this API`,
    ]);
  }
}
