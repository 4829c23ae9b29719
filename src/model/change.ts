import type { FieldChange, Json } from './campaign.js';
import type { SourceRef } from './source.js';

/** What every change carries: a human reason, whether it removes access or objects, and where it comes from. */
interface ChangeCommon {
  /** Display only: why the change is in the plan. */
  readonly reason: string;
  /** Removes access or deletes an object: counted against the safety limits and always shown. */
  readonly destructive: boolean;
  /** The file and line of the access repository that the change follows from, when there is one. */
  readonly source?: SourceRef;
}

export type Change =
  | (ChangeCommon & { readonly kind: 'app.create'; readonly app: string; readonly url: string })
  | (ChangeCommon & {
      readonly kind: 'group.create';
      readonly group: string;
      readonly app: string;
      readonly entitlement: string;
      readonly description: string;
    })
  | (ChangeCommon & {
      readonly kind: 'group.update';
      readonly app: string;
      readonly group: string;
      readonly groupId: string;
      readonly description: { readonly from: string | null; readonly to: string };
    })
  | (ChangeCommon & {
      /**
       * An existing group the app file adopts (`adopt: true`): its description gets the ownership marker, after which
       * it is managed like a group the tool created. Changes no access.
       */
      readonly kind: 'group.adopt';
      readonly app: string;
      readonly entitlement: string;
      readonly group: string;
      readonly groupId: string;
      readonly description: { readonly from: string | null; readonly to: string };
    })
  | (ChangeCommon & {
      readonly kind: 'assignment.add';
      readonly app: string;
      readonly appId?: string;
      readonly group: string;
      readonly groupId?: string;
    })
  | (ChangeCommon & {
      readonly kind: 'membership.add';
      readonly app: string;
      readonly entitlement: string;
      readonly group: string;
      readonly groupId?: string;
      readonly email: string;
      /** Unknown when the user is sourced in the same run (`user.source`): resolved by email at apply time. */
      readonly userId?: string;
    })
  | (ChangeCommon & {
      readonly kind: 'membership.remove';
      readonly app: string;
      readonly entitlement: string;
      readonly group: string;
      readonly groupId: string;
      readonly email: string;
      readonly userId: string;
    })
  | (ChangeCommon & {
      readonly kind: 'assignment.remove';
      readonly app: string;
      readonly appId: string;
      readonly group: string;
      readonly groupId: string;
    })
  | (ChangeCommon & {
      readonly kind: 'group.delete';
      readonly app: string;
      readonly group: string;
      readonly groupId: string;
    })
  | (ChangeCommon & {
      readonly kind: 'campaign.create';
      readonly app: string;
      readonly campaign: string;
      /** The create body; targetResources of groups unknown at plan time are filled in from `targetGroups`. */
      readonly body: { readonly [key: string]: Json };
      readonly targetGroups: readonly string[];
    })
  | (ChangeCommon & {
      readonly kind: 'campaign.replace';
      readonly app: string;
      readonly campaign: string;
      readonly campaignId: string;
      readonly body: { readonly [key: string]: Json };
      readonly targetGroups: readonly string[];
      /** What differs, field by field (Okta has no update: the scheduled campaign is deleted and created again). */
      readonly fields: readonly FieldChange[];
    })
  | (ChangeCommon & {
      readonly kind: 'campaign.launch';
      readonly app: string;
      readonly campaign: string;
      /** Unknown when the campaign is created in the same run. */
      readonly campaignId?: string;
    })
  | (ChangeCommon & {
      readonly kind: 'campaign.end';
      readonly app: string;
      readonly campaign: string;
      readonly campaignId: string;
    })
  | (ChangeCommon & {
      readonly kind: 'user.source';
      readonly identitySourceId: string;
      /** The people to upsert through the identity source, by email. */
      readonly people: readonly SourcedPerson[];
    })
  | (ChangeCommon & {
      readonly kind: 'user.deactivate';
      readonly identitySourceId: string;
      /** Users the identity source owns that no CSV names any more, by email. */
      readonly people: readonly DeactivatedPerson[];
    });

/** One person a `user.source` change upserts: `externalId` is the lower-cased email. */
export interface SourcedPerson {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** The manager's email from the CSV (for people reading the plan), when the manager is linked. */
  readonly managerEmail?: string;
  /** The manager's externalId (lower-cased email), when the manager is (or is being) sourced too. */
  readonly managerExternalId?: string;
  /** The manager's Okta user id, when the manager is an Okta user the identity source does not own. */
  readonly managerId?: string;
  /** Set when the source already owns the user but Okta has it deactivated: the upsert reactivates it. */
  readonly reactivate?: boolean;
  readonly source?: SourceRef;
}

/** One user a `user.deactivate` change deactivates through bulk-delete. */
export interface DeactivatedPerson {
  readonly email: string;
  readonly externalId: string;
  readonly userId: string;
}

/** Changes that carry a list of people; each person counts as one change in the summary and the deletion limits. */
export type UserChange = Extract<Change, { readonly kind: `user.${string}` }>;

export function isUserChange(change: Change): change is UserChange {
  return change.kind === 'user.source' || change.kind === 'user.deactivate';
}

/** How many objects a change touches: the people of a user change, else one. */
export function changeWeight(change: Change): number {
  return isUserChange(change) ? change.people.length : 1;
}

export type ChangeKind = Change['kind'];

/** Kinds that take an existing Okta object into management without changing access (Terraform's "to import"). */
export const adoptionKinds: readonly ChangeKind[] = ['group.adopt'];

/**
 * The order changes are applied in: users are sourced (and deactivated) first, so that memberships can name them;
 * objects exist before they are used; access goes before objects are removed.
 */
export const changeKinds: readonly ChangeKind[] = [
  'user.source',
  'user.deactivate',
  'app.create',
  'group.create',
  'group.adopt',
  'group.update',
  'assignment.add',
  'membership.add',
  'membership.remove',
  'assignment.remove',
  'group.delete',
  'campaign.replace',
  'campaign.create',
  'campaign.launch',
  'campaign.end',
];

/** A stable identity for a change within a plan: the apply journal records progress by it. */
export function changeKey(change: Change): string {
  switch (change.kind) {
    case 'app.create':
      return `app.create:${change.app}`;
    case 'group.create':
    case 'group.adopt':
    case 'group.update':
    case 'group.delete':
      return `${change.kind}:${change.group.toLowerCase()}`;
    case 'assignment.add':
    case 'assignment.remove':
      return `${change.kind}:${change.app}:${change.group.toLowerCase()}`;
    case 'membership.add':
    case 'membership.remove':
      return `${change.kind}:${change.group.toLowerCase()}:${change.email}`;
    case 'campaign.create':
    case 'campaign.replace':
    case 'campaign.launch':
    case 'campaign.end':
      return `${change.kind}:${change.campaign}`;
    case 'user.source':
    case 'user.deactivate':
      return `${change.kind}:${change.identitySourceId}`;
    default:
      return assertNever(change);
  }
}

/** The exhaustiveness check every switch over a union ends with. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
