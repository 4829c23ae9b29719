import { campaignEmails, campaignGroupsAsWritten } from '../../campaigns/body.js';
import { type RepositoryRows, type RowSeed, seedFromRows } from '../../emulator/seed-from-rows.js';
import { loadDesired } from '../../load/index.js';
import { countBySeverity } from '../../model/diagnostic.js';
import type { DesiredState } from '../../model/state.js';
import { describeCounts, renderDiagnosticsText } from '../../render/diagnostics.js';
import { printable } from '../../render/escape.js';
import type { CliIo } from '../io.js';
import { stylesFor } from '../io.js';
import { csvProgress } from '../progress.js';

export interface RepositorySeed extends RowSeed {
  readonly state: DesiredState;
}

/**
 * `emulator --from`: loads the access repository as `validate` does (same loader, same diagnostics printed the same
 * way) and turns it into the org it expects before its first apply. Undefined when the repository is invalid.
 */
export async function repositorySeed(configPath: string, io: CliIo): Promise<RepositorySeed | undefined> {
  const progress = csvProgress(io);
  const loaded = await loadDesired({ configPath, env: io.env, onProgress: progress.onProgress });
  progress.done();
  const styles = stylesFor(io);
  io.stdout.write(renderDiagnosticsText(loaded.diagnostics, styles));
  if (loaded.state === undefined || countBySeverity(loaded.diagnostics).errors > 0) {
    io.stdout.write(
      `${styles.red('✖')} ${printable(configPath)}: ${describeCounts(loaded.diagnostics)}; no emulator started\n`,
    );
    return undefined;
  }
  return { state: loaded.state, ...seedFromRows(repositoryRows(loaded.state)) };
}

/** What the repository says Okta holds before the tool runs, as plain rows (see seedFromRows). */
export function repositoryRows(state: DesiredState): RepositoryRows {
  const entitlementGroups = new Set<string>();
  const adopted: { name: string; members: string[]; app: string }[] = [];
  for (const app of state.apps.values()) {
    for (const entitlement of app.entitlements.values()) {
      entitlementGroups.add(entitlement.groupName.toLowerCase());
      if (entitlement.adopt === true) {
        adopted.push({
          name: entitlement.groupName,
          members: [...entitlement.members.keys()],
          app: app.label,
        });
      }
    }
  }
  const otherEmails = new Set<string>();
  const named: { name: string }[] = [];
  for (const { definition } of state.campaigns.values()) {
    for (const email of campaignEmails(definition)) otherEmails.add(email);
    for (const name of campaignGroupsAsWritten(definition)) {
      // A campaign may name a group the tool creates (an entitlement's): that one is the plan's to show.
      if (!entitlementGroups.has(name.toLowerCase())) named.push({ name });
    }
  }
  const sourcing = state.config.users;
  return {
    people: [...state.people.values()].map((person) => ({
      email: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
      ...(person.managerEmail === undefined ? {} : { managerEmail: person.managerEmail }),
    })),
    sourced: sourcing !== undefined,
    otherEmails: [...otherEmails],
    apps: [...state.apps.values()]
      .filter((app) => app.create === undefined)
      .map((app) => ({ label: app.label, ...(app.id === undefined ? {} : { id: app.id }) })),
    groups: [...adopted, ...named],
    ...(sourcing === undefined ? {} : { identitySourceId: sourcing.identitySourceId }),
  };
}
