import type { RunningEmulator } from '../../src/emulator/server.js';
import type { ChangeKind } from '../../src/model/change.js';

type LogEntry = ReturnType<RunningEmulator['log']>[number];

/**
 * A write, as the reliability suite counts them: a request to Okta's API (not the emulator's admin surface, which is
 * never logged, and not `POST /oauth2/v1/token`, which creates nothing) with a mutating method (POST, PUT, PATCH,
 * DELETE) that the emulator processed: no injected fault (a faulted request is answered before it reaches the org)
 * and a 2xx status.
 */
export function isProcessedWrite(entry: LogEntry): boolean {
  return (
    mutating.has(entry.method) &&
    !entry.path.startsWith('/oauth2/') &&
    entry.fault === undefined &&
    entry.status >= 200 &&
    entry.status < 300
  );
}

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function processedWrites(log: readonly LogEntry[]): LogEntry[] {
  return log.filter(isProcessedWrite);
}

/** The create endpoints: a POST to a collection, whose new object is named in the body the log does not keep. */
export const createEndpoints: Readonly<Partial<Record<ChangeKind, string>>> = {
  'app.create': 'POST /api/v1/apps',
  'group.create': 'POST /api/v1/groups',
  'campaign.create': 'POST /governance/api/v1/campaigns',
};

/**
 * Duplicated writes among processed ones. Every write but a create names its object in its path (a membership PUT,
 * an assignment DELETE, a campaign launch), so the same method and path processed twice is a duplicate. Creates share
 * the collection path: more processed creates of a kind than the plan had is a duplicate (and the store check that
 * one object carries each name says which). With `idempotentRepeats`, a PUT or DELETE processed more than once is
 * not counted: when Okta's answer was lost, re-sending it is how the client learns the outcome, and it sets the same
 * state again (the store check still holds the final state to the plan).
 */
export function duplicatedWrites(
  writes: readonly LogEntry[],
  plannedByKind: Readonly<Partial<Record<ChangeKind, number>>>,
  options: { readonly idempotentRepeats?: boolean } = {},
): string[] {
  const byKey = new Map<string, number>();
  for (const write of writes) {
    const key = `${write.method} ${write.path}`;
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  const found: string[] = [];
  const creates = new Map(
    Object.entries(createEndpoints).map(([kind, endpoint]) => [endpoint, kind as ChangeKind]),
  );
  for (const [key, count] of byKey) {
    const kind = creates.get(key);
    if (kind === undefined) {
      const idempotent = key.startsWith('PUT ') || key.startsWith('DELETE ');
      if (count > 1 && !(idempotent && options.idempotentRepeats === true))
        found.push(`${key} processed ${count} times`);
      continue;
    }
    const planned = plannedByKind[kind] ?? 0;
    if (count > planned) found.push(`${key} processed ${count} times for ${planned} planned ${kind}`);
  }
  return found.sort();
}
