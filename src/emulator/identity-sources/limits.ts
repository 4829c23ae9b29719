import type { SessionStatus } from '../store.js';

/**
 * Anything-as-a-Source limits as Okta documents them (developer guide "Build an Anything-as-a-Source custom client
 * integration" and the management spec's IdentitySourceSession / BulkUpsertRequestBody schemas).
 */
export const identitySourceLimits = {
  /** Profiles in one bulk-upsert or bulk-delete request. */
  maxProfilesPerRequest: 200,
  /** Bytes in one bulk request ("200 KB of data in a single bulk-load request"). */
  maxRequestBytes: 200 * 1024,
  /** Bulk requests (upsert and delete together) one session accepts. */
  maxRequestsPerSession: 50,
  /** `externalId` length (spec `maxLength: 512`). */
  maxExternalIdLength: 512,
  /** A CREATED or IN_PROGRESS session with no data loaded for this long expires. */
  idleExpiryMs: 24 * 60 * 60 * 1000,
  /** No new session within this long of triggering an active one (Okta answers 400). */
  newSessionCooldownMs: 5 * 60 * 1000,
} as const;

/**
 * How long the emulator takes to import a triggered session, in emulator time. A module-level setting rather than a
 * constant so that a test can make imports slow (to observe TRIGGERED and the queue) and put it back afterwards;
 * advancing the clock past it (`POST /__emulator/clock`) completes the import at once.
 */
export const identitySourceTiming: { importMs: number } = { importMs: 2_000 };

/** Sessions that count as active: listed by `GET …/sessions` and blocking a new session. */
export const activeStatuses: ReadonlySet<SessionStatus> = new Set(['CREATED', 'IN_PROGRESS', 'TRIGGERED']);

/** Sessions that still accept bulk data and may be cancelled. */
export const loadingStatuses: ReadonlySet<SessionStatus> = new Set(['CREATED', 'IN_PROGRESS']);
