import type { Change, ChangeKind } from '../model/change.js';
import type { OktaPort } from '../okta/port.js';
import type { AnotherRun } from './another-run.js';

/** What handlers share during one apply: the port, the marker, and the ids of objects created in this run. */
export interface ApplyContext {
  readonly port: OktaPort;
  readonly marker: string;
  /** App ids by label, for apps created in this run (later changes only know the label). */
  readonly appIds: Map<string, string>;
  /** Group ids by lower-cased name, for groups created in this run. */
  readonly groupIds: Map<string, string>;
  /** Campaign ids by name, for campaigns created in this run. */
  readonly campaignIds: Map<string, string>;
  /** Okta user ids by lower-cased email, for users sourced in this run (user.source fills it). */
  readonly userIds?: Map<string, string>;
  /** Identity-source sessions opened by earlier runs from this checkout (the journal), and how to record one. */
  readonly sourceSessions?: { readonly opened: ReadonlySet<string>; record(sessionId: string): void };
  /** Another apply met at the same time (a create that found its object just made), and waiting for its writes. */
  readonly anotherRun?: AnotherRun;
  /** A line of progress for people (waiting for an import). */
  readonly onStatus?: (message: string) => void;
  /** First delay between polls of an import (doubling up to 5 s); default 1 s. */
  readonly sourcePollMs?: number;
  /** The clock (epoch ms), for telling an abandoned session from a busy one. */
  readonly now?: () => number;
}

/** How a handler ended: Okta was changed, or it already held (the idempotent success). */
export type HandlerOutcome = { readonly outcome: 'applied' | 'unchanged'; readonly detail?: string };

export type Handler<K extends ChangeKind> = (
  change: Extract<Change, { kind: K }>,
  context: ApplyContext,
) => Promise<HandlerOutcome>;

export type HandlerRegistry = { readonly [K in ChangeKind]: Handler<K> };

export function groupIdOf(context: ApplyContext, group: string, known: string | undefined): string {
  const id = known ?? context.groupIds.get(group.toLowerCase());
  if (id === undefined || id === '')
    throw new Error(`no id for group ${group}: its creation did not succeed`);
  return id;
}

/** The user id a change names, or the one of a user sourced in this run (by email). */
export function userIdOf(context: ApplyContext, email: string, known: string | undefined): string {
  const id = known ?? context.userIds?.get(email);
  if (id === undefined || id === '')
    throw new Error(`no Okta user for ${email}: sourcing it through the identity source did not succeed`);
  return id;
}

export function appIdOf(context: ApplyContext, app: string, known: string | undefined): string {
  const id = known ?? context.appIds.get(app);
  if (id === undefined || id === '') throw new Error(`no id for app ${app}: it was not found or created`);
  return id;
}
