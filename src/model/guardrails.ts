import {
  type Config,
  defaultMaxCsvBytes,
  defaultMaxDeletePercent,
  defaultMaxDeletes,
  defaultOwnershipMarker,
  defaultPercentFloor,
} from './config.js';

/**
 * The guardrails: the settings of okta-access.yaml that limit what a change may do rather than say what access should
 * be — which Okta objects the tool owns (`ownership.marker`), how much one apply may remove (`safety.*`), which groups
 * are never touched (`safety.protectedGroups`), and how much input is read (`limits.*`). In a pull request they come
 * from the trusted side (the base branch); the pull request's own values take effect once it is merged.
 */
export type Guardrails = Pick<Config, 'ownership' | 'safety' | 'limits'>;

export const guardrailSettings = [
  'ownership.marker',
  'safety.maxDeletes',
  'safety.maxDeletePercent',
  'safety.percentFloor',
  'safety.protectedGroups',
  'limits.maxCsvBytes',
] as const;

export type GuardrailSetting = (typeof guardrailSettings)[number];

export type GuardrailValue = string | number | readonly string[];

/** One guardrail the proposed config sets differently from the one in force: `from` applies, `to` is proposed. */
export interface GuardrailChange {
  readonly setting: GuardrailSetting;
  readonly from: GuardrailValue;
  readonly to: GuardrailValue;
}

/**
 * Where the guardrails in force come from: the config at the trusted base (`config`), or, when the base has none
 * (`missing`: the first pull request) or an unusable one (`invalid`), the built-in defaults.
 */
export interface GuardrailSource {
  /** The base as people name it: a branch (`main`) or the `--base-ref` given. */
  readonly ref: string;
  /** The commit the base config was read at, when known. */
  readonly commit: string | null;
  readonly config: 'found' | 'missing' | 'invalid';
}

/** What the plan records about guardrails when it was computed with a trusted base. */
export interface PlanGuardrails {
  readonly source: GuardrailSource;
  readonly changes: readonly GuardrailChange[];
}

/** The built-in guardrails: those of an okta-access.yaml that sets none. */
export const defaultGuardrails: Guardrails = {
  ownership: { marker: defaultOwnershipMarker },
  safety: {
    maxDeletes: defaultMaxDeletes,
    maxDeletePercent: defaultMaxDeletePercent,
    percentFloor: defaultPercentFloor,
    protectedGroups: [],
  },
  limits: { maxCsvBytes: defaultMaxCsvBytes },
};

export function guardrailsOf(config: Guardrails): Guardrails {
  return { ownership: config.ownership, safety: config.safety, limits: config.limits };
}

/**
 * The config in force for a proposed config and the trusted guardrails: every guardrail from `trusted`, everything
 * else (apps, naming, campaigns, users, org) from `proposed`; and each guardrail `proposed` sets differently, in the
 * order of `guardrailSettings`. Protected groups compare as sets, without case, as they are applied.
 */
export function withTrustedGuardrails(
  proposed: Config,
  trusted: Guardrails,
): { readonly config: Config; readonly changes: readonly GuardrailChange[] } {
  // Whole sections: a guardrail added to one of them later is trusted without another line here.
  const config: Config = {
    ...proposed,
    ownership: trusted.ownership,
    safety: trusted.safety,
    limits: trusted.limits,
  };
  const changes: GuardrailChange[] = [];
  for (const setting of guardrailSettings) {
    const from = settingValue(trusted, setting);
    const to = settingValue(proposed, setting);
    if (!sameValue(from, to)) changes.push({ setting, from, to });
  }
  return { config, changes };
}

function settingValue(guardrails: Guardrails, setting: GuardrailSetting): GuardrailValue {
  switch (setting) {
    case 'ownership.marker':
      return guardrails.ownership.marker;
    case 'safety.maxDeletes':
      return guardrails.safety.maxDeletes;
    case 'safety.maxDeletePercent':
      return guardrails.safety.maxDeletePercent;
    case 'safety.percentFloor':
      return guardrails.safety.percentFloor;
    case 'safety.protectedGroups':
      return [...guardrails.safety.protectedGroups];
    case 'limits.maxCsvBytes':
      return guardrails.limits.maxCsvBytes;
    default:
      return setting satisfies never;
  }
}

function sameValue(a: GuardrailValue, b: GuardrailValue): boolean {
  if (typeof a === 'string' || typeof a === 'number' || typeof b === 'string' || typeof b === 'number') {
    return a === b;
  }
  const left = new Set(a.map((name) => name.toLowerCase()));
  const right = new Set(b.map((name) => name.toLowerCase()));
  return left.size === right.size && [...left].every((name) => right.has(name));
}
