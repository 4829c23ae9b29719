import type { SourceRef } from './source.js';

/** The root config after interpolation, schema check and defaults. Paths are absolute. */
export interface Config {
  /** Absolute path of okta-access.yaml. */
  readonly path: string;
  /** Absolute path of the repository root: the directory holding okta-access.yaml. Inputs may not leave it. */
  readonly root: string;
  /** `org.url`, when the file gives one; OKTA_ORG_URL must agree with it (src/pipeline/org-url.ts). */
  readonly orgUrl?: string;
  /** Where `org.url` is written, for the errors about it. */
  readonly orgUrlSource?: SourceRef;
  readonly naming: { readonly group: string };
  readonly ownership: { readonly marker: string };
  readonly safety: {
    readonly maxDeletes: number;
    readonly maxDeletePercent: number;
    /** maxDeletePercent applies only from this many managed memberships: below it, a small set is not refused. */
    readonly percentFloor: number;
    /** Group names never touched (compared without case). */
    readonly protectedGroups: readonly string[];
  };
  readonly apps: readonly string[];
  readonly campaigns: readonly string[];
  readonly limits: { readonly maxCsvBytes: number };
  /** Sourcing of people Okta does not know, through an identity source; absent = off (unknown people are errors). */
  readonly users?: UserSourcing;
  readonly source: SourceRef;
}

/** `users:` of okta-access.yaml: people in the CSVs whom Okta does not know are upserted through an identity source. */
export interface UserSourcing {
  readonly source: 'identity-source';
  /** The Custom Identity Source app instance's id (Okta calls it the identity source id). */
  readonly identitySourceId: string;
  /** Deactivate (bulk-delete) users the source owns that no CSV names any more. Default false. */
  readonly deactivateRemoved: boolean;
  /** Where `identitySourceId` is written, for diagnostics about the source. */
  readonly declared: SourceRef;
}

export const defaultGroupNaming = '{app}-{entitlement}';
export const defaultOwnershipMarker = '[managed by okta-access-gitops]';
export const defaultMaxCsvBytes = 256 * 1024 * 1024;
export const defaultMaxDeletes = 100;
export const defaultMaxDeletePercent = 10;
export const defaultPercentFloor = 50;
/** YAML files are small; anything bigger is a mistake or an attack. */
export const maxYamlBytes = 1024 * 1024;
/** Okta's group profile: name up to 255 characters, description up to 1024. */
export const oktaGroupNameMax = 255;
export const oktaGroupDescriptionMax = 1024;

/** The group name the naming rule gives an entitlement. */
export function groupNameFor(template: string, app: string, entitlement: string): string {
  return template.replaceAll('{app}', app).replaceAll('{entitlement}', entitlement);
}
