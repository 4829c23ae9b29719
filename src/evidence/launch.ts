import { commitAtOrBefore, type Repository } from '../git/snapshot.js';
import { UserError } from '../model/errors.js';
import type { CampaignDefinition, DesiredState } from '../model/state.js';
import { atCommit } from './at-commit.js';
import type { PopulationRow } from './model.js';
import { populationOf } from './population.js';

export interface AtLaunch {
  /** The last commit at or before the launch. */
  readonly commit: string;
  /** The repository as it was then (undefined when it could not be read). */
  readonly state: DesiredState | undefined;
  readonly population: PopulationRow[];
  readonly warnings: readonly string[];
}

/**
 * The population at launch: the repository at the last commit at or before the launch, and the CSV rows of the
 * entitlements the campaign reviewed then (the campaign as that commit defines it, else as it is defined now).
 */
export async function launchAndPopulation(
  repository: Repository,
  options: {
    readonly instant: string;
    readonly configName: string;
    readonly campaign: string;
    readonly fallback: CampaignDefinition;
    readonly env: Readonly<Record<string, string | undefined>>;
  },
): Promise<AtLaunch> {
  const commit = await commitAtOrBefore(repository, options.instant);
  if (commit === null) {
    throw new UserError(
      'EVIDENCE_NO_COMMIT_AT_LAUNCH',
      `no commit of ${repository.head.slice(0, 12)} is at or before the campaign's launch, ${options.instant}`,
      {
        hint: 'the population at launch comes from the repository as it was then: check out the branch Okta was applied from',
      },
    );
  }
  const read = await atCommit(
    repository,
    commit,
    options.configName,
    { env: options.env, at: new Date(options.instant) },
    (state, places) => {
      if (state === undefined) return { state, population: [] };
      const definition = state.campaigns.get(options.campaign)?.definition ?? options.fallback;
      return { state, population: populationOf(definition, state, places) };
    },
  );
  return { commit, ...read.result, warnings: read.warnings };
}
