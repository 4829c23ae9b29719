import { plainStyles, type Styles } from '../render/diagnostics.js';
import { printable } from '../render/escape.js';

export type CheckStatus = 'ok' | 'missing' | 'error' | 'skipped';

/** One row of the doctor's table. */
export interface DoctorCheck {
  /** `org`, `credentials`, or the scope (or, with an SSWS token, the access) checked. */
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly scope?: string;
  readonly adminRole?: string;
}

export interface DoctorReport {
  readonly formatVersion: 1;
  readonly org: string;
  readonly auth: 'ssws' | 'privateKey';
  readonly checks: readonly DoctorCheck[];
  /** Scopes to grant the service app (privateKey only), in check order. */
  readonly grant: readonly string[];
  /** Admin roles the service app (or the token's admin) needs, with what for. */
  readonly adminRoles: readonly { readonly role: string; readonly for: string }[];
  readonly ok: boolean;
}

/** Builds the report value from the checks: what to grant, which roles, whether all is well. Pure. */
export function buildReport(
  org: string,
  auth: DoctorReport['auth'],
  checks: readonly DoctorCheck[],
  roles: readonly { readonly role: string; readonly scope: string }[],
): DoctorReport {
  const grant =
    auth === 'privateKey'
      ? [
          ...new Set(
            checks.filter((c) => c.status === 'missing' && c.scope !== undefined).map((c) => c.scope ?? ''),
          ),
        ]
      : [];
  const byRole = new Map<string, string[]>();
  for (const { role, scope } of roles) byRole.set(role, [...(byRole.get(role) ?? []), scope]);
  return {
    formatVersion: 1,
    org,
    auth,
    checks,
    grant,
    adminRoles: [...byRole].map(([role, scopes]) => ({ role, for: scopes.join(', ') })),
    ok: checks.every((check) => check.status === 'ok'),
  };
}

const marks: Record<CheckStatus, string> = {
  ok: 'ok',
  missing: 'missing',
  error: 'error',
  skipped: 'skipped',
};

/** The table, then what to grant and which admin roles, the way Okta's Admin Console words it. Never a secret. */
export function renderReportText(report: DoctorReport, styles: Styles = plainStyles): string {
  const width = Math.max(...report.checks.map((check) => check.check.length), 5);
  const colour = (status: CheckStatus, text: string) =>
    status === 'ok' ? styles.green(text) : status === 'skipped' ? styles.dim(text) : styles.red(text);
  const lines = [
    `${styles.bold('okta-access doctor')} ${printable(report.org)} (${report.auth === 'ssws' ? 'SSWS API token' : 'OAuth service app, private key'})`,
    '',
    ...report.checks.map(
      (check) =>
        `  ${colour(check.status, marks[check.status].padEnd(7))}  ${check.check.padEnd(width)}  ${printable(check.detail)}`,
    ),
    '',
  ];
  if (report.grant.length > 0) {
    lines.push(
      `grant these scopes to the service app: ${report.grant.join(', ')}`,
      '  Admin Console → Applications → Applications → the service app → Okta API Scopes → Grant',
      '  (for the Okta Workflows OAuth app: Workflows Console → Okta Workflows OAuth → Okta API Scopes → Grant),',
      '  or the API: POST /api/v1/apps/{appId}/grants {"issuer": "<org URL>", "scopeId": "<scope>"}.',
    );
  }
  if (report.adminRoles.length > 0) {
    lines.push(
      report.auth === 'privateKey'
        ? 'admin roles the service app needs (Admin Console → the service app → Admin roles → Edit assignments):'
        : 'admin roles the token’s admin needs (an API token acts with its creator’s roles):',
    );
    for (const { role, for: scopes } of report.adminRoles)
      lines.push(`  ${role} (or SUPER_ADMIN) for ${scopes}`);
  }
  lines.push(
    report.ok
      ? `${styles.green('✔')} everything the configuration needs is granted`
      : `${styles.red('✖')} ${report.checks.filter((c) => c.status !== 'ok').length} of ${report.checks.length} checks did not pass`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderReportJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
