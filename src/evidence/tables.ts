import type { OktaReview } from '../okta/port.js';
import { csvDocument } from './csv.js';
import { byCells } from './json.js';
import type { GroupMember, PopulationRow, TargetGroup } from './model.js';

/** The four CSV files of a pack, each sorted so that the same inputs give the same bytes. */

/** `items` sorted by the cells `key` gives each, in code-unit order. */
function sortedBy<T>(items: readonly T[], key: (item: T) => readonly string[]): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => byCells(a.key, b.key))
    .map(({ item }) => item);
}

/** How a review's resource is shown: the group's name and what it stands for, when known. */
interface GroupLabel {
  readonly group: string;
  readonly app: string;
  readonly entitlement: string;
}

function labeller(groups: readonly TargetGroup[]): (resourceId: string) => GroupLabel {
  const byId = new Map(groups.map((group) => [group.id, group]));
  return (resourceId) => {
    const group = byId.get(resourceId);
    return { group: group?.name ?? '', app: group?.app ?? '', entitlement: group?.entitlement ?? '' };
  };
}

export const populationHeader = ['user', 'firstName', 'lastName', 'app', 'entitlement', 'group', 'source'];

/** Sorted by app, entitlement, user. */
export function populationCsv(rows: readonly PopulationRow[]): string {
  return csvDocument(
    populationHeader,
    sortedBy(rows, (row) => [row.app, row.entitlement, row.user, row.source, row.group]).map((row) => [
      row.user,
      row.firstName,
      row.lastName,
      row.app,
      row.entitlement,
      row.group,
      row.source,
    ]),
  );
}

function userOf(review: OktaReview): string {
  return review.principalEmail ?? review.principalId;
}

/** Reviews sorted by group, then user, then review id. */
function reviewsInOrder(reviews: readonly OktaReview[], label: (id: string) => GroupLabel): OktaReview[] {
  return sortedBy(reviews, (review) => [
    label(review.resourceId).group,
    review.resourceId,
    userOf(review),
    review.id,
  ]);
}

export const decisionsHeader = [
  'user',
  'name',
  'app',
  'entitlement',
  'group',
  'decision',
  'decided',
  'reviewer',
  'note',
  'reviewerLevel',
  'reviewId',
  'userId',
  'groupId',
  'reviewerId',
];

export function decisionsCsv(reviews: readonly OktaReview[], groups: readonly TargetGroup[]): string {
  const label = labeller(groups);
  return csvDocument(
    decisionsHeader,
    reviewsInOrder(reviews, label).map((review) => {
      const { group, app, entitlement } = label(review.resourceId);
      return [
        userOf(review),
        review.principalName,
        app,
        entitlement,
        group,
        review.decision,
        review.decided,
        review.reviewerEmail ?? review.reviewerId,
        review.note,
        review.currentReviewerLevel,
        review.id,
        review.principalId,
        review.resourceId,
        review.reviewerId,
      ];
    }),
  );
}

export const remediationHeader = [
  'user',
  'app',
  'entitlement',
  'group',
  'decision',
  'remediationStatus',
  'reviewId',
  'userId',
  'groupId',
];

export function remediationCsv(reviews: readonly OktaReview[], groups: readonly TargetGroup[]): string {
  const label = labeller(groups);
  return csvDocument(
    remediationHeader,
    reviewsInOrder(reviews, label).map((review) => {
      const { group, app, entitlement } = label(review.resourceId);
      return [
        userOf(review),
        app,
        entitlement,
        group,
        review.decision,
        review.remediationStatus,
        review.id,
        review.principalId,
        review.resourceId,
      ];
    }),
  );
}

export const accessAfterHeader = [
  'user',
  'app',
  'entitlement',
  'group',
  'login',
  'status',
  'userId',
  'groupId',
];

function memberName(member: GroupMember): string {
  return member.email === '' ? member.login : member.email;
}

/** Sorted by group, then user. A group without members has no row (the manifest counts members per group). */
export function accessAfterCsv(groups: readonly TargetGroup[]): string {
  const rows = groups.flatMap((group) => group.members.map((member) => ({ group, member })));
  return csvDocument(
    accessAfterHeader,
    sortedBy(rows, ({ group, member }) => [group.name ?? '', group.id, memberName(member), member.id]).map(
      ({ group, member }) => [
        memberName(member),
        group.app,
        group.entitlement,
        group.name,
        member.login,
        member.status,
        member.id,
        group.id,
      ],
    ),
  );
}
