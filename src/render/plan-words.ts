import { assertNever, type Change, type ChangeKind, changeKinds } from '../model/change.js';
import type { Plan, PlanSummary } from '../model/plan.js';
import { peopleCount } from './change-label.js';
import { plural } from './diagnostics.js';

export type Sign = '+' | '~' | '-' | '»';

/** `+` adds or creates, `~` updates (or replaces), `-` removes, deletes or ends, `»` launches a campaign. */
export function changeSign(kind: ChangeKind): Sign {
  switch (kind) {
    case 'app.create':
    case 'group.create':
    case 'assignment.add':
    case 'membership.add':
    case 'campaign.create':
    case 'user.source':
      return '+';
    case 'group.adopt':
    case 'group.update':
    case 'campaign.replace':
      return '~';
    case 'membership.remove':
    case 'assignment.remove':
    case 'group.delete':
    case 'campaign.end':
    case 'user.deactivate':
      return '-';
    case 'campaign.launch':
      return '»';
    default:
      return assertNever(kind);
  }
}

/** A row label of the summary table: what one change of the kind does. */
export function kindLabel(kind: ChangeKind): string {
  switch (kind) {
    case 'app.create':
      return 'Create app';
    case 'group.create':
      return 'Create group';
    case 'group.adopt':
      return 'Adopt group';
    case 'group.update':
      return 'Update group';
    case 'assignment.add':
      return 'Assign group to app';
    case 'membership.add':
      return 'Add member';
    case 'membership.remove':
      return 'Remove member';
    case 'assignment.remove':
      return 'Unassign group from app';
    case 'group.delete':
      return 'Delete group';
    case 'campaign.replace':
      return 'Replace campaign';
    case 'campaign.create':
      return 'Create campaign';
    case 'campaign.launch':
      return 'Launch campaign';
    case 'campaign.end':
      return 'End campaign';
    case 'user.source':
      return 'Source user';
    case 'user.deactivate':
      return 'Deactivate user';
    default:
      return assertNever(kind);
  }
}

/** "create group, 100 members to add": what a group's (or an app's) changes do, for a heading. */
export function describeChanges(changes: readonly Change[]): string {
  const counts = new Map<ChangeKind, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => countPhrase(kind, count)).join(', ');
}

function countPhrase(kind: ChangeKind, count: number): string {
  const times = count === 1 ? '' : ` ×${count.toLocaleString('en-US')}`;
  switch (kind) {
    case 'membership.add':
      return `${plural(count, 'member')} to add`;
    case 'membership.remove':
      return `${plural(count, 'member')} to remove`;
    case 'user.source':
      return `${peopleCount(count)} to source`;
    case 'user.deactivate':
      return `${peopleCount(count)} to deactivate`;
    case 'app.create':
    case 'group.create':
    case 'group.adopt':
    case 'group.update':
    case 'assignment.add':
    case 'assignment.remove':
    case 'group.delete':
    case 'campaign.replace':
    case 'campaign.create':
    case 'campaign.launch':
    case 'campaign.end':
      return `${kindLabel(kind).toLowerCase()}${times}`;
    default:
      return assertNever(kind);
  }
}

/** The campaign kinds in the order the summary names them (what happens first to a campaign comes first). */
const campaignVerbs = [
  ['campaign.create', 'create'],
  ['campaign.replace', 'replace'],
  ['campaign.launch', 'launch'],
  ['campaign.end', 'end'],
] as const satisfies readonly (readonly [ChangeKind, string])[];

/**
 * "3 to create, 120 to add, 2 to remove, 1 to delete" ("N to update" only when there are updates), then the campaign
 * kinds that occur: "…; 1 campaign to create, 1 to replace, 1 to launch". A plan that changes only campaigns says
 * only that.
 */
export function describePlanCounts(summary: PlanSummary): string {
  const { byKind } = summary;
  const count = (n: number, verb: string) => `${n.toLocaleString('en-US')} to ${verb}`;
  const parts = [count(byKind['app.create'] + byKind['group.create'], 'create')];
  if (byKind['group.update'] > 0) parts.push(count(byKind['group.update'], 'update'));
  // Adoptions change no access; counted on their own like Terraform's "to import", and only when there are some.
  if (byKind['group.adopt'] > 0) parts.push(count(byKind['group.adopt'], 'adopt'));
  parts.push(
    count(byKind['assignment.add'] + byKind['membership.add'], 'add'),
    count(byKind['membership.remove'] + byKind['assignment.remove'], 'remove'),
    count(byKind['group.delete'], 'delete'),
  );
  const campaigns = campaignVerbs
    .filter(([kind]) => byKind[kind] > 0)
    .map(([kind, verb], index) => {
      const n = byKind[kind];
      return index === 0 ? `${plural(n, 'campaign')} to ${verb}` : count(n, verb);
    });
  // Sourcing is opt-in: its counts are named only when there are some, first (user changes are applied first).
  const users: string[] = [];
  if (byKind['user.source'] > 0) users.push(`${peopleCount(byKind['user.source'])} to source`);
  if (byKind['user.deactivate'] > 0) users.push(`${peopleCount(byKind['user.deactivate'])} to deactivate`);
  if (users.length > 0) parts.unshift(...users);
  if (campaigns.length === 0) return parts.join(', ');
  const access = changeKinds.filter((kind) => !kind.startsWith('campaign.')).some((kind) => byKind[kind] > 0);
  return access ? `${parts.join(', ')}; ${campaigns.join(', ')}` : campaigns.join(', ');
}

export const noChangesSentence = 'No changes. Okta matches the access repository.';

/**
 * What a plan without changes says: that Okta matches, except for managed campaigns left alone with a note (a
 * changed definition of an active or completed campaign, a campaign no file defines any more).
 */
export function noChangesFor(plan: Pick<Plan, 'campaigns'>): string {
  const leftAlone = plan.campaigns.filter((note) => note.note !== undefined).length;
  if (leftAlone === 0) return noChangesSentence;
  return `No changes. Okta matches the access repository, except for ${plural(leftAlone, 'campaign')} left alone (see Campaigns).`;
}

export const cannotApplyHeading = 'This plan cannot be applied:';
