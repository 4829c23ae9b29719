/** At most `size` holders at once; waiters are served first come, first served. (p-limit is not a dependency.) */
export interface Semaphore {
  /** Resolves with a release function once a slot is free. Calling release more than once is harmless. */
  acquire(): Promise<() => void>;
  readonly inUse: number;
}

export function createSemaphore(size: number): Semaphore {
  let inUse = 0;
  const waiters: (() => void)[] = [];

  function release(): void {
    const next = waiters.shift();
    // Hand the slot straight to the next waiter, so that a newcomer cannot overtake it.
    if (next === undefined) inUse--;
    else next();
  }

  function slot(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }

  return {
    get inUse() {
      return inUse;
    },
    acquire() {
      if (inUse < size) {
        inUse++;
        return Promise.resolve(slot());
      }
      return new Promise((resolve) => {
        waiters.push(() => resolve(slot()));
      });
    },
  };
}
