import { isoTime } from '../clock.js';
import type { AppRecord, AssignmentRecord, GroupRecord, UserRecord } from '../store.js';

/** Records as Okta's API shows them: timestamps as ISO strings and `_links` that start with the request's base URL. */
const userTypeId = 'oty1emulatorusertype0';

export function renderUser(user: UserRecord, baseUrl: string): Record<string, unknown> {
  const iso = (ms: number | null) => (ms === null ? null : isoTime(ms));
  return {
    id: user.id,
    status: user.status,
    created: iso(user.created),
    activated: iso(user.activated),
    statusChanged: iso(user.statusChanged),
    lastLogin: null,
    lastUpdated: iso(user.lastUpdated),
    passwordChanged: null,
    type: { id: userTypeId },
    profile: user.profile,
    credentials: {
      provider:
        user.source === undefined ? { type: 'OKTA', name: 'OKTA' } : { type: 'IMPORT', name: 'IMPORT' },
    },
    _links: { self: { href: `${baseUrl}/api/v1/users/${user.id}` } },
  };
}

export function renderGroup(
  group: GroupRecord,
  baseUrl: string,
  stats?: { usersCount: number; appsCount: number },
): Record<string, unknown> {
  const href = `${baseUrl}/api/v1/groups/${group.id}`;
  return {
    id: group.id,
    created: isoTime(group.created),
    lastUpdated: isoTime(group.lastUpdated),
    lastMembershipUpdated: isoTime(group.lastMembershipUpdated),
    objectClass: ['okta:user_group'],
    type: group.type,
    profile: renderGroupProfile(group.profile),
    ...(stats === undefined
      ? {}
      : {
          _embedded: {
            stats: {
              usersCount: stats.usersCount,
              appsCount: stats.appsCount,
              groupPushMappingsCount: 0,
              // Group._embedded.stats in the spec spells this `hasAdminPrivlege` (sic); the schema is open, and
              // the correctly spelled name is kept.
              hasAdminPrivilege: false,
              _links: { self: { href: `${href}/stats` } },
            },
          },
        }),
    _links: {
      logo: [
        { name: 'medium', href: `${baseUrl}/assets/img/logos/groups/okta-medium.png`, type: 'image/png' },
        { name: 'large', href: `${baseUrl}/assets/img/logos/groups/okta-large.png`, type: 'image/png' },
      ],
      users: { href: `${href}/users` },
      apps: { href: `${href}/apps` },
    },
  };
}

/**
 * OktaUserGroupProfile declares `description` as a string that is not nullable: a group without one has no
 * `description` key rather than `"description": null`.
 */
function renderGroupProfile(profile: GroupRecord['profile']): Record<string, string> {
  return profile.description === null
    ? { name: profile.name }
    : { name: profile.name, description: profile.description };
}

export function renderApp(app: AppRecord, baseUrl: string, orgId: string): Record<string, unknown> {
  const href = `${baseUrl}/api/v1/apps/${app.id}`;
  const oauthClient = app.credentials?.oauthClient as Record<string, unknown> | undefined;
  return {
    id: app.id,
    orn: `orn:okta:idp:${orgId}:apps:${app.name}:${app.id}`,
    name: app.name,
    label: app.label,
    status: app.status,
    lastUpdated: isoTime(app.lastUpdated),
    created: isoTime(app.created),
    // ApplicationAccessibility declares errorRedirectUrl and loginRedirectUrl as strings that are not nullable
    // (Okta's own examples show them as null when unset): unset, they are left out.
    accessibility: app.accessibility ?? { selfService: false },
    visibility: {
      autoLaunch: false,
      autoSubmitToolbar: false,
      hide: { iOS: false, web: false },
      appLinks: { login: true },
      ...app.visibility,
    },
    features: app.features ?? [],
    signOnMode: app.signOnMode,
    credentials: {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Okta's user-name expression, sent as is.
      userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
      signing: {},
      ...app.credentials,
      // An OIDC app's client id is the app's id.
      ...(oauthClient === undefined ? {} : { oauthClient: { ...oauthClient, client_id: app.id } }),
    },
    settings: { notifications: { vpn: { network: { connection: 'DISABLED' } } }, ...app.settings },
    _links: {
      appLinks: [{ name: 'login', href: `${baseUrl}/home/${app.name}/${app.id}/login`, type: 'text/html' }],
      groups: { href: `${href}/groups` },
      logo: [{ name: 'medium', href: `${baseUrl}/assets/img/logos/default.png`, type: 'image/png' }],
      users: { href: `${href}/users` },
      // ApplicationLinks: the lifecycle operation the app's status allows.
      ...(app.status === 'ACTIVE'
        ? { deactivate: { href: `${href}/lifecycle/deactivate` } }
        : { activate: { href: `${href}/lifecycle/activate` } }),
    },
  };
}

export function renderAssignment(
  assignment: AssignmentRecord,
  baseUrl: string,
  group?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    id: assignment.groupId,
    lastUpdated: isoTime(assignment.lastUpdated),
    priority: assignment.priority,
    profile: assignment.profile,
    ...(group === undefined ? {} : { _embedded: { group } }),
    _links: {
      self: { href: `${baseUrl}/api/v1/apps/${assignment.appId}/groups/${assignment.groupId}` },
      app: { href: `${baseUrl}/api/v1/apps/${assignment.appId}` },
      group: { href: `${baseUrl}/api/v1/groups/${assignment.groupId}` },
    },
  };
}
