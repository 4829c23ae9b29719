import type { ProbeTarget } from '../okta/port.js';

/** One OAuth scope a configured feature needs, the harmless read that proves it, and the admin role it also needs. */
export interface ScopeNeed {
  readonly scope: string;
  /** What the tool does with it, for the table. */
  readonly usedFor: string;
  readonly probe: ProbeTarget;
  /** The endpoint the probe calls. */
  readonly probeCall: string;
  /** Governance calls also need an admin role on the service app (OpenAPI `x-okta-iam-admin-roles`). */
  readonly adminRole?: string;
}

/** What the access repository configures: decides which scopes are needed. */
export interface ConfiguredFeatures {
  /** Campaign files exist (the plan reads campaigns and reviews; apply creates, launches and ends them). */
  readonly campaigns: boolean;
  /** `users.source` is configured (users are sourced into Okta through an identity source). */
  readonly usersSource?: { readonly identitySourceId?: string };
}

const certificationsRole = 'ACCESS_CERTIFICATIONS_ADMIN';

/**
 * The scopes, least privilege, in the order they are checked: what plan reads, what apply writes, then the
 * optional features. `manage` scopes are proven by the same read (a manage scope includes its read in Okta), so the
 * probe never writes.
 */
export function scopesNeeded(features: ConfiguredFeatures): ScopeNeed[] {
  const needs: ScopeNeed[] = [
    need('okta.apps.read', 'plan: find the apps and their group assignments', { kind: 'apps' }),
    need('okta.groups.read', 'plan: list groups and their members', { kind: 'groups' }),
    need('okta.users.read', 'plan: find users by email', { kind: 'users' }),
    need('okta.apps.manage', 'apply: create bookmark apps, assign and unassign groups', { kind: 'apps' }),
    need('okta.groups.manage', 'apply: create, adopt, update and delete groups; add and remove members', {
      kind: 'groups',
    }),
  ];
  if (features.campaigns) {
    needs.push(
      need(
        'okta.governance.accessCertifications.read',
        'plan: read campaigns and reviews',
        { kind: 'campaigns' },
        certificationsRole,
      ),
      need(
        'okta.governance.accessCertifications.manage',
        'apply: create, replace, launch and end campaigns',
        { kind: 'campaigns' },
        certificationsRole,
      ),
    );
  }
  if (features.usersSource !== undefined) {
    const id = features.usersSource.identitySourceId;
    needs.push(
      need('okta.identitySources.manage', 'apply: load users through the identity source', {
        kind: 'identitySources',
        ...(id === undefined ? {} : { identitySourceId: id }),
      }),
    );
  }
  return needs;
}

function need(scope: string, usedFor: string, probe: ProbeTarget, adminRole?: string): ScopeNeed {
  return {
    scope,
    usedFor,
    probe,
    probeCall: probeCall(probe),
    ...(adminRole === undefined ? {} : { adminRole }),
  };
}

export function probeCall(probe: ProbeTarget): string {
  switch (probe.kind) {
    case 'apps':
      return 'GET /api/v1/apps?limit=1';
    case 'groups':
      return 'GET /api/v1/groups?limit=1';
    case 'users':
      return 'GET /api/v1/users?limit=1';
    case 'campaigns':
      return 'GET /governance/api/v1/campaigns?limit=1';
    case 'identitySources':
      return 'GET /api/v1/identity-sources/{id}/sessions';
    default: {
      const never: never = probe;
      throw new Error(`unknown probe ${JSON.stringify(never)}`);
    }
  }
}
