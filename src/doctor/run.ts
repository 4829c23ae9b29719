import { UserError } from '../model/errors.js';
import { OktaRequestError } from '../okta/errors.js';
import { probeOrgUrl } from '../okta/org-probe.js';
import type { OktaPort, ProbeTarget } from '../okta/port.js';
import type { ScopeCommand } from '../okta/scopes.js';
import type { Connection } from '../pipeline/connection.js';
import { buildReport, type DoctorCheck, type DoctorReport } from './report.js';
import { type ConfiguredFeatures, type ScopeNeed, scopesNeeded } from './scopes.js';

export interface DoctorRunOptions {
  readonly connection: Connection;
  readonly features: ConfiguredFeatures;
  /** The commands whose needs are checked (default plan and apply). */
  readonly commands?: readonly ScopeCommand[];
  /** Opens a port for a connection (for a service app: with exactly the scopes asked for). */
  readonly openPort: (connection: Connection) => OktaPort;
}

/**
 * The checks, in order: the org URL answers as an Okta org; the credentials are accepted; then per needed scope,
 * one harmless read. A service app asks the token endpoint for each scope alone (`invalid_scope` names a scope not
 * granted), then reads with that token (403 names a missing admin role). An SSWS token has no scopes: the same
 * reads show what its admin may do. Nothing is written; no secret is printed.
 */
export async function runDoctor({
  connection,
  features,
  commands,
  openPort,
}: DoctorRunOptions): Promise<DoctorReport> {
  const { orgUrl, auth } = connection;
  const kind = auth.kind === 'token' ? 'ssws' : 'privateKey';
  const needs = scopesNeeded(features, commands);
  const roles = needs.flatMap((need) =>
    need.adminRole === undefined ? [] : [{ role: need.adminRole, scope: need.scope }],
  );
  const checks: DoctorCheck[] = [];
  const rows =
    kind === 'ssws'
      ? accessRows(needs)
      : needs.map((need) => ({ check: need.scope, need, usedFor: need.usedFor }));
  const skipRest = (why: string) => {
    for (const row of rows) checks.push({ check: row.check, status: 'skipped', detail: why });
    return buildReport(orgUrl, kind, checks, roles);
  };

  const org = await probeOrgUrl(orgUrl);
  if (org.kind === 'unreachable') {
    checks.push({ check: 'org', status: 'error', detail: `${orgUrl} is unreachable: ${org.reason}` });
    checks.push({ check: 'credentials', status: 'skipped', detail: 'the org did not answer' });
    return skipRest('the org did not answer');
  }
  if (org.kind === 'not-okta') {
    checks.push({
      check: 'org',
      status: 'error',
      detail: `${orgUrl} is not an Okta org: /.well-known/okta-organization answered ${org.status} (use the org URL, e.g. https://example.okta.com, not the -admin URL)`,
    });
    checks.push({ check: 'credentials', status: 'skipped', detail: 'the org URL is not an Okta org' });
    return skipRest('the org URL is not an Okta org');
  }
  checks.push({
    check: 'org',
    status: 'ok',
    detail: `an Okta org (id ${org.orgId}${org.pipeline === null ? '' : `, ${org.pipeline}`})`,
  });

  if (auth.kind === 'token') {
    const port = openPort(connection);
    const results = new Map<ProbeTarget['kind'], DoctorCheck['status'] | 'unauthorized'>();
    const details = new Map<ProbeTarget['kind'], string>();
    for (const row of rows) {
      if (results.has(row.need.probe.kind)) continue;
      const outcome = await probe(port, row.need.probe);
      results.set(row.need.probe.kind, outcome.status);
      details.set(row.need.probe.kind, outcome.detail);
      if (outcome.status === 'unauthorized') break;
    }
    if ([...results.values()].includes('unauthorized')) {
      checks.push({
        check: 'credentials',
        status: 'error',
        detail: `Okta refused OKTA_API_TOKEN (401 E0000011 Invalid token provided): it is revoked, expired or from another org`,
      });
      return skipRest('the API token was refused');
    }
    checks.push({ check: 'credentials', status: 'ok', detail: 'the SSWS API token is accepted' });
    for (const row of rows) {
      const status = results.get(row.need.probe.kind);
      checks.push({
        check: row.check,
        status: status === undefined || status === 'unauthorized' ? 'error' : status,
        detail:
          status === 'missing'
            ? `${details.get(row.need.probe.kind) ?? ''}: the token's admin has no role that allows it (${row.need.adminRole ?? 'an admin role covering it'}); needed for ${row.usedFor}`
            : `${details.get(row.need.probe.kind) ?? ''}; needed for ${row.usedFor}`,
        ...(row.need.adminRole === undefined ? {} : { adminRole: row.need.adminRole }),
      });
    }
    return buildReport(orgUrl, kind, checks, roles);
  }

  // A service app: the credentials first, with the first scope (the token endpoint checks the client before scopes).
  const first = needs[0];
  if (first !== undefined) {
    const answer = await tokenFor(connection, first.scope, openPort);
    if (!answer.ok && answer.error !== 'invalid_scope') {
      checks.push({
        check: 'credentials',
        status: 'error',
        detail:
          answer.error === 'OKTA_CONFIG'
            ? `the service app's settings are unusable: ${answer.description}`
            : `the token endpoint refused the service app: ${answer.error}: ${answer.description} ` +
              '(check OKTA_CLIENT_ID, the public key registered for it, OKTA_KEY_ID and OKTA_PRIVATE_KEY)',
      });
      return skipRest('no token for the service app');
    }
    checks.push({
      check: 'credentials',
      status: 'ok',
      detail: `the service app ${auth.clientId} gets tokens`,
    });
  }
  for (const need of needs) {
    const answer = await tokenFor(connection, need.scope, openPort);
    if (!answer.ok) {
      checks.push({
        check: need.scope,
        scope: need.scope,
        status: answer.error === 'invalid_scope' ? 'missing' : 'error',
        detail:
          answer.error === 'invalid_scope'
            ? `not granted to the service app (token endpoint: invalid_scope); needed for ${need.usedFor}`
            : `the token endpoint answered ${answer.error}: ${answer.description}`,
      });
      continue;
    }
    const outcome = await probe(answer.port, need.probe);
    const role = need.adminRole;
    checks.push({
      check: need.scope,
      status: outcome.status === 'unauthorized' ? 'error' : outcome.status,
      detail:
        outcome.status === 'missing'
          ? `granted, but ${outcome.detail}: the service app needs the admin role ${role ?? 'that allows it'}`
          : outcome.status === 'ok'
            ? `granted; ${outcome.detail}`
            : `granted, but the read failed: ${outcome.detail}`,
      ...(role === undefined ? {} : { adminRole: role }),
    });
  }
  return buildReport(orgUrl, kind, checks, roles);
}

/** With an SSWS token, one row per read (several scopes share a read), named by the call. */
function accessRows(needs: readonly ScopeNeed[]): { check: string; need: ScopeNeed; usedFor: string }[] {
  const byProbe = new Map<string, { check: string; need: ScopeNeed; usedFor: string }>();
  for (const need of needs) {
    const existing = byProbe.get(need.probe.kind);
    if (existing === undefined)
      byProbe.set(need.probe.kind, { check: need.probeCall, need, usedFor: need.usedFor });
    else existing.usedFor = `${existing.usedFor}; ${need.usedFor}`;
  }
  return [...byProbe.values()];
}

type TokenAnswer =
  | { readonly ok: true; readonly port: OktaPort }
  | { readonly ok: false; readonly error: string; readonly description: string };

async function tokenFor(
  connection: Connection,
  scope: string,
  openPort: (connection: Connection) => OktaPort,
): Promise<TokenAnswer> {
  if (connection.auth.kind !== 'privateKey') throw new Error('tokenFor needs a service app');
  try {
    const port = openPort({ ...connection, auth: { ...connection.auth, scopes: [scope] } });
    const check = await port.checkToken();
    return check.ok ? { ok: true, port } : { ok: false, error: check.error, description: check.description };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, error: error.code, description: error.message };
    throw error;
  }
}

async function probe(
  port: OktaPort,
  target: ProbeTarget,
): Promise<{ status: DoctorCheck['status'] | 'unauthorized'; detail: string }> {
  try {
    await port.probe(target);
    return { status: 'ok', detail: 'the read succeeded' };
  } catch (error) {
    if (!(error instanceof OktaRequestError)) throw error;
    const code = error.errorCode === undefined ? '' : ` ${error.errorCode}`;
    // An identity source probe without a configured id reads a placeholder: 404 means the scope let it through.
    if (error.status === 404 && target.kind === 'identitySources')
      return { status: 'ok', detail: 'allowed (404 for the placeholder identity source)' };
    if (error.status === 403) return { status: 'missing', detail: `Okta refused the read (403${code})` };
    if (error.status === 401) return { status: 'unauthorized', detail: `Okta answered 401${code}` };
    return { status: 'error', detail: error.message };
  }
}
