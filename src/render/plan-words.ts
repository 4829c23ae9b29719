import { assertNever, type Change, type ChangeKind } from '../model/change.js';
import type { PlanSummary } from '../model/plan.js';
import { plural } from './diagnostics.js';

export type Sign = '+' | '~' | '-';

/** `+` adds or creates, `~` updates, `-` removes or deletes. */
export function changeSign(kind: ChangeKind): Sign {
  switch (kind) {
    case 'app.create':
    case 'group.create':
    case 'assignment.add':
    case 'membership.add':
      return '+';
    case 'group.update':
      return '~';
    case 'membership.remove':
    case 'assignment.remove':
    case 'group.delete':
      return '-';
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
    case 'app.create':
    case 'group.create':
    case 'group.update':
    case 'assignment.add':
    case 'assignment.remove':
    case 'group.delete':
      return `${kindLabel(kind).toLowerCase()}${times}`;
    default:
      return assertNever(kind);
  }
}

/** "3 to create, 120 to add, 2 to remove, 1 to delete" ("N to update" only when there are updates). */
export function describePlanCounts(summary: PlanSummary): string {
  const { byKind } = summary;
  const count = (n: number, verb: string) => `${n.toLocaleString('en-US')} to ${verb}`;
  const parts = [count(byKind['app.create'] + byKind['group.create'], 'create')];
  if (byKind['group.update'] > 0) parts.push(count(byKind['group.update'], 'update'));
  parts.push(
    count(byKind['assignment.add'] + byKind['membership.add'], 'add'),
    count(byKind['membership.remove'] + byKind['assignment.remove'], 'remove'),
    count(byKind['group.delete'], 'delete'),
  );
  return parts.join(', ');
}

export const noChangesSentence = 'No changes. Okta matches the access repository.';
export const cannotApplyHeading = 'This plan cannot be applied:';
