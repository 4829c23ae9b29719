/**
 * What another apply, running at the same time against the same org, is writing. Okta tells one thing apart: a
 * create of a name that exists fails, so a create that finds its object made since this run read the org has met
 * another run. Adding a member or assigning a group are idempotent PUTs that answer the same whether or not the
 * other run got there first; for the objects where another run was met, this run waits for the other run's writes
 * (reading the org) and reports those as done by it, writing only what the other run does not write.
 */
export interface AnotherRun {
  /** Another run was met on `key` (`app:LABEL` or `group:lower-cased name`). */
  mark(key: string): void;
  has(key: string): boolean;
  /**
   * True when `member` shows up in what `read` returns (the other run wrote it); false when the other run stops
   * making progress first (it is gone, or does not write this one): then it is this run's to write.
   */
  awaitMember(key: string, member: string, read: () => Promise<ReadonlySet<string>>): Promise<boolean>;
}

export interface AnotherRunTiming {
  /** Between reads of the org while waiting (default 200 ms). */
  readonly pollMs: number;
  /** With nothing new for this long, the other run is taken to have stopped (default 1 s). */
  readonly stallMs: number;
}

export const doneByAnotherRun = 'done by another run';

interface Watch {
  readonly waiters: Map<string, ((present: boolean) => void)[]>;
  present: ReadonlySet<string>;
}

export function createAnotherRun(timing: Partial<AnotherRunTiming> = {}): AnotherRun {
  const pollMs = timing.pollMs ?? 200;
  const stallMs = timing.stallMs ?? 1_000;
  const met = new Set<string>();
  const watches = new Map<string, Watch>();
  /** Keys whose other run stopped making progress: no more waiting on them. */
  const stalled = new Set<string>();

  async function watch(key: string, state: Watch, read: () => Promise<ReadonlySet<string>>): Promise<void> {
    let lastProgress = Date.now();
    try {
      while (state.waiters.size > 0) {
        const readStarted = Date.now();
        const now = await read();
        // A long listing (a big group) is read no more often than it takes to read it.
        const pause = Math.max(pollMs, Date.now() - readStarted);
        let grew = false;
        for (const member of now) if (!state.present.has(member)) grew = true;
        state.present = now;
        if (grew) lastProgress = Date.now();
        for (const [member, resolvers] of state.waiters) {
          if (!now.has(member)) continue;
          state.waiters.delete(member);
          for (const resolve of resolvers) resolve(true);
        }
        if (state.waiters.size === 0) break;
        if (Date.now() - lastProgress >= stallMs) {
          stalled.add(key);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    } finally {
      watches.delete(key);
      for (const resolvers of state.waiters.values()) for (const resolve of resolvers) resolve(false);
      state.waiters.clear();
    }
  }

  return {
    mark: (key) => {
      met.add(key);
    },
    has: (key) => met.has(key),
    awaitMember(key, member, read) {
      if (stalled.has(key)) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const existing = watches.get(key);
        const state = existing ?? { waiters: new Map(), present: new Set<string>() };
        state.waiters.set(member, [...(state.waiters.get(member) ?? []), resolve]);
        if (existing === undefined) {
          watches.set(key, state);
          // A failed read ends the wait: the write goes ahead and reports its own outcome.
          watch(key, state, read).catch(() => undefined);
        }
      });
    },
  };
}
