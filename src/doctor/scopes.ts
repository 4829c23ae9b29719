import type { ProbeTarget } from '../okta/port.js';
import { type ScopeCommand, scopeTable, specsFor } from '../okta/scopes.js';

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

/**
 * The scopes, least privilege, in the order they are checked — from the one scope table (src/okta/scopes.ts): what
 * the given commands need (default: plan and apply), for the configured features. `manage` scopes are proven by the
 * same read (a manage scope includes its read in Okta), so the probe never writes.
 */
export function scopesNeeded(
  features: ConfiguredFeatures,
  commands: readonly ScopeCommand[] = ['plan', 'apply'],
): ScopeNeed[] {
  const wanted = { campaigns: features.campaigns, users: features.usersSource !== undefined };
  const specs = scopeTable.filter((spec) =>
    commands.some((command) => specsFor(command, wanted).includes(spec)),
  );
  return specs.map((spec) => {
    const usedFor = `${commands.filter((command) => spec.needs[command] !== undefined).join(', ')}: ${spec.usedFor}`;
    const id = features.usersSource?.identitySourceId;
    const probe: ProbeTarget =
      spec.probe === 'identitySources'
        ? { kind: 'identitySources', ...(id === undefined ? {} : { identitySourceId: id }) }
        : { kind: spec.probe };
    return {
      scope: spec.scope,
      usedFor,
      probe,
      probeCall: probeCall(probe),
      ...(spec.adminRole === undefined ? {} : { adminRole: spec.adminRole }),
    };
  });
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
