// Types of bench/baselines.mjs, for the tests that drive it.
export interface BaselineRow {
  readonly email: string;
  readonly app: string;
  /** The Okta group name, `<app>-<entitlement>`. */
  readonly group: string;
}

export function rowAtATime(options: {
  readonly url: string;
  readonly rows: readonly BaselineRow[];
  readonly concurrency: number;
}): Promise<{ rows: number; apps: number; groups: number; added: number }>;

export function perResourceRefresh(options: {
  readonly url: string;
  readonly groups: readonly { readonly id: string; readonly appId: string }[];
  readonly apps: readonly { readonly id: string; readonly label: string }[];
  readonly emails: readonly string[];
  readonly concurrency: number;
}): Promise<{ groups: number; apps: number; memberships: number; assignments: number; users: number }>;
