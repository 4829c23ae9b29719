/**
 * The one table of the OAuth scopes okta-access asks Okta for: which command needs which scope, always or only for a
 * configured feature, and what for. Everything else derives from it: the scopes a command requests, `doctor`'s checks,
 * the scope a refused request is missing, and the lists in action.yml, the README and the example workflows (a test
 * keeps those equal to `renderScopeTable` and `scopeLine`).
 */

/** The commands that talk to Okta. `drift` reads what `plan` reads. */
export const scopeCommands = ['plan', 'drift', 'apply', 'import', 'evidence', 'remediate'] as const;
export type ScopeCommand = (typeof scopeCommands)[number];

/**
 * When a command needs a scope: `always`, or only when the repository has campaign files (`campaigns`; for import,
 * `--campaigns`), or configures `users:` (`users`, user sourcing through an identity source).
 */
export type ScopeCondition = 'always' | 'campaigns' | 'users';

/** The read each scope family is proven by (doctor): one page of one item. */
export type ScopeProbe = 'apps' | 'groups' | 'users' | 'campaigns' | 'identitySources';

export interface ScopeSpec {
  readonly scope: string;
  /** The commands that need it, and when. */
  readonly needs: Readonly<Partial<Record<ScopeCommand, ScopeCondition>>>;
  /** What the tool does with it, for doctor's table and the docs. */
  readonly usedFor: string;
  readonly probe: ScopeProbe;
  /** Governance calls also need an admin role on the service app (OpenAPI `x-okta-iam-admin-roles`). */
  readonly adminRole?: string;
}

const certificationsRole = 'ACCESS_CERTIFICATIONS_ADMIN';

/**
 * Least privilege. A `manage` scope includes its `read` in Okta, so apply (which reads the org again before writing)
 * asks for `okta.apps.manage`, not also `okta.apps.read`.
 */
export const scopeTable: readonly ScopeSpec[] = [
  {
    scope: 'okta.apps.read',
    needs: { plan: 'always', drift: 'always', import: 'always' },
    usedFor: 'find the apps, their group assignments and the users an identity source owns',
    probe: 'apps',
  },
  {
    scope: 'okta.groups.read',
    needs: { plan: 'always', drift: 'always', import: 'always', evidence: 'always', remediate: 'always' },
    usedFor: 'list groups and their members',
    probe: 'groups',
  },
  {
    scope: 'okta.users.read',
    needs: { plan: 'always', drift: 'always', apply: 'always', import: 'always' },
    usedFor: 'find users by email (and managers by id)',
    probe: 'users',
  },
  {
    scope: 'okta.apps.manage',
    needs: { apply: 'always' },
    usedFor: 'create bookmark apps, assign and unassign groups',
    probe: 'apps',
  },
  {
    scope: 'okta.groups.manage',
    needs: { apply: 'always' },
    usedFor: 'create, adopt, update and delete groups; add and remove members',
    probe: 'groups',
  },
  {
    scope: 'okta.governance.accessCertifications.read',
    needs: {
      plan: 'campaigns',
      drift: 'campaigns',
      import: 'campaigns',
      evidence: 'always',
      remediate: 'always',
    },
    usedFor: 'read campaigns and reviews',
    probe: 'campaigns',
    adminRole: certificationsRole,
  },
  {
    scope: 'okta.governance.accessCertifications.manage',
    needs: { apply: 'campaigns' },
    usedFor: 'create, replace, launch and end campaigns',
    probe: 'campaigns',
    adminRole: certificationsRole,
  },
  {
    scope: 'okta.identitySources.manage',
    needs: { apply: 'users' },
    usedFor: 'load users through the identity source',
    probe: 'identitySources',
  },
];

/** What the access repository (or the command line) configures: decides the conditional scopes. */
export interface ScopeFeatures {
  readonly campaigns: boolean;
  readonly users: boolean;
}

/** The scopes a command needs for these features, in table order: exactly what it asks the token endpoint for. */
export function scopesFor(command: ScopeCommand, features: ScopeFeatures): string[] {
  return specsFor(command, features).map((spec) => spec.scope);
}

export function specsFor(command: ScopeCommand, features: ScopeFeatures): ScopeSpec[] {
  return scopeTable.filter((spec) => {
    const condition = spec.needs[command];
    return (
      condition === 'always' ||
      (condition === 'campaigns' && features.campaigns) ||
      (condition === 'users' && features.users)
    );
  });
}

/** Whether a token granted `granted` may call what `scope` allows (a `manage` includes its `read`). */
export function covers(granted: readonly string[], scope: string): boolean {
  return granted.includes(scope) || granted.includes(scope.replace(/\.read$/, '.manage'));
}

/**
 * The scope Okta checks for a request, from its templated endpoint (`GET /api/v1/groups/{id}/users`): reads need
 * `…read`, writes `…manage`. Undefined for an endpoint outside the table's families.
 */
export function scopeOfEndpoint(endpoint: string): string | undefined {
  const [method = '', path = ''] = endpoint.split(' ', 2);
  const family = families.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1];
  if (family === undefined) return undefined;
  return `${family}.${method === 'GET' ? 'read' : 'manage'}`;
}

const families: readonly (readonly [string, string])[] = [
  ['/api/v1/apps', 'okta.apps'],
  ['/api/v1/groups', 'okta.groups'],
  ['/api/v1/users', 'okta.users'],
  ['/api/v1/identity-sources', 'okta.identitySources'],
  ['/governance/api/v1', 'okta.governance.accessCertifications'],
];

/** The spec of a scope, if the table has it. */
export function specOf(scope: string): ScopeSpec | undefined {
  return scopeTable.find((spec) => spec.scope === scope);
}

/** When a conditional scope is needed, in words (`import` takes its campaigns from `--campaigns`). */
function conditionWords(command: ScopeCommand, condition: Exclude<ScopeCondition, 'always'>): string {
  if (condition === 'users') return 'with user sourcing (users:)';
  return command === 'import' ? 'with --campaigns' : 'with campaign files';
}

/**
 * One line per command for action.yml and the example workflows: `plan: okta.apps.read okta.groups.read
 * okta.users.read; with campaign files also okta.governance.accessCertifications.read`.
 */
export function scopeLine(command: ScopeCommand): string {
  const always = scopeTable.filter((spec) => spec.needs[command] === 'always').map((spec) => spec.scope);
  const extra = (['campaigns', 'users'] as const).flatMap((condition) => {
    const scopes = scopeTable.filter((spec) => spec.needs[command] === condition).map((spec) => spec.scope);
    return scopes.length === 0 ? [] : [`${conditionWords(command, condition)} also ${scopes.join(' ')}`];
  });
  return `${command}: ${[always.join(' '), ...extra].join('; ')}`;
}

/** The README's table: one row per scope, one column per command (`✓` always, else when). */
export function renderScopeTable(): string {
  const header = `| scope | ${scopeCommands.join(' | ')} | used for |`;
  const rule = `| --- | ${scopeCommands.map(() => ':-:').join(' | ')} | --- |`;
  const rows = scopeTable.map((spec) => {
    const cells = scopeCommands.map((command) => {
      const condition = spec.needs[command];
      return condition === undefined ? '' : condition === 'always' ? '✓' : conditionWords(command, condition);
    });
    const role = spec.adminRole === undefined ? '' : `; admin role \`${spec.adminRole}\``;
    return `| \`${spec.scope}\` | ${cells.join(' | ')} | ${spec.usedFor}${role} |`;
  });
  return [header, rule, ...rows].join('\n');
}
