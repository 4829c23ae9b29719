import { seededRandom } from './ids.js';

export type FaultKind = '429' | '500' | '502' | '503' | 'reset' | 'slow';

/** One fault: with a probability, or on a range of request numbers; optionally only below a path prefix. */
export interface FaultRule {
  readonly kind: FaultKind;
  readonly probability?: number;
  /** 1-based request numbers (counted over API requests, not the admin surface), inclusive. */
  readonly from?: number;
  readonly to?: number;
  /** For `slow`: the added latency. */
  readonly delayMs?: number;
  readonly pathPrefix?: string;
}

export interface FaultPlan {
  readonly seed: number;
  readonly rules: readonly FaultRule[];
}

export const noFaults: FaultPlan = { seed: 1, rules: [] };

/**
 * Parses `--faults`: comma-separated items, each `KIND:PROBABILITY` or `KIND@FROM-TO` (request numbers), with
 * `slow=MS` for latency and an optional `~/path/prefix`; plus `seed=N`. Example:
 * `seed=7,500:0.02,reset:0.01,slow=300:0.1,429@100-120~/api/v1/groups`.
 */
export function parseFaults(spec: string): FaultPlan {
  let seed = 1;
  const rules: FaultRule[] = [];
  for (const raw of spec
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')) {
    if (raw.startsWith('seed=')) {
      seed = Number(raw.slice(5));
      if (!Number.isInteger(seed)) throw new Error(`fault spec: seed must be an integer, got "${raw}"`);
      continue;
    }
    const [body = '', pathPrefix] = raw.split('~');
    const match = /^(429|500|502|503|reset|slow)(?:=(\d+))?(?::([\d.]+)|@(\d+)(?:-(\d+))?)$/.exec(body);
    if (match === null) {
      throw new Error(
        `fault spec: cannot read "${raw}"; expected KIND:PROBABILITY or KIND@FROM-TO (KIND: 429, 500, 502, 503, reset, slow=MS)`,
      );
    }
    const [, kind, delay, probability, from, to] = match;
    if (kind === 'slow' && delay === undefined)
      throw new Error(`fault spec: slow needs a delay, as in slow=250:0.1`);
    const rule: FaultRule = {
      kind: kind as FaultKind,
      ...(delay === undefined ? {} : { delayMs: Number(delay) }),
      ...(probability === undefined ? {} : { probability: Number(probability) }),
      ...(from === undefined ? {} : { from: Number(from), to: Number(to ?? from) }),
      ...(pathPrefix === undefined ? {} : { pathPrefix }),
    };
    if (rule.probability !== undefined && (rule.probability < 0 || rule.probability > 1)) {
      throw new Error(`fault spec: probability must be between 0 and 1 in "${raw}"`);
    }
    rules.push(rule);
  }
  return { seed, rules };
}

export interface FaultInjector {
  /** The faults for API request number `n` (slow may combine with one failure). */
  decide(n: number, path: string): { failure?: FaultRule; delayMs: number };
  plan(): FaultPlan;
  configure(plan: FaultPlan): void;
}

/** Reproducible: the same plan and the same request sequence give the same faults. */
export function createFaultInjector(initial: FaultPlan): FaultInjector {
  let current = initial;
  let random = seededRandom(initial.seed);
  return {
    plan: () => current,
    configure(plan) {
      current = plan;
      random = seededRandom(plan.seed);
    },
    decide(n, path) {
      let failure: FaultRule | undefined;
      let delayMs = 0;
      for (const rule of current.rules) {
        if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) continue;
        const scheduled = rule.from !== undefined && n >= rule.from && n <= (rule.to ?? rule.from);
        // Draw for every probabilistic rule, hit or not, so that one rule's outcome does not shift another's.
        const drawn = rule.probability !== undefined && random() < rule.probability;
        if (!scheduled && !drawn) continue;
        if (rule.kind === 'slow') delayMs += rule.delayMs ?? 0;
        else failure ??= rule;
      }
      return failure === undefined ? { delayMs } : { failure, delayMs };
    },
  };
}
