/** The emulator's clock: real time plus an offset that the admin surface can advance (campaign dates, expiry). */
export interface Clock {
  now(): number;
  advance(ms: number): void;
  offset(): number;
}

export function createClock(offsetMs = 0): Clock {
  let offset = offsetMs;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
    offset: () => offset,
  };
}

/** Okta's timestamps: ISO-8601 with milliseconds and Z. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
