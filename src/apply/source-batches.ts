import type { SourcedPerson } from '../model/change.js';
import type { SourceProfile } from '../okta/port.js';

/** Anything-as-a-Source limits (Okta's developer guide): per bulk request, and bulk requests per session. */
export const sourceLimits = {
  maxProfilesPerRequest: 200,
  /** "200 KB of data in a single bulk-load request": the JSON body, UTF-8. */
  maxRequestBytes: 200 * 1024,
  maxRequestsPerSession: 50,
} as const;

/**
 * The profile a person is upserted with: `externalId` = lower-cased email (stable, and what the CSVs key people by),
 * `userName` and `email` the email, the names, and the manager as `managerExternalId` (the manager's externalId in
 * the same source, linked by the import) or `managerId` (an Okta user outside the source). Decision record 0007.
 */
export function sourceProfile(person: SourcedPerson): SourceProfile {
  const profile: Record<string, string> = {
    userName: person.email,
    email: person.email,
    firstName: person.firstName,
    lastName: person.lastName,
  };
  if (person.managerExternalId !== undefined) profile.managerExternalId = person.managerExternalId;
  else if (person.managerId !== undefined) profile.managerId = person.managerId;
  return { externalId: person.email, profile };
}

/** The bytes of a bulk request body carrying `items` under `profiles` (what Okta measures against 200 KB). */
export function bulkBodyBytes(items: readonly unknown[]): number {
  return Buffer.byteLength(JSON.stringify({ entityType: 'USERS', profiles: items }), 'utf8');
}

/**
 * Splits items into bulk requests of at most `maxCount` items and `maxBytes` bytes of body each, in order. An item
 * too big for a request of its own is an error (Okta would refuse it whatever the split).
 */
export function chunkByCountAndBytes<T>(
  items: readonly T[],
  maxCount: number = sourceLimits.maxProfilesPerRequest,
  maxBytes: number = sourceLimits.maxRequestBytes,
): T[][] {
  const envelope = bulkBodyBytes([]);
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = envelope;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item), 'utf8');
    if (envelope + size > maxBytes) {
      throw new Error(`one profile is ${size} bytes: a bulk request may carry at most ${maxBytes} bytes`);
    }
    const separator = current.length === 0 ? 0 : 1;
    if (current.length === maxCount || bytes + separator + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = envelope;
    }
    bytes += (current.length === 0 ? 0 : 1) + size;
    current.push(item);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Bulk requests grouped into sessions of at most `perSession` requests (Okta: 50). */
export function splitSessions<T>(
  requests: readonly T[],
  perSession: number = sourceLimits.maxRequestsPerSession,
): T[][] {
  const sessions: T[][] = [];
  for (let start = 0; start < requests.length; start += perSession) {
    sessions.push(requests.slice(start, start + perSession));
  }
  return sessions;
}
