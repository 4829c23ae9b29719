import type { CampaignStatusNote } from './campaign.js';
import type { Change, ChangeKind } from './change.js';
import type { Diagnostic } from './diagnostic.js';
import type { PlanGuardrails } from './guardrails.js';
import type { FullPlanReason, PlanScope } from './scope.js';

/**
 * The plan: a versioned JSON document (schemas/plan.schema.json). Apply consumes it and nothing else; render shows
 * it. `fingerprint` hashes the actual state the plan was computed against, so a stale plan can be refused.
 */
export interface Plan {
  readonly formatVersion: 1;
  readonly tool: { readonly name: 'okta-access-gitops'; readonly version: string };
  readonly createdAt: string;
  /** The commit of the access repository the plan was computed for, when it is a Git checkout. */
  readonly commit: string | null;
  /** The root config, relative to the working directory. */
  readonly config: string;
  /** The org URL (never a credential). */
  readonly org: string;
  /**
   * Present when the plan was computed with a trusted base's guardrails (a pull request's base branch, `plan
   * --base-ref`): where they come from, and each one the planned files would change after merge.
   */
  readonly guardrails?: PlanGuardrails;
  /**
   * Present on a scoped plan (`plan --scope`): the only groups and apps read and diffed. Apply re-reads this scope;
   * the plan hash covers it.
   */
  readonly scope?: PlanScope;
  /** Present when a scope was asked for and the plan is a full one instead: why. */
  readonly fullPlan?: { readonly reason: FullPlanReason; readonly detail: string };
  readonly fingerprint: string;
  /** A hash of what the files asked for (absent in plans of earlier versions): apply tells a change of the files from one of the org. */
  readonly filesFingerprint?: string;
  /** The apps and groups of the org alone, hashed (absent in plans of earlier versions). */
  readonly groupsFingerprint?: string;
  /** In apply order (see changeKinds). */
  readonly changes: readonly Change[];
  readonly summary: PlanSummary;
  /** Okta objects with a desired name but without the ownership marker: never changed. */
  readonly unmanaged: readonly { readonly group: string; readonly app: string; readonly reason: string }[];
  /** Managed campaigns the plan does not change: their status, review progress, and why a changed one is left. */
  readonly campaigns: readonly CampaignStatusNote[];
  readonly diagnostics: readonly Diagnostic[];
  /** False when an error or a safety limit stops apply; `blockers` says why. */
  readonly applicable: boolean;
  readonly blockers: readonly string[];
  /** The deletion limits of okta-access.yaml against this plan; `exceeded` alone can be overridden (--allow-deletes). */
  readonly deleteLimit: {
    readonly destructive: number;
    readonly maxDeletes: number;
    readonly maxDeletePercent: number;
    /** maxDeletePercent applies only from this many managed memberships (absent in plans of earlier versions). */
    readonly percentFloor?: number;
    readonly exceeded: boolean;
  };
  readonly reads: ReadStats;
}

export interface PlanSummary {
  readonly total: number;
  readonly destructive: number;
  readonly byKind: Readonly<Record<ChangeKind, number>>;
  /** Members the repository manages (the base of maxDeletePercent). */
  readonly managedMemberships: number;
}

/** How the actual state was read: the benchmark compares `requests` with the lower bound. */
export interface ReadStats {
  readonly requests: number;
  readonly byEndpoint: Readonly<Record<string, number>>;
  /** How emails were resolved to Okta users: per-email search, or one paged list of all users. */
  readonly userResolution: 'none' | 'search' | 'list';
  readonly userResolutionReason: string;
}
