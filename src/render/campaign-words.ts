import type { CampaignStatusNote, FieldChange, Json } from '../model/campaign.js';
import { assertNever } from '../model/change.js';
import { plural } from './diagnostics.js';
import type { CampaignChange } from './plan-tree.js';

/** Why a replace is a delete and a create: said on every replace, so that nobody expects an in-place update. */
export const replaceNote = 'scheduled: deleted and created again, Okta has no update';

/** Field values longer than this are cut with an ellipsis: a line per field change, not a JSON dump. */
const maxValueLength = 60;

/**
 * `create campaign "Payroll quarterly access review"`, `replace campaign "…" (scheduled: …)`, `launch campaign "…"`,
 * `end campaign "…"`; `name` quotes (and escapes) the campaign name for the format.
 */
export function campaignLabel(change: CampaignChange, name: (campaign: string) => string): string {
  switch (change.kind) {
    case 'campaign.create':
      return `create campaign ${name(change.campaign)}`;
    case 'campaign.replace':
      return `replace campaign ${name(change.campaign)} (${replaceNote})`;
    case 'campaign.launch':
      return `launch campaign ${name(change.campaign)}`;
    case 'campaign.end':
      return `end campaign ${name(change.campaign)}`;
    default:
      return assertNever(change);
  }
}

/** Below a campaign change, as plain text: the create body in short, or one line per field a replace changes. */
export function campaignDetails(change: CampaignChange, launched: ReadonlySet<string>): string[] {
  switch (change.kind) {
    case 'campaign.create':
      return [describeCampaignBody(change.body, change.targetGroups, launched.has(change.campaign))];
    case 'campaign.replace':
      return change.fields.map(describeFieldChange);
    case 'campaign.launch':
    case 'campaign.end':
      return [];
    default:
      return assertNever(change);
  }
}

/**
 * The create body in short: "one-off from 2027-04-12T16:00:00Z for 21 days · reviewer type MANAGER · 2 target
 * groups · launch on apply". Parts the body does not hold are left out; `launchOnApply` is whether the plan also
 * launches the campaign (else Okta launches it at its start date).
 */
export function describeCampaignBody(
  body: { readonly [key: string]: Json },
  targetGroups: readonly string[],
  launchOnApply: boolean,
): string {
  const schedule = record(body.scheduleSettings);
  const when: string[] = [];
  const type = text(schedule.type);
  if (type === 'ONE_OFF') when.push('one-off');
  else if (type === 'RECURRING') {
    const interval = text(record(schedule.recurrence).interval);
    when.push(interval === undefined ? 'recurring' : `recurring every ${interval}`);
  } else if (type !== undefined) when.push(type.toLowerCase());
  const start = text(schedule.startDate);
  if (start !== undefined) when.push(`from ${start}`);
  const days = schedule.durationInDays;
  if (typeof days === 'number') when.push(`for ${plural(days, 'day')}`);
  const parts = when.length === 0 ? [] : [when.join(' ')];
  const reviewers = text(record(body.reviewerSettings).type);
  if (reviewers !== undefined) parts.push(`reviewer type ${reviewers}`);
  parts.push(plural(targetGroups.length, 'target group'));
  parts.push(launchOnApply ? 'launch on apply' : 'launch at start date');
  return parts.join(' · ');
}

/** `/scheduleSettings/durationInDays: 21 → 30`, with `(unset)` for the side of an added or removed field. */
export function describeFieldChange(field: FieldChange): string {
  const side = (value: Json | undefined) => fieldValue(value) ?? '(unset)';
  return `${field.path}: ${side(field.from)} → ${side(field.to)}`;
}

/** A field's value as JSON, cut to a readable length; null when the field is not set on that side. */
export function fieldValue(value: Json | undefined): string | null {
  if (value === undefined) return null;
  const json = JSON.stringify(value);
  return json.length <= maxValueLength ? json : `${json.slice(0, maxValueLength - 1)}…`;
}

/** "scheduled", "active: 12 of 40 reviews decided", "completed: 40 of 40 reviews decided". */
export function describeCampaignStatus(note: Pick<CampaignStatusNote, 'status' | 'reviews'>): string {
  const status = note.status.toLowerCase();
  if (note.reviews === undefined) return status;
  const { decided, total } = note.reviews;
  return `${status}: ${decided.toLocaleString('en-US')} of ${plural(total, 'review')} decided`;
}

function record(value: Json | undefined): { readonly [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as { readonly [key: string]: Json })
    : {};
}

function text(value: Json | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
