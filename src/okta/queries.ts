/** Okta filter/search expressions the port sends, built from values safely. */

/** A string literal for Okta's filter grammar: double quotes, with `\` and `"` escaped. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `profile.email eq "a" or profile.email eq "b"`: `search` compares values without case. */
export function emailSearch(emails: readonly string[]): string {
  return emails.map((email) => `profile.email eq ${quote(email)}`).join(' or ');
}

/** `id eq "a" or id eq "b"`: `filter` reads the consistent store and includes deprovisioned users. */
export function userIdFilter(ids: readonly string[]): string {
  return ids.map((id) => `id eq ${quote(id)}`).join(' or ');
}

/** The same expression for `filter`, which reads consistently but compares values with case. */
export function emailFilter(emails: readonly string[]): string {
  return emailSearch(emails);
}

/** Every status a user can have. */
export const userStatuses = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
] as const;

/**
 * Lists every user, deprovisioned ones included: without `search` or `filter` Okta leaves DEPROVISIONED users out.
 * `filter` rather than `search=status pr`, because `search` reads an eventually consistent index and would miss a user
 * created moments ago.
 */
export function allUsersFilter(): string {
  return userStatuses.map((status) => `status eq ${quote(status)}`).join(' or ');
}

/** `filter` (consistent), not `search` (eventually consistent): a group created moments ago is listed. */
export function groupTypeFilter(type: string): string {
  return `type eq ${quote(type)}`;
}

/** Distinct values, compared without case; the first spelling is kept. */
export function distinctIgnoringCase(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const value of values) {
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(value);
  }
  return result;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
