import type { OktaUser, OrgGroup, OrgModel } from '../../src/model/org.js';

/** Small builders for OrgModel values in diff tests. */
export function group(
  app: string,
  entitlement: string,
  members: readonly string[],
  options: Partial<Omit<OrgGroup, 'members'>> = {},
): OrgGroup {
  return {
    name: `${app}-${entitlement}`,
    description: `${entitlement} [managed]`,
    app,
    entitlement,
    managed: true,
    type: 'OKTA_GROUP',
    members: new Map(
      members.map((email) => [email, { userId: userId(email), source: { file: 'apps/x.csv', line: 2 } }]),
    ),
    ...options,
  };
}

export function model(
  groups: readonly OrgGroup[],
  apps: Record<string, { id?: string; assigned?: readonly string[] }>,
): OrgModel {
  return {
    apps: new Map(
      Object.entries(apps).map(([label, app]) => [
        label,
        {
          label,
          ...(app.id === undefined ? {} : { id: app.id }),
          assignedGroups: new Set((app.assigned ?? []).map((name) => name.toLowerCase())),
        },
      ]),
    ),
    groups: new Map(groups.map((g) => [g.name.toLowerCase(), g])),
  };
}

export function userId(email: string): string {
  return `00u${email
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 17)
    .padEnd(17, '0')}`;
}

export function users(emails: readonly string[], status = 'ACTIVE'): Map<string, OktaUser> {
  return new Map(emails.map((email) => [email, { id: userId(email), email, login: email, status }]));
}
