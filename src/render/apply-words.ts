import type { ApplyReport, ChangeOutcome, ChangeResult } from '../model/apply.js';
import { assertNever, type ChangeKind } from '../model/change.js';
import { plural } from './diagnostics.js';

/** The order outcomes are counted and shown in. */
export const outcomes: readonly ChangeOutcome[] = ['applied', 'unchanged', 'skipped', 'failed'];

/** "120 applied, 3 unchanged, 0 skipped, 0 failed" */
export function describeOutcomeCounts(counts: ApplyReport['counts']): string {
  return outcomes.map((outcome) => `${count(counts[outcome])} ${outcome}`).join(', ');
}

/** "Apply complete" or "Apply failed": the word the summary line and the PR comment's title start with. */
export function applyVerdict(report: Pick<ApplyReport, 'ok'>): string {
  return report.ok ? 'Apply complete' : 'Apply failed';
}

/** `sha256:4f2a9c1d8e7b`: enough of the plan hash to tell plans apart. */
export function shortHash(hash: string): string {
  const [algorithm, digest] = hash.includes(':') ? hash.split(':', 2) : ['', hash];
  const short = (digest ?? '').slice(0, 12);
  return algorithm === '' ? short : `${algorithm}:${short}`;
}

/** Why a result that is not `applied` is what it is: "unchanged: Okta already held it", "failed E0000007 …". */
export function outcomeNote(result: ChangeResult): string {
  const detail = result.detail === undefined ? '' : result.detail;
  switch (result.outcome) {
    case 'applied':
      return detail;
    case 'unchanged':
    case 'skipped': {
      const outcome = result.dropped === true ? 'dropped' : result.outcome;
      return detail === '' ? outcome : `${outcome}: ${detail}`;
    }
    case 'failed': {
      const head = result.verifyFailed === true ? 'did not take' : 'failed';
      const ids = [result.errorCode, result.errorId === undefined ? undefined : `error id ${result.errorId}`]
        .filter((part) => part !== undefined)
        .join(' · ');
      const prefix = ids === '' ? head : `${head} ${ids}`;
      return detail === '' ? prefix : `${prefix}: ${detail}`;
    }
    default:
      return assertNever(result.outcome);
  }
}

/**
 * What the applied changes of one kind did, completing "Payroll-Admin: …": "950 members added", "group created",
 * "assigned to app ×2".
 */
export function appliedPhrase(kind: ChangeKind, n: number): string {
  const times = n === 1 ? '' : ` ×${count(n)}`;
  switch (kind) {
    case 'membership.add':
      return `${plural(n, 'member')} added`;
    case 'membership.remove':
      return `${plural(n, 'member')} removed`;
    case 'app.create':
      return `app created${times}`;
    case 'group.create':
      return `group created${times}`;
    case 'group.adopt':
      return `group adopted${times}`;
    case 'group.update':
      return `description updated${times}`;
    case 'assignment.add':
      return `assigned to app${times}`;
    case 'assignment.remove':
      return `unassigned from app${times}`;
    case 'group.delete':
      return `group deleted${times}`;
    case 'campaign.replace':
      return `campaign replaced${times}`;
    case 'campaign.create':
      return `campaign created${times}`;
    case 'campaign.launch':
      return `campaign launched${times}`;
    case 'campaign.end':
      return `campaign ended${times}`;
    case 'user.source':
      return `users sourced${times}`;
    case 'user.deactivate':
      return `users deactivated${times}`;
    default:
      return assertNever(kind);
  }
}

/** "950 members added, group created": the phrases of `results`' kinds, in the order the kinds first appear. */
export function describeApplied(results: readonly ChangeResult[]): string {
  const counts = new Map<ChangeKind, number>();
  for (const { change } of results) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => appliedPhrase(kind, n)).join(', ');
}

/** "every change took", or how many did not, or that the org was not read back. */
export function verificationSentence(verification: ApplyReport['verification']): string {
  if (!verification.checked) return 'the org was not read back';
  if (verification.mismatches === 0) return 'the org was read back; every change took';
  return `the org was read back; ${plural(verification.mismatches, 'change')} did not take`;
}

/** "1,234 requests · 5 retries · 2 rate-limited (429) · 3.2 s waited · took 42 s" */
export function requestsSentence(report: Pick<ApplyReport, 'requests' | 'startedAt' | 'finishedAt'>): string {
  const { requests } = report;
  const parts = [
    plural(requests.total, 'request'),
    `${count(requests.retries)} ${requests.retries === 1 ? 'retry' : 'retries'}`,
    `${count(requests.rateLimited)} rate-limited (429)`,
    `${formatDuration(requests.waitedMs)} waited`,
  ];
  const took = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  if (Number.isFinite(took) && took >= 0) parts.push(`took ${formatDuration(took)}`);
  return parts.join(' · ');
}

/** "0 s", "3.2 s", "42 s", "2 min 5 s", "1 h 3 min": exact to a tenth below 10 s, to a second below an hour. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 10) return `${Number(seconds.toFixed(1))} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) {
    const rest = whole % 60;
    return `${Math.floor(whole / 60)} min${rest === 0 ? '' : ` ${rest} s`}`;
  }
  const minutes = Math.floor((whole % 3600) / 60);
  return `${Math.floor(whole / 3600)} h${minutes === 0 ? '' : ` ${minutes} min`}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
