import type { SourceRef } from './source.js';

/**
 * The normalized model that both sides of a diff share: what the access repository says (desired) and what Okta
 * holds (actual), keyed by natural keys — app label, group name (lower-cased: Okta compares group names without
 * case) and email (lower-cased). Desired values carry sources (file:line); actual values carry Okta ids.
 */
export interface OrgModel {
  /** Apps by label. */
  readonly apps: Map<string, OrgApp>;
  /** Entitlement groups by lower-cased group name. */
  readonly groups: Map<string, OrgGroup>;
}

export interface OrgApp {
  readonly label: string;
  readonly id?: string;
  /** Desired only: the app file's `id:` — the Okta app is found by id (labels are not unique in Okta). */
  readonly pinnedId?: string;
  /** Desired only: create a bookmark app when Okta has none with this label. */
  readonly create?: { readonly kind: 'bookmark'; readonly url: string };
  /** Lower-cased names of the groups assigned to the app (only groups of this model). */
  readonly assignedGroups: Set<string>;
  readonly source?: SourceRef;
}

export interface OrgGroup {
  /** The group name as written (desired) or as Okta has it (actual). */
  readonly name: string;
  readonly description: string | null;
  /** The app label and entitlement the group stands for. Actual groups get them from the desired model by name. */
  readonly app: string;
  readonly entitlement: string;
  readonly id?: string;
  /** Actual only: the description carries the ownership marker. */
  readonly managed: boolean;
  /** Desired only: the app file adopts an existing group of this name that lacks the marker (`adopt: true`). */
  readonly adopt?: boolean;
  /** Okta's group type (actual only): only OKTA_GROUP memberships can be written. */
  readonly type?: string;
  /** Members by lower-cased email. */
  readonly members: Map<string, Member>;
  readonly source?: SourceRef;
}

export interface Member {
  /** Actual: the Okta user id. */
  readonly userId?: string;
  /** Desired: the CSV row that grants it. */
  readonly source?: SourceRef;
}

/** A person as Okta knows them, by lower-cased email. */
export interface OktaUser {
  readonly id: string;
  readonly email: string;
  readonly login: string;
  readonly status: string;
}

/** The description a managed group carries: the entitlement's description, then the ownership marker. */
export function managedDescription(description: string | undefined, marker: string): string {
  return description === undefined || description === '' ? marker : `${description} ${marker}`;
}
