import type { Change } from '../model/change.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { OktaUser, OrgGroup, OrgModel } from '../model/org.js';
import type { SourceRef } from '../model/source.js';
import { userStateRules } from './user-states.js';

export interface DiffInput {
  readonly desired: OrgModel;
  readonly actual: OrgModel;
  /** Okta users by lower-cased email, for every email the desired members name (those Okta knows). */
  readonly users: ReadonlyMap<string, OktaUser>;
  /** Lower-cased names of groups that are never touched (safety.protectedGroups). */
  readonly protectedGroups?: ReadonlySet<string>;
  /**
   * Memberships a reviewer revoked in a completed campaign, by `userId groupId` (holdKey), with the campaign's name:
   * never re-added while the row is still in Git (the remediation pull request removes it).
   */
  readonly holds?: ReadonlyMap<string, string>;
  /**
   * Emails a `user.source` change of the same plan upserts (diffUsers): a member Okta does not know yet is planned
   * as a membership.add without a user id, resolved by email at apply time once the import has created the user.
   */
  readonly sourced?: ReadonlySet<string>;
}

/** The key of a held membership. */
export function holdKey(userId: string, groupId: string): string {
  return `${userId}\u0000${groupId}`;
}

export interface DiffResult {
  readonly changes: Change[];
  readonly diagnostics: Diagnostic[];
  /** Groups with a desired name that Okta holds without the ownership marker: never touched. */
  readonly unmanaged: { group: string; app: string; reason: string }[];
}

/**
 * Desired × actual → changes, by natural keys. Pure: no I/O, no clock. The actual model holds only what was read
 * for this repository: its apps, the groups with its names, and the managed groups assigned to its apps.
 */
export function diff({
  desired,
  actual,
  users,
  protectedGroups = new Set(),
  holds = new Map(),
  sourced = new Set(),
}: DiffInput): DiffResult {
  const changes: Change[] = [];
  const diagnostics: Diagnostic[] = [];
  const unmanaged: DiffResult['unmanaged'] = [];
  const reported = new Set<string>();

  for (const app of desired.apps.values()) {
    const existing = actual.apps.get(app.label);
    if (existing === undefined && app.create !== undefined) {
      changes.push({
        kind: 'app.create',
        app: app.label,
        url: app.create.url,
        reason: `no app labelled ${app.label} in Okta`,
        destructive: false,
        ...sourceOf(app.source),
      });
    } else if (existing === undefined && app.pinnedId !== undefined) {
      diagnostics.push(
        error(
          app.source,
          'APP_NOT_FOUND',
          `Okta has no app with the id ${app.pinnedId} (id: in the app file for "${app.label}")`,
          'copy the id from the app’s Admin Console URL (…/admin/app/…/instance/0oa…), or remove id: to find the app by its label',
        ),
      );
    } else if (existing === undefined) {
      diagnostics.push(
        error(
          app.source,
          'APP_NOT_FOUND',
          `Okta has no app labelled "${app.label}"`,
          'create it in Okta, or add create: {kind: bookmark, url: …} to the app file',
        ),
      );
    }
  }

  for (const [key, group] of desired.groups) {
    const existing = actual.groups.get(key);
    if (protectedGroups.has(key)) {
      unmanaged.push({
        group: existing?.name ?? group.name,
        app: group.app,
        reason: 'protected by safety.protectedGroups',
      });
      continue;
    }
    const app = actual.apps.get(group.app);
    if (existing === undefined) {
      changes.push({
        kind: 'group.create',
        group: group.name,
        app: group.app,
        entitlement: group.entitlement,
        description: group.description ?? '',
        reason: `entitlement ${group.app} ${group.entitlement} has no group yet`,
        destructive: false,
        ...sourceOf(group.source),
      });
      changes.push({
        kind: 'assignment.add',
        app: group.app,
        group: group.name,
        reason: `the group of ${group.entitlement} is assigned to ${group.app}`,
        destructive: false,
        ...(app?.id === undefined ? {} : { appId: app.id }),
        ...sourceOf(group.source),
      });
      addMembers(group, undefined, new Set());
      continue;
    }
    const adopting = !existing.managed && existing.type === 'OKTA_GROUP' && group.adopt === true;
    if (!adopting && (!existing.managed || existing.type !== 'OKTA_GROUP')) {
      unmanaged.push({
        group: existing.name,
        app: group.app,
        reason:
          existing.type !== undefined && existing.type !== 'OKTA_GROUP'
            ? `a ${existing.type} named like the entitlement exists; only OKTA_GROUP groups are managed`
            : 'the group exists without the ownership marker in its description',
      });
      continue;
    }
    const groupId = existing.id ?? '';
    if (adopting) {
      // The adoption writes the description with the marker: no separate group.update.
      changes.push({
        kind: 'group.adopt',
        app: group.app,
        entitlement: group.entitlement,
        group: existing.name,
        groupId,
        description: { from: existing.description, to: group.description ?? '' },
        reason: 'the app file adopts the existing group (adopt: true); the ownership marker is added',
        destructive: false,
        ...sourceOf(group.source),
      });
    } else if (existing.description !== group.description) {
      changes.push({
        kind: 'group.update',
        app: group.app,
        group: existing.name,
        groupId,
        description: { from: existing.description, to: group.description ?? '' },
        reason: 'the entitlement description changed',
        destructive: false,
        ...sourceOf(group.source),
      });
    }
    // Assign when the app exists without it, or when the app is created in this plan.
    if (
      app === undefined ? desired.apps.get(group.app)?.create !== undefined : !app.assignedGroups.has(key)
    ) {
      changes.push({
        kind: 'assignment.add',
        app: group.app,
        group: existing.name,
        groupId,
        reason: `the group is not assigned to ${group.app}`,
        destructive: false,
        ...(app?.id === undefined ? {} : { appId: app.id }),
        ...sourceOf(group.source),
      });
    }
    addMembers(group, groupId, new Set(existing.members.keys()));
    for (const [email, member] of existing.members) {
      if (group.members.has(email)) continue;
      changes.push({
        kind: 'membership.remove',
        app: group.app,
        entitlement: group.entitlement,
        group: existing.name,
        groupId,
        email,
        userId: member.userId ?? '',
        reason: `no CSV row grants ${group.app} ${group.entitlement} to ${email}`,
        destructive: true,
        ...sourceOf(group.source),
      });
    }
  }

  // Managed groups assigned to an app of this repository that no entitlement names any more: remove them.
  for (const [key, group] of actual.groups) {
    if (desired.groups.has(key) || !group.managed || group.type !== 'OKTA_GROUP' || protectedGroups.has(key))
      continue;
    const groupId = group.id ?? '';
    for (const [email, member] of group.members) {
      changes.push({
        kind: 'membership.remove',
        app: group.app,
        entitlement: group.entitlement,
        group: group.name,
        groupId,
        email,
        userId: member.userId ?? '',
        reason: `the entitlement ${group.entitlement} is no longer declared`,
        destructive: true,
      });
    }
    for (const app of actual.apps.values()) {
      if (!app.assignedGroups.has(key) || app.id === undefined) continue;
      changes.push({
        kind: 'assignment.remove',
        app: app.label,
        appId: app.id,
        group: group.name,
        groupId,
        reason: `the entitlement ${group.entitlement} is no longer declared`,
        destructive: true,
      });
    }
    changes.push({
      kind: 'group.delete',
      app: group.app,
      group: group.name,
      groupId,
      reason: `the entitlement ${group.entitlement} is no longer declared`,
      destructive: true,
    });
  }
  return { changes, diagnostics, unmanaged };

  function addMembers(group: OrgGroup, groupId: string | undefined, present: ReadonlySet<string>): void {
    for (const [email, member] of group.members) {
      if (present.has(email)) continue;
      const user = users.get(email);
      if (user === undefined && sourced.has(email)) {
        changes.push({
          kind: 'membership.add',
          app: group.app,
          entitlement: group.entitlement,
          group: group.name,
          email,
          reason: `granted by ${member.source === undefined ? 'the CSV' : `${member.source.file}:${member.source.line}`} (user sourced in this run)`,
          destructive: false,
          ...(groupId === undefined ? {} : { groupId }),
          ...sourceOf(member.source),
        });
        continue;
      }
      if (user === undefined) {
        diagnostics.push(
          error(
            member.source,
            'USER_NOT_FOUND',
            `Okta has no user with the email ${email}`,
            'create the user in Okta first (or source users from the CSV, see users.source in the docs), or fix the email',
          ),
        );
        continue;
      }
      const heldBy = groupId === undefined ? undefined : holds.get(holdKey(user.id, groupId));
      if (heldBy !== undefined) {
        diagnostics.push(
          warning(
            member.source,
            'MEMBERSHIP_HELD',
            `held: ${email} was revoked from ${group.name} in campaign "${heldBy}"; it is not re-added while this row is in Git`,
            'merge the remediation pull request (okta-access remediate) that removes the row',
          ),
        );
        continue;
      }
      // A user the same plan sources (or reactivates through the source) is granted as the import leaves them.
      const state = sourced.has(email) ? undefined : userStateRules[user.status];
      if (state !== undefined && (state.everyRow || !reported.has(email))) {
        reported.add(email);
        diagnostics.push(warning(member.source, state.code, state.message(email, user.status), state.hint));
      }
      if (state?.grant === false) continue;
      changes.push({
        kind: 'membership.add',
        app: group.app,
        entitlement: group.entitlement,
        group: group.name,
        email,
        userId: user.id,
        reason: `granted by ${member.source === undefined ? 'the CSV' : `${member.source.file}:${member.source.line}`}`,
        destructive: false,
        ...(groupId === undefined ? {} : { groupId }),
        ...sourceOf(member.source),
      });
    }
  }
}

function sourceOf(source: SourceRef | undefined): { source?: SourceRef } {
  return source === undefined ? {} : { source };
}

function error(
  source: SourceRef | undefined,
  code: Diagnostic['code'],
  message: string,
  hint?: string,
): Diagnostic {
  return make('error', source, code, message, hint);
}

function warning(
  source: SourceRef | undefined,
  code: Diagnostic['code'],
  message: string,
  hint?: string,
): Diagnostic {
  return make('warning', source, code, message, hint);
}

function make(
  severity: Diagnostic['severity'],
  source: SourceRef | undefined,
  code: Diagnostic['code'],
  message: string,
  hint?: string,
): Diagnostic {
  return {
    severity,
    code,
    message,
    file: source?.file ?? 'okta-access.yaml',
    line: source?.line ?? 1,
    col: source?.col ?? 1,
    ...(hint === undefined ? {} : { hint }),
  };
}
