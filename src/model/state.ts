import type { Config } from './config.js';
import type { SourceRef } from './source.js';

/** A person named in the CSVs, keyed by lower-cased email. */
export interface Person {
  /** Lower-cased: the natural key. */
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Lower-cased manager email, when the CSV gives one. */
  readonly managerEmail?: string;
  readonly source: SourceRef;
  /** Where the managerEmail cell of that row is (diagnostics about the manager point at it). */
  readonly managerSource?: SourceRef;
}

/** One entitlement of one app, represented in Okta by one group. */
export interface Entitlement {
  readonly app: string;
  readonly name: string;
  /** The Okta group name: the app file's `group`, else the one the naming rule gives it. */
  readonly groupName: string;
  /** The app file adopts the existing group of this name: the ownership marker is added on the next apply. */
  readonly adopt?: boolean;
  readonly description?: string;
  /** Declared in the app file, or first seen in a CSV. */
  readonly declared: boolean;
  readonly source: SourceRef;
  /** Members by lower-cased email, each with the CSV row that grants it. */
  readonly members: Map<string, SourceRef>;
}

export interface App {
  readonly label: string;
  /** The app file's `id:`: the Okta app is found by this id, not by its label. */
  readonly id?: string;
  readonly description?: string;
  readonly create?: { readonly kind: 'bookmark'; readonly url: string };
  /** Absolute paths of the app's CSV files. */
  readonly csvFiles: readonly string[];
  readonly allowUndeclaredEntitlements: boolean;
  readonly extraColumns: readonly string[];
  /** Entitlements by name, in declaration order, then in order of first use in the CSVs. */
  readonly entitlements: Map<string, Entitlement>;
  readonly source: SourceRef;
}

export type ReviewerType = 'USER' | 'GROUP' | 'REVIEWER_EXPRESSION' | 'RESOURCE_OWNER' | 'MULTI_LEVEL';
export type RemediationAction = 'NO_ACTION' | 'DENY';

export interface ReviewerLevel {
  readonly type: Exclude<ReviewerType, 'MULTI_LEVEL'>;
  readonly user?: string;
  readonly group?: string;
  readonly expression?: string;
  readonly fallbackReviewer?: string;
  readonly selfReviewDisabled?: boolean;
  readonly startReview?: {
    readonly onDay: number;
    readonly when?: 'LOWER_LEVEL_APPROVES' | 'LOWER_LEVEL_APPROVES_OR_REJECTS';
  };
}

/**
 * A campaign as its YAML declares it, with names instead of ids (resolved to ids when planned).
 * Field names follow campaign.schema.json.
 */
export interface CampaignDefinition {
  readonly name: string;
  readonly description?: string;
  readonly resources: readonly { readonly app: string; readonly entitlements: 'all' | readonly string[] }[];
  readonly schedule: {
    readonly type: 'ONE_OFF' | 'RECURRING';
    readonly startDate: string;
    readonly durationInDays: number;
    readonly timeZone: string;
    readonly recurrence?: {
      readonly interval: string;
      readonly repeatOnType?: string;
      readonly ends?: string;
    };
  };
  readonly principals?: {
    readonly userScopeExpression?: string;
    readonly users?: readonly string[];
    readonly groups?: readonly string[];
    readonly excludedUsers?: readonly string[];
    readonly includeOnlyActiveUsers?: boolean;
    readonly inactiveDays?: number;
  };
  readonly reviewers: Omit<ReviewerLevel, 'type' | 'startReview'> & {
    readonly type: ReviewerType;
    readonly levels?: readonly ReviewerLevel[];
    readonly justificationRequired?: boolean;
    readonly bulkDecisionDisabled?: boolean;
    readonly reassignmentDisabled?: boolean;
  };
  readonly remediation?: {
    readonly accessRevoked?: RemediationAction;
    readonly noResponse?: RemediationAction;
  };
  readonly notifications?: Readonly<Record<string, boolean | readonly number[]>>;
  readonly reporting?: { readonly createReportingPackage?: boolean };
  readonly launch?: 'on-apply' | 'at-start-date';
  /** End the campaign when it is active (Okta closes open reviews and runs remediation). */
  readonly end?: boolean;
}

export interface Campaign {
  readonly definition: CampaignDefinition;
  readonly source: SourceRef;
}

/** The desired state: everything the access repository says Okta should hold. */
export interface DesiredState {
  readonly config: Config;
  /** Apps by label. */
  readonly apps: Map<string, App>;
  /** People by lower-cased email. */
  readonly people: Map<string, Person>;
  /** Campaigns by name. */
  readonly campaigns: Map<string, Campaign>;
  /** How many CSV rows were read, over all files. */
  readonly rowCount: number;
}
