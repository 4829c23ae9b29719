import type { GovernanceJson, OktaReview } from '../okta/port.js';

/**
 * Everything an evidence pack is made from, as values already read: the campaign file from Git, the population from
 * the repository at launch, and Okta's campaign, reviews and group members. Rendering these is pure (pack.ts).
 */
export interface EvidenceInputs {
  readonly tool: { readonly name: string; readonly version: string };
  readonly orgUrl: string;
  /** What was asked: the config path relative to the repository's top level, the campaign name, and an id if given. */
  readonly request: { readonly config: string; readonly campaign: string; readonly campaignId?: string };
  readonly repository: {
    /** The commit checked out when the pack was made. */
    readonly head: string;
    /** Where okta-access.yaml's folder lies below the top level: `''` or `sub/dir/`. */
    readonly prefix: string;
  };
  readonly campaign: {
    readonly id: string;
    readonly name: string;
    readonly status: string;
    /** campaign-full as Okta answered it. */
    readonly full: { readonly [key: string]: GovernanceJson };
  };
  readonly definition: {
    /** The campaign file, relative to the top level. */
    readonly path: string;
    /** The last commit that changed it. */
    readonly commit: string;
    readonly blob: string;
    /** Its exact bytes at that commit. */
    readonly bytes: Uint8Array;
  };
  readonly launch: {
    /** When the campaign launched (ISO-8601, UTC, to the second). */
    readonly instant: string;
    /** Where that time comes from. */
    readonly from: LaunchSource;
    /** The last commit on the first-parent line at or before that time. */
    readonly commit: string;
  };
  readonly population: readonly PopulationRow[];
  readonly reviews: readonly OktaReview[];
  readonly groups: readonly TargetGroup[];
  /** Anything the reader of the pack should know (a file changed but not committed, a target that is not a group). */
  readonly warnings: readonly string[];
}

export type LaunchSource =
  | 'campaign.launchedDate'
  | 'reviews.created'
  | 'campaign.scheduleSettings.startDate';

/** One CSV row granting an entitlement the campaign reviews, in the repository at launch. */
export interface PopulationRow {
  readonly user: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly app: string;
  readonly entitlement: string;
  readonly group: string;
  /** `file:line` of the row, the file relative to the repository's top level. */
  readonly source: string;
}

/** A group the campaign reviews, with its members in Okta now. */
export interface TargetGroup {
  readonly id: string;
  /** Null when Okta no longer has the group. */
  readonly name: string | null;
  /** The app and entitlement the group stands for, when the repository names it. */
  readonly app: string | null;
  readonly entitlement: string | null;
  readonly members: readonly GroupMember[];
}

export interface GroupMember {
  readonly id: string;
  readonly email: string;
  readonly login: string;
  readonly status: string;
}
