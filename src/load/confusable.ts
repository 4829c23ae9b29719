import unhomoglyph from 'unhomoglyph';
import type { Diagnostic } from '../model/diagnostic.js';
import type { App, Entitlement } from '../model/state.js';
import type { Collector } from './collector.js';
import { diagnostic } from './diagnose.js';

/**
 * The UTS #39 skeleton of a text: NFD, each character mapped through Unicode's confusables data (confusables.txt,
 * by unhomoglyph, the mapping Matrix clients use for display names), NFD again. Two texts that look alike have one
 * skeleton: "Break‐Glass‐Admins" (U+2010 hyphens) and "Break-Glass-Admins".
 */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** Keys under which group names are compared: the skeleton, and the lower-cased one (Okta ignores case in names). */
function keysOf(name: string): string[] {
  const plain = skeleton(name);
  const lower = skeleton(name.toLowerCase());
  return plain === lower ? [plain] : [plain, lower];
}

/** Names of `others` that look like `name` without being it (names compare without case). */
export function createConfusableIndex(others: Iterable<string>): (name: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const other of others) for (const key of keysOf(other)) if (!byKey.has(key)) byKey.set(key, other);
  return (name) => {
    for (const key of keysOf(name)) {
      const other = byKey.get(key);
      if (other !== undefined && other.toLowerCase() !== name.toLowerCase()) return other;
    }
    return undefined;
  };
}

function warning(entitlement: Entitlement, message: string, hint: string): Diagnostic {
  const { source } = entitlement;
  return diagnostic(
    'warning',
    'GROUP_NAME_CONFUSABLE',
    source.file,
    { line: source.line, col: source.col ?? 1 },
    message,
    hint,
  );
}

const hint =
  'look-alike characters (another script, a Unicode hyphen) make a name that reads as another group; spell it with the characters of the group it means, or rename it';

/**
 * Group names that look like a protected group, or like another group of the repository, without being it: a
 * warning at the entitlement (a reviewer reading the plan would take one for the other), once per pair.
 */
export function checkConfusableNames(
  apps: ReadonlyMap<string, App>,
  protectedGroups: readonly string[],
  collector: Collector,
): void {
  const protectedLike = createConfusableIndex(protectedGroups);
  // The earlier entitlements by key: a pair is reported once, at the later of the two.
  const earlier = new Map<string, Entitlement>();
  for (const app of apps.values()) {
    for (const entitlement of app.entitlements.values()) {
      const name = entitlement.groupName;
      const guarded = protectedLike(name);
      if (guarded !== undefined) {
        collector.add(
          warning(entitlement, `the group name "${name}" looks like the protected group "${guarded}"`, hint),
        );
      }
      const keys = keysOf(name);
      const other = keys
        .map((key) => earlier.get(key))
        .find((found) => found !== undefined && found.groupName.toLowerCase() !== name.toLowerCase());
      if (other !== undefined) {
        // At the one spelled with characters beyond ASCII when only one is: that is the look-alike.
        const [at, like] =
          !isAscii(name) || isAscii(other.groupName) ? [entitlement, other] : [other, entitlement];
        collector.add(
          warning(
            at,
            `the group name "${at.groupName}" looks like "${like.groupName}" of ${like.app} ${like.name} (${like.source.file}:${like.source.line})`,
            hint,
          ),
        );
      }
      for (const key of keys) if (!earlier.has(key)) earlier.set(key, entitlement);
    }
  }
}

/**
 * Groups this plan would create whose names look like a group the org already has (names as the read found them,
 * lower-cased): a warning at the entitlement.
 */
export function confusableWithOrg(
  apps: ReadonlyMap<string, App>,
  orgGroupNames: Iterable<string>,
): Diagnostic[] {
  const existing = new Set<string>();
  for (const name of orgGroupNames) existing.add(name.toLowerCase());
  const like = createConfusableIndex(existing);
  const diagnostics: Diagnostic[] = [];
  for (const app of apps.values()) {
    for (const entitlement of app.entitlements.values()) {
      const name = entitlement.groupName;
      if (existing.has(name.toLowerCase())) continue;
      const other = like(name);
      if (other === undefined) continue;
      diagnostics.push(
        warning(entitlement, `the new group "${name}" looks like the existing Okta group "${other}"`, hint),
      );
    }
  }
  return diagnostics;
}
