import type { CsvRows } from './csv-rows.js';
import type { Layout } from './layout.js';
import type { HistoryCommit } from './port.js';

// How a replay reads CSV versions through the one `git cat-file --batch`: a few requests in flight, so that Git
// inflates the next versions while this process parses the current one.

/** Commits whose CSV versions are read ahead (all rows); versions asked for at once when reading newest first. */
const lookahead = 2;
const inFlight = 4;

/** Reads and parses `versions` (oldest first) newest first, a few at a time; returns how many were parsed. */
export async function readNewestFirst(
  versions: readonly string[],
  readBlob: (oid: string) => Promise<Buffer>,
  parse: (bytes: Buffer) => CsvRows,
  parsed: Map<string, CsvRows>,
): Promise<number> {
  const order = [...versions].reverse();
  const reading: Promise<Buffer>[] = [];
  for (let index = 0; index < order.length; index++) {
    while (reading.length < inFlight && index + reading.length < order.length) {
      const next = readBlob(order[index + reading.length] as string);
      next.catch(() => undefined);
      reading.push(next);
    }
    parsed.set(order[index] as string, parse(await (reading.shift() as Promise<Buffer>)));
  }
  return order.length;
}

export interface ReadAhead {
  /** Asks for the CSV versions that the commits after `next` change, for the apps of `layout`. */
  from(next: number, layout: Layout): void;
  read(oid: string): Promise<Buffer>;
  /** Waits for versions asked for ahead that a later layout made unnecessary. */
  settle(): Promise<void>;
}

/** Asks for the CSV versions of the next commits before the walk needs them, so Git inflates while this parses. */
export function createReadAhead(
  input: { readonly commits: readonly HistoryCommit[]; readonly readBlob: (oid: string) => Promise<Buffer> },
  parsed: ReadonlyMap<string, CsvRows>,
): ReadAhead {
  const inflight = new Map<string, Promise<Buffer>>();
  let asked = 0;
  return {
    from(next, layout) {
      if (layout.kind !== 'ok') return;
      const csvFiles = new Set([...layout.apps.values()].flatMap((app) => app.csv));
      for (asked = Math.max(asked, next); asked < Math.min(next + lookahead, input.commits.length); asked++) {
        for (const change of input.commits[asked]?.changes ?? []) {
          const oid = change.oid;
          if (oid === null || !csvFiles.has(change.path) || parsed.has(oid) || inflight.has(oid)) continue;
          const reading = input.readBlob(oid);
          reading.catch(() => undefined);
          inflight.set(oid, reading);
        }
      }
    },
    async read(oid) {
      const reading = inflight.get(oid) ?? input.readBlob(oid);
      inflight.delete(oid);
      return reading;
    },
    async settle() {
      await Promise.allSettled(inflight.values());
    },
  };
}
