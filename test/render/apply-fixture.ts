import type { ApplyReport, ChangeOutcome, ChangeResult } from '../../src/model/apply.js';
import { type Change, changeKey } from '../../src/model/change.js';
import { campaignChangeList, change } from './plan-fixture.js';

type Overrides = Partial<Omit<ApplyReport, 'results' | 'counts' | 'ok'>>;

/** A report around `results`, with counts and `ok` derived from them and fixed metadata (so renders are stable). */
export function buildReport(results: readonly ChangeResult[], overrides: Overrides = {}): ApplyReport {
  const counts: Record<ChangeOutcome, number> = { applied: 0, unchanged: 0, skipped: 0, failed: 0 };
  for (const entry of results) counts[entry.outcome]++;
  const mismatches = results.filter((entry) => entry.verifyFailed === true).length;
  return {
    formatVersion: 1,
    org: 'https://acme.okta.com',
    config: 'okta-access.yaml',
    commit: '4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39',
    planHash: 'sha256:9b1e0c7d5a3f2e8d4c6b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d',
    startedAt: '2027-03-31T12:00:00.000Z',
    finishedAt: '2027-03-31T12:01:05.000Z',
    staleness: { fresh: true, message: 'the org is as it was when the plan was made' },
    results,
    counts,
    verification: { checked: true, mismatches },
    requests: { total: 14, retries: 1, rateLimited: 1, waitedMs: 3_200 },
    ok: counts.failed === 0,
    ...overrides,
  };
}

/** One result per outcome, keyed as apply keys them. */
export const result = {
  applied: (of: Change): ChangeResult => ({ key: changeKey(of), change: of, outcome: 'applied' }),
  unchanged: (of: Change, detail = 'Okta already held it'): ChangeResult => ({
    key: changeKey(of),
    change: of,
    outcome: 'unchanged',
    detail,
  }),
  skipped: (of: Change, detail = 'done by an earlier run of this plan (journal)'): ChangeResult => ({
    key: changeKey(of),
    change: of,
    outcome: 'skipped',
    detail,
  }),
  failed: (of: Change, errorCode = 'E0000007', errorId = 'oaeXk3Q2'): ChangeResult => ({
    key: changeKey(of),
    change: of,
    outcome: 'failed',
    detail: `Okta answered 404 ${errorCode} to PUT /api/v1/groups/{id}/users/{id}: Not found: Resource not found`,
    errorCode,
    errorId,
  }),
  didNotTake: (of: Change): ChangeResult => ({
    key: changeKey(of),
    change: of,
    outcome: 'failed',
    verifyFailed: true,
    detail: 'written, but reading the org back shows it did not take',
  }),
};

/** A small run with every outcome: a new app, additions, a removal, a retired entitlement, one failure. */
export function realisticReport(overrides: Overrides = {}): ApplyReport {
  return buildReport(
    [
      result.applied(change.appCreate('Travel')),
      result.applied(change.groupCreate('Travel', 'Booker')),
      result.applied(change.assignmentAdd('Travel', 'Booker')),
      result.applied(change.add('Travel', 'Booker', 'dana@example.com', 3)),
      result.unchanged(change.add('Travel', 'Booker', 'carl@example.com', 2)),
      result.failed(change.add('Payroll', 'Admin', 'erin@example.com', 7)),
      result.applied(change.remove('Payroll', 'Admin', 'bob@example.com')),
      result.skipped(change.remove('Payroll', 'Viewer', 'zoe@example.com')),
      result.applied(change.assignmentRemove('Payroll', 'Legacy')),
      result.applied(change.groupDelete('Payroll', 'Legacy')),
    ],
    overrides,
  );
}

/**
 * `size` results over 10 apps × 20 groups: membership additions, with every 97th a removal, every 500th failed
 * (alternating Okta's error and "did not take") and every 1,000th unchanged.
 */
export function largeReport(size: number): ApplyReport {
  const results: ChangeResult[] = [];
  for (let i = 0; i < size; i++) {
    const app = `App${i % 10}`;
    const entitlement = `E${String(Math.floor(i / 10) % 20).padStart(2, '0')}`;
    const email = `user${String(i).padStart(5, '0')}@example.com`;
    const of =
      i % 97 === 0 ? change.remove(app, entitlement, email) : change.add(app, entitlement, email, i + 2);
    if (i % 500 === 1) results.push(i % 1000 === 1 ? result.failed(of) : result.didNotTake(of));
    else if (i % 1000 === 2) results.push(result.unchanged(of));
    else results.push(result.applied(of));
  }
  return buildReport(results);
}

/**
 * A run with campaign results beside an app's: the create and its launch applied, the replace failed (Okta refused
 * the delete of a campaign that had just launched), the end skipped (done by an earlier run).
 */
export function campaignReport(overrides: Overrides = {}): ApplyReport {
  const [create, launch, replace, end] = campaignChangeList();
  if (create === undefined || launch === undefined || replace === undefined || end === undefined) {
    throw new Error('fixture: four campaign changes');
  }
  return buildReport(
    [
      result.applied(change.add('Payroll', 'Admin', 'erin@example.com', 7)),
      result.applied(create),
      result.applied(launch),
      {
        ...result.failed(replace, 'E0000001', 'oaeCmp9'),
        detail:
          'Okta answered 400 E0000001 to DELETE /governance/api/v1/campaigns/{id}: Api validation failed: campaign is not scheduled',
      },
      result.skipped(end),
    ],
    overrides,
  );
}
