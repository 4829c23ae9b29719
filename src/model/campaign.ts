/**
 * Campaigns on both sides of the diff. The desired side is the Okta create body (campaign-mutable) built from a
 * campaign file, with the entitlement groups it targets named (their ids may not exist until apply creates them).
 * The actual side is what Okta holds, normalized into the same body shape so the two compare field by field.
 */
export type CampaignStatus = 'SCHEDULED' | 'LAUNCHING' | 'ACTIVE' | 'COMPLETED' | 'DELETED' | 'ERROR';

/** A JSON value, as campaign bodies hold them. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export interface DesiredCampaign {
  readonly name: string;
  /** The first app the campaign reviews: where the plan lists it. */
  readonly app: string;
  /** The create body with every id known at plan time; target groups are listed by name in `targetGroups`. */
  readonly body: { readonly [key: string]: Json };
  /** Names of the groups the campaign reviews (targetResources), resolved to ids at apply time if still unknown. */
  readonly targetGroups: readonly string[];
  readonly launch: 'on-apply' | 'at-start-date';
  /** The file asks for an active campaign to be ended. */
  readonly end: boolean;
  readonly source: { readonly file: string; readonly line: number };
}

export interface ActualCampaign {
  readonly id: string;
  readonly name: string;
  readonly status: CampaignStatus;
  /** The description carries the ownership marker. */
  readonly managed: boolean;
  /** Okta's campaign, normalized into the create-body shape (see campaigns/normalize). */
  readonly body: { readonly [key: string]: Json };
  /** Review progress, for active and completed campaigns. */
  readonly reviews?: { readonly total: number; readonly decided: number };
}

/** One field-level difference between the desired and actual bodies (an RFC 6902 operation, values for display). */
export interface FieldChange {
  readonly op: 'add' | 'remove' | 'replace';
  /** JSON pointer into the create body, e.g. `/reviewerSettings/type`. */
  readonly path: string;
  readonly from?: Json;
  readonly to?: Json;
}

/** What the plan says about a managed campaign that it will not touch (history, or unchanged). */
export interface CampaignStatusNote {
  readonly campaign: string;
  readonly status: CampaignStatus;
  readonly reviews?: { readonly total: number; readonly decided: number };
  /** Why nothing is written, when the definition changed. */
  readonly note?: string;
}
