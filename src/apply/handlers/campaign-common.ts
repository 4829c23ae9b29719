import type { Json } from '../../model/campaign.js';
import { carriesMarker } from '../../model/ownership.js';
import type { ApplyContext } from '../context.js';

/**
 * The create body with every target group's id: those known at plan time are in it; groups created in this run (or
 * since the plan) are looked up now.
 */
export async function completeBody(
  body: { readonly [key: string]: Json },
  targetGroups: readonly string[],
  context: ApplyContext,
): Promise<{ [key: string]: Json }> {
  const settings = (body.resourceSettings ?? {}) as { [key: string]: Json };
  const known = (settings.targetResources ?? []) as { resourceId: string }[];
  const ids = new Set(known.map((target) => target.resourceId));
  const targets: { [key: string]: Json }[] = known.map((target) => ({ ...target }));
  for (const name of targetGroups) {
    const id = await groupId(name, context);
    if (ids.has(id)) continue;
    ids.add(id);
    targets.push({ resourceId: id, resourceType: 'GROUP' });
  }
  targets.sort((a, b) => String(a.resourceId).localeCompare(String(b.resourceId)));
  return { ...body, resourceSettings: { ...settings, targetResources: targets } };
}

async function groupId(name: string, context: ApplyContext): Promise<string> {
  const created = context.groupIds.get(name.toLowerCase());
  if (created !== undefined) return created;
  const found = (await context.port.findGroupsByName(name)).find(
    (group) => group.name.toLowerCase() === name.toLowerCase(),
  );
  if (found === undefined)
    throw new Error(`the campaign reviews group ${name}, which does not exist in Okta`);
  context.groupIds.set(name.toLowerCase(), found.id);
  return found.id;
}

/** A managed campaign with this name that is still scheduled: created by an earlier, interrupted run. */
export async function findScheduled(name: string, context: ApplyContext): Promise<string | undefined> {
  const found = (await context.port.listCampaigns()).find(
    (campaign) =>
      campaign.name === name &&
      campaign.status === 'SCHEDULED' &&
      carriesMarker(campaign.description, context.marker),
  );
  return found?.id;
}

export async function campaignIdOf(
  name: string,
  known: string | undefined,
  context: ApplyContext,
): Promise<string> {
  const id = known ?? context.campaignIds.get(name) ?? (await findScheduled(name, context));
  if (id === undefined) throw new Error(`no campaign named ${name} to act on: its creation did not succeed`);
  return id;
}
