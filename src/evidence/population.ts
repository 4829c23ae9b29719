import path from 'node:path';
import type { CampaignDefinition, DesiredState, Entitlement } from '../model/state.js';
import type { PopulationRow } from './model.js';

/** Where the rows of a repository read from a folder come from, as paths below the repository's top level. */
export interface RowPlaces {
  /** The folder the repository (okta-access.yaml's folder) was read from. */
  readonly root: string;
  /** That folder's place below the top level: `''` or `sub/dir/`. */
  readonly prefix: string;
  /** The working directory the loader named files relative to. */
  readonly cwd: string;
}

/** The entitlements a campaign reviews, in a loaded repository: each resource's app, all or the ones listed. */
export function reviewedEntitlements(definition: CampaignDefinition, state: DesiredState): Entitlement[] {
  const found = new Map<string, Entitlement>();
  for (const resource of definition.resources) {
    const app = state.apps.get(resource.app);
    if (app === undefined) continue;
    const entitlements =
      resource.entitlements === 'all'
        ? [...app.entitlements.values()]
        : resource.entitlements.flatMap((name) => app.entitlements.get(name) ?? []);
    for (const entitlement of entitlements) found.set(`${app.label}\u0000${entitlement.name}`, entitlement);
  }
  return [...found.values()];
}

/** Every CSV row granting an entitlement the campaign reviews: user, app, entitlement, and the row's place. */
export function populationOf(
  definition: CampaignDefinition,
  state: DesiredState,
  places: RowPlaces,
): PopulationRow[] {
  const rows: PopulationRow[] = [];
  for (const entitlement of reviewedEntitlements(definition, state)) {
    for (const [email, source] of entitlement.members) {
      const person = state.people.get(email);
      rows.push({
        user: email,
        firstName: person?.firstName ?? '',
        lastName: person?.lastName ?? '',
        app: entitlement.app,
        entitlement: entitlement.name,
        group: entitlement.groupName,
        source: `${repositoryPath(source.file, places)}:${source.line}`,
      });
    }
  }
  return rows;
}

/** A loader's file name (relative to the working directory) as a path below the repository's top level. */
export function repositoryPath(file: string, places: RowPlaces): string {
  const relative = path.relative(places.root, path.resolve(places.cwd, file)).split(path.sep).join('/');
  return `${places.prefix}${relative}`;
}

/** What each entitlement group stands for, by lower-cased group name: the first state that names it wins. */
export function groupMeanings(
  states: readonly DesiredState[],
): Map<string, { readonly app: string; readonly entitlement: string }> {
  const meanings = new Map<string, { app: string; entitlement: string }>();
  for (const state of states) {
    for (const app of state.apps.values()) {
      for (const entitlement of app.entitlements.values()) {
        const key = entitlement.groupName.toLowerCase();
        if (!meanings.has(key)) meanings.set(key, { app: app.label, entitlement: entitlement.name });
      }
    }
  }
  return meanings;
}
