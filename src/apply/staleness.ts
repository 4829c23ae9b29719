import { assertNever, type Change, changeKey } from '../model/change.js';
import type { OrgModel } from '../model/org.js';
import { formatSource } from '../model/source.js';

export interface StalenessCheck {
  /** True when apply may go on. */
  readonly ok: boolean;
  /** For people: what differs — the files (which change, from which file) or the org (which change) — or why it is still safe. */
  readonly message: string;
  /** Planned changes the org already holds (done by an earlier run, or by someone else). */
  readonly alreadyDone: ReadonlySet<string>;
  /** Planned changes the files no longer ask for: dropped, never executed. */
  readonly dropped: ReadonlySet<string>;
  /** The changes to execute: the fresh versions (with today's ids) of the planned changes still needed. */
  readonly toExecute: readonly Change[];
}

/** What apply knows of the two sides a saved plan was made from. */
export interface StalenessContext {
  /** The org reads as it did when the plan was made (same fingerprint). */
  readonly orgSame: boolean;
  /**
   * The org's apps and groups are as they were (the people looked up aside: they follow the emails the files name);
   * undefined when the plan does not say.
   */
  readonly groupsSame?: boolean | undefined;
  /** The files ask for what they asked then (same files fingerprint); undefined when the plan does not say. */
  readonly filesSame: boolean | undefined;
  /** Whether the files still ask for what a planned change does (src/apply/staleness.ts `stillInFiles`). */
  readonly inFiles: (change: Change) => boolean;
}

type Cause = 'files' | 'org' | 'both' | 'clock';

/**
 * Compares the plan with a diff made now. Fresh changes must all be planned ones (by key, and for descriptions by
 * content): then apply goes on with those. A planned change no longer needed was dropped from the files, or is
 * already done in Okta. A fresh change the plan does not hold means the files or the org changed in a way the
 * reviewers did not see: refuse, saying which side changed and which change it is.
 */
export function checkStaleness(
  planned: readonly Change[],
  fresh: readonly Change[],
  context: StalenessContext,
): StalenessCheck {
  const plannedByKey = new Map(planned.map((change) => [changeKey(change), change]));
  const unexpected: Change[] = [];
  const toExecute: Change[] = [];
  for (const change of fresh) {
    const plannedChange = plannedByKey.get(changeKey(change));
    if (plannedChange === undefined || !sameContent(plannedChange, change)) unexpected.push(change);
    else toExecute.push(change);
  }
  const freshKeys = new Set(fresh.map(changeKey));
  const alreadyDone = new Set<string>();
  const dropped = new Set<string>();
  for (const [key, change] of plannedByKey) {
    if (freshKeys.has(key)) continue;
    // With the org as it was, nothing can have been done in Okta: the files let go of it.
    const gone = context.orgSame || (context.filesSame !== true && !context.inFiles(change));
    (gone ? dropped : alreadyDone).add(key);
  }
  const cause = causeOf(context);
  if (unexpected.length > 0) {
    const shown = unexpected.slice(0, 10).map(describeChange).join('; ');
    const count = `${unexpected.length} change${unexpected.length === 1 ? '' : 's'}`;
    return {
      ok: false,
      message:
        `${changedSince(cause)}: ${count} would now be needed that the plan does not hold ` +
        `(${shown}${unexpected.length > 10 ? '; …' : ''}); make a new plan`,
      alreadyDone,
      dropped,
      toExecute: [],
    };
  }
  if (context.orgSame && dropped.size === 0) {
    return {
      ok: true,
      message: 'the org is as it was when the plan was made',
      alreadyDone,
      dropped,
      toExecute,
    };
  }
  const notes: string[] = [];
  if (dropped.size > 0) {
    notes.push(
      `${dropped.size} planned change${dropped.size === 1 ? ' is' : 's are'} no longer in the files and ${dropped.size === 1 ? 'is' : 'are'} dropped`,
    );
  }
  if (alreadyDone.size > 0) {
    notes.push(`${alreadyDone.size} planned change${alreadyDone.size === 1 ? ' is' : 's are'} already done`);
  }
  return {
    ok: true,
    message:
      `${changedSince(cause)}, but every remaining change is still valid and no new change appeared` +
      (notes.length > 0 ? ` (${notes.join('; ')})` : ''),
    alreadyDone,
    dropped,
    toExecute,
  };
}

function causeOf(context: StalenessContext): Cause {
  if (context.filesSame === true) return context.orgSame ? 'clock' : 'org';
  if (context.orgSame) return 'files';
  // The files changed: people they newly name were looked up, which alone changes the org's fingerprint.
  return context.filesSame === false && context.groupsSame === true ? 'files' : 'both';
}

function changedSince(cause: Cause): string {
  if (cause === 'files') return 'the files changed since this plan was made';
  if (cause === 'org') return 'the org changed since this plan was made';
  // Campaigns launch and end by date: the same files and org can ask for more on a later day.
  if (cause === 'clock') return 'neither the files nor the org changed, but the date did';
  return 'the files and the org changed since this plan was made';
}

/** One change for a refusal: what it does, and the file line that asks for it when there is one. */
export function describeChange(change: Change): string {
  const where = change.source === undefined ? '' : ` (${formatSource(change.source)})`;
  return `${changeWords(change)}${where}`;
}

function changeWords(change: Change): string {
  switch (change.kind) {
    case 'app.create':
      return `create app ${change.app}`;
    case 'group.create':
      return `create group ${change.group}`;
    case 'group.adopt':
      return `adopt group ${change.group}`;
    case 'group.update':
      return `update the description of group ${change.group}`;
    case 'group.delete':
      return `delete group ${change.group}`;
    case 'assignment.add':
      return `assign group ${change.group} to app ${change.app}`;
    case 'assignment.remove':
      return `unassign group ${change.group} from app ${change.app}`;
    case 'membership.add':
      return `add ${change.email} to ${change.group}`;
    case 'membership.remove':
      return `remove ${change.email} from ${change.group}`;
    case 'campaign.create':
    case 'campaign.replace':
    case 'campaign.launch':
    case 'campaign.end':
      return `${change.kind.slice('campaign.'.length)} campaign ${JSON.stringify(change.campaign)}`;
    case 'user.source':
    case 'user.deactivate': {
      const verb = change.kind === 'user.source' ? 'source' : 'deactivate';
      const people = change.people.length;
      const names = change.people.slice(0, 3).map((person) => person.email);
      const more = people > 3 ? ', …' : '';
      return `${verb} ${people} ${people === 1 ? 'person' : 'people'} (${names.join(', ')}${more})`;
    }
    default:
      return assertNever(change);
  }
}

/** What the files ask for now, as far as deciding whether a planned change was dropped from them. */
export interface FilesNow {
  readonly desired: OrgModel;
  /** Names of the campaigns the campaign files declare. */
  readonly campaigns: ReadonlySet<string>;
  /** The identity source of `users:`, when sourcing is on. */
  readonly identitySourceId?: string;
}

/**
 * Whether the files still ask for what `change` does. A planned change that is not needed now and that the files
 * still ask for is done in Okta; one they no longer ask for was dropped.
 */
export function stillInFiles(change: Change, files: FilesNow): boolean {
  const group = (name: string) => files.desired.groups.get(name.toLowerCase());
  switch (change.kind) {
    case 'app.create':
      return files.desired.apps.get(change.app)?.create !== undefined;
    case 'group.create':
    case 'group.adopt':
    case 'group.update':
      return group(change.group) !== undefined;
    case 'group.delete':
      return group(change.group) === undefined;
    case 'assignment.add':
      return files.desired.apps.get(change.app)?.assignedGroups.has(change.group.toLowerCase()) === true;
    case 'assignment.remove':
      return files.desired.apps.get(change.app)?.assignedGroups.has(change.group.toLowerCase()) !== true;
    case 'membership.add':
      return group(change.group)?.members.has(change.email.toLowerCase()) === true;
    case 'membership.remove':
      return group(change.group)?.members.has(change.email.toLowerCase()) !== true;
    case 'campaign.create':
    case 'campaign.replace':
    case 'campaign.launch':
    case 'campaign.end':
      return files.campaigns.has(change.campaign);
    case 'user.source':
    case 'user.deactivate':
      return files.identitySourceId === change.identitySourceId;
    default:
      return assertNever(change);
  }
}

function samePeople(
  planned: { readonly people: readonly { readonly email: string }[] },
  fresh: { readonly people: readonly { readonly email: string }[] },
): boolean {
  const emails = new Set(planned.people.map((person) => person.email));
  return fresh.people.every((person) => emails.has(person.email));
}

function sameContent(planned: Change, fresh: Change): boolean {
  if (planned.kind === 'group.adopt' && fresh.kind === 'group.adopt')
    return planned.description.to === fresh.description.to;
  if (planned.kind === 'group.update' && fresh.kind === 'group.update')
    return planned.description.to === fresh.description.to;
  if (planned.kind === 'group.create' && fresh.kind === 'group.create')
    return planned.description === fresh.description;
  if (planned.kind === 'app.create' && fresh.kind === 'app.create') return planned.url === fresh.url;
  // Fewer people than planned is an earlier run's progress; anyone the plan did not show is new.
  if (planned.kind === 'user.source' && fresh.kind === 'user.source') return samePeople(planned, fresh);
  if (planned.kind === 'user.deactivate' && fresh.kind === 'user.deactivate')
    return samePeople(planned, fresh);
  return true;
}
