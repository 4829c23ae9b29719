import type { SourceRef } from '../model/source.js';
import type { App } from '../model/state.js';
import type { OktaReview } from '../okta/port.js';

/** A REVOKE decision and what it comes to in the repository. */
export type Remediation =
  | {
      readonly kind: 'remove';
      readonly review: OktaReview;
      readonly email: string;
      readonly app: string;
      readonly entitlement: string;
      /** The CSV row that grants it (display path, 1-based line where the record starts). */
      readonly source: SourceRef;
    }
  | {
      readonly kind: 'already-removed';
      readonly review: OktaReview;
      readonly email: string;
      /** The entitlement, when the repository still has the group. */
      readonly app?: string;
      readonly entitlement?: string;
      readonly groupName: string;
      readonly reason: string;
    }
  | {
      /** A decision no row can be found for, whatever the repository says: reported, nothing changed for it. */
      readonly kind: 'unresolved';
      readonly review: OktaReview;
      readonly reason: string;
    };

/**
 * The REVOKE decisions of a campaign against the desired state: each review's group (its resourceId, named through
 * `groupNames`) is mapped back to an app and entitlement by the group names the naming rule gives, and the
 * reviewed user's email (compared without case) to the CSV row that grants it. Other decisions are ignored.
 */
export function matchDecisions(
  reviews: readonly OktaReview[],
  groupNames: ReadonlyMap<string, string>,
  apps: ReadonlyMap<string, App>,
): Remediation[] {
  const entitlements = new Map<string, { app: App; name: string; members: ReadonlyMap<string, SourceRef> }>();
  for (const app of apps.values()) {
    for (const entitlement of app.entitlements.values()) {
      entitlements.set(entitlement.groupName.toLowerCase(), {
        app,
        name: entitlement.name,
        members: entitlement.members,
      });
    }
  }
  const result: Remediation[] = [];
  for (const review of reviews) {
    if (review.decision !== 'REVOKE') continue;
    const email = review.principalEmail?.trim().toLowerCase() ?? '';
    if (email === '') {
      result.push({
        kind: 'unresolved',
        review,
        reason: `Okta gives no email for user ${review.principalId}`,
      });
      continue;
    }
    const groupName = groupNames.get(review.resourceId);
    if (groupName === undefined) {
      result.push({
        kind: 'unresolved',
        review,
        reason: `${review.resourceId} is not a group Okta has (an app, or a group deleted since)`,
      });
      continue;
    }
    const entitlement = entitlements.get(groupName.toLowerCase());
    if (entitlement === undefined) {
      result.push({
        kind: 'already-removed',
        review,
        email,
        groupName,
        reason: `no entitlement of the repository is group ${groupName} any more`,
      });
      continue;
    }
    const source = entitlement.members.get(email);
    const app = entitlement.app.label;
    if (source === undefined) {
      result.push({
        kind: 'already-removed',
        review,
        email,
        app,
        entitlement: entitlement.name,
        groupName,
        reason: `no row grants ${email} ${app} ${entitlement.name}`,
      });
      continue;
    }
    result.push({ kind: 'remove', review, email, app, entitlement: entitlement.name, source });
  }
  return result;
}
