import { groupNameFor } from '../model/config.js';
import { carriesMarker, withoutMarker as withoutOwnershipMarker } from '../model/ownership.js';

/** A group assigned to the app being imported, as read from Okta. */
export interface CandidateGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly type: string;
}

/** One entitlement the import writes: the group it stands for and how the app file names it. */
export interface ImportedEntitlement {
  readonly name: string;
  readonly groupId: string;
  /** The Okta group name as Okta has it. */
  readonly groupName: string;
  /** Written as `group:` only when the naming rule would give another name. */
  readonly explicitGroup: boolean;
  /** The group's description without the ownership marker; undefined when there is none. */
  readonly description?: string;
  /** The group lacks the ownership marker: the app file adopts it (`adopt: true`). */
  readonly adopt: boolean;
  /** How the group was recognised. */
  readonly matchedBy: 'naming' | 'prefix';
}

export interface SkippedGroup {
  readonly name: string;
  readonly reason: string;
}

export interface GroupMapping {
  readonly entitlements: ImportedEntitlement[];
  readonly skipped: SkippedGroup[];
}

export interface MappingOptions {
  readonly app: string;
  /** The group naming rule of okta-access.yaml (default `{app}-{entitlement}`). */
  readonly naming: string;
  /** `--group-prefix`: groups named `{prefix}{entitlement}` are entitlements too. */
  readonly groupPrefix?: string;
  readonly marker: string;
}

/** The app file's limit on entitlement names (app.schema.json). */
const entitlementNameMax = 200;

/**
 * Which of an app's assigned groups are entitlements, and what each is called. Pure.
 *
 * A group is an entitlement when Okta lets the tool manage it (OKTA_GROUP) and its name fits the naming rule for
 * this app (`{app}-{entitlement}` by default: the entitlement is the part the rule leaves), compared without case as
 * Okta compares group names; otherwise when it starts with `groupPrefix` (the entitlement is the rest of the name).
 * The naming rule wins when both fit. Anything else assigned to the app is skipped with the reason. Entitlements
 * come out sorted by name (compared without case), so the files are the same for the same org.
 */
export function mapGroups(groups: readonly CandidateGroup[], options: MappingOptions): GroupMapping {
  const [before = '', after = ''] = options.naming.split('{entitlement}');
  const head = before.replaceAll('{app}', options.app).toLowerCase();
  const tail = after.replaceAll('{app}', options.app).toLowerCase();
  const prefix = options.groupPrefix?.toLowerCase();
  const entitlements: ImportedEntitlement[] = [];
  const skipped: SkippedGroup[] = [];
  const taken = new Map<string, string>();

  const named: { group: CandidateGroup; name: string; matchedBy: ImportedEntitlement['matchedBy'] }[] = [];
  for (const group of [...groups].sort((a, b) => compareText(a.name, b.name))) {
    if (group.type !== 'OKTA_GROUP') {
      skipped.push({
        name: group.name,
        reason: `a ${group.type || 'group of unknown type'}: only OKTA_GROUP memberships can be managed`,
      });
      continue;
    }
    const lower = group.name.toLowerCase();
    let name: string | undefined;
    let matchedBy: ImportedEntitlement['matchedBy'] = 'naming';
    if (lower.startsWith(head) && lower.endsWith(tail) && lower.length > head.length + tail.length) {
      name = group.name.slice(head.length, group.name.length - tail.length);
    } else if (
      prefix !== undefined &&
      prefix !== '' &&
      lower.startsWith(prefix) &&
      lower.length > prefix.length
    ) {
      name = group.name.slice(prefix.length);
      matchedBy = 'prefix';
    }
    if (name === undefined) {
      skipped.push({
        name: group.name,
        reason:
          options.groupPrefix === undefined
            ? `its name does not fit the naming rule ${options.naming}; name the prefix with --group-prefix`
            : `its name fits neither the naming rule ${options.naming} nor the prefix "${options.groupPrefix}"`,
      });
      continue;
    }
    if (name !== name.trim() || name.length > entitlementNameMax) {
      skipped.push({
        name: group.name,
        reason: `"${name}" cannot be an entitlement name (no leading or trailing spaces, at most ${entitlementNameMax} characters)`,
      });
      continue;
    }
    named.push({ group, name, matchedBy });
  }
  // The naming rule before the prefix: when both name one entitlement, the group the rule names is it.
  named.sort((a, b) => (a.matchedBy === b.matchedBy ? 0 : a.matchedBy === 'naming' ? -1 : 1));
  for (const { group, name, matchedBy } of named) {
    const earlier = taken.get(name.toLowerCase());
    if (earlier !== undefined) {
      skipped.push({ name: group.name, reason: `its entitlement "${name}" is already the group ${earlier}` });
      continue;
    }
    taken.set(name.toLowerCase(), group.name);
    const description = withoutMarker(group.description, options.marker);
    entitlements.push({
      name,
      groupId: group.id,
      groupName: group.name,
      explicitGroup: groupNameFor(options.naming, options.app, name) !== group.name,
      // Kept even when longer than the app file allows: validate then says so, rather than the adoption dropping it.
      ...(description === undefined ? {} : { description }),
      adopt: !carriesMarker(group.description, options.marker),
      matchedBy,
    });
  }
  skipped.sort((a, b) => compareText(a.name, b.name));
  entitlements.sort(
    (a, b) => compareText(a.name.toLowerCase(), b.name.toLowerCase()) || compareText(a.name, b.name),
  );
  return { entitlements, skipped };
}

/**
 * The description an entitlement declares so that the plan's managed description (`description marker`) equals the
 * group's: the group's description with the marker (and the space before it) taken out.
 */
export function withoutMarker(description: string | null, marker: string): string | undefined {
  return withoutOwnershipMarker(description, marker);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
