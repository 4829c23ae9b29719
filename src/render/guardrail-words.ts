import type { GuardrailSource, GuardrailValue, PlanGuardrails } from '../model/guardrails.js';

/** Protected groups named per side of a change; the rest are counted (a list of hundreds stays one line). */
const namesShown = 10;

/** A guardrail value in words: numbers as they are, the marker as text, a group list by its names or `(none)`. */
export function guardrailValueParts(value: GuardrailValue): {
  readonly items: readonly string[];
  readonly more: number;
} {
  if (typeof value === 'number') return { items: [String(value)], more: 0 };
  if (typeof value === 'string') return { items: [value], more: 0 };
  return { items: value.slice(0, namesShown), more: Math.max(0, value.length - namesShown) };
}

/** What the plan says first when the planned files change a guardrail: whose guardrails are in force, and why. */
export function guardrailLead(guardrails: PlanGuardrails, base: (ref: string) => string): string {
  const ref = base(guardrails.source.ref);
  return `Until the change is merged, this plan keeps the ones in force on ${ref}${sourceNote(guardrails.source, ref)}; the new values take effect after merge.`;
}

function sourceNote(source: GuardrailSource, ref: string): string {
  switch (source.config) {
    case 'found':
      return '';
    case 'missing':
      return ` (${ref} has no okta-access.yaml, so the built-in defaults)`;
    case 'invalid':
      return ` (${ref} has an okta-access.yaml that cannot be used, so the built-in defaults: see the warnings)`;
    default:
      return source.config satisfies never;
  }
}
