/** Generates Okta-shaped ids: a 3-character type prefix and 17 more characters, 20 in all. */
export interface IdFactory {
  next(prefix: IdPrefix): string;
}

/**
 * `00u` user, `00g` group, `0oa` app, `ici` campaign, `icr` review, `aps` identity-source session, `0ia` identity
 * source, `act`/`rst` activation and password-reset tokens, `sec` OIDC client secrets, `rul` risk rules.
 */
export type IdPrefix =
  | '00u'
  | '00g'
  | '0oa'
  | 'ici'
  | 'icr'
  | 'aps'
  | '0ia'
  | '00o'
  | 'oat'
  | 'act'
  | 'rst'
  | 'sec'
  | 'rul';

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Deterministic for a given seed, so that seeded runs and snapshots are reproducible. */
export function createIds(seed = Date.now()): IdFactory {
  const random = seededRandom(seed);
  return {
    next(prefix) {
      let id = prefix;
      while (id.length < 20) id += alphabet[Math.floor(random() * alphabet.length)];
      return id;
    },
  };
}

/** mulberry32: a small, fast, seedable generator (not for secrets). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
