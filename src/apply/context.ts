import type { Change, ChangeKind } from '../model/change.js';
import type { OktaPort } from '../okta/port.js';

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

export function appIdOf(context: ApplyContext, app: string, known: string | undefined): string {
  const id = known ?? context.appIds.get(app);
  if (id === undefined || id === '') throw new Error(`no id for app ${app}: it was not found or created`);
  return id;
}
