import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileAtCommit, lastCommitTouching, type Repository, repositoryOf } from '../git/snapshot.js';
import { loadDesired } from '../load/index.js';
import { UserError } from '../model/errors.js';
import type { Campaign, DesiredState } from '../model/state.js';
import type { OktaPort } from '../okta/port.js';
import { scopesFor } from '../okta/scopes.js';
import { type Connection, resolveConnection } from '../pipeline/connection.js';
import { toolVersion } from '../pipeline/version.js';
import { launchAndPopulation } from './launch.js';
import type { EvidenceInputs } from './model.js';
import { groupMeanings, repositoryPath } from './population.js';
import { launchOf, selectCampaign, targetsOf } from './select.js';
import { readTargetGroups } from './targets.js';

export interface EvidenceRequest {
  /** Path of okta-access.yaml. */
  readonly configPath: string;
  /** The campaign's name, as its file gives it. */
  readonly campaign: string;
  /** Which of several launched campaigns of that name (a recurring campaign's occurrences). */
  readonly campaignId?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly openPort: (connection: Connection) => OktaPort;
}

export const toolName = 'okta-access-gitops';

/**
 * The thin shell that reads everything a pack is made of: the repository now (to find the campaign's file), Git (the
 * commit the definition comes from, the commit current at launch), and Okta (the campaign, its reviews, the members
 * of its groups). Every problem the user can fix is a UserError.
 */
export async function collectEvidence(request: EvidenceRequest): Promise<EvidenceInputs> {
  const state = await loadRepository(request);
  const campaign = findCampaign(state, request.campaign);
  const { config } = state;
  const repository = await repositoryOf(config.root);
  if (repository === null) {
    throw new UserError('EVIDENCE_NOT_GIT', `${config.root} is not in a Git work tree with a commit`, {
      hint: 'the pack names the commits the campaign and its population come from: run it in a clone of the access repository',
    });
  }
  const warnings: string[] = [];
  const definition = await committedDefinition(repository, campaign, config.root, warnings);

  const connection = resolveConnection(
    config,
    request.env,
    scopesFor('evidence', { campaigns: true, users: false }),
  );
  const port = request.openPort(connection);
  const summary = selectCampaign(
    await port.listCampaigns(),
    request.campaign,
    config.ownership.marker,
    request.campaignId,
  );
  const full = await port.getCampaign(summary.id);
  if (full === undefined) {
    throw new UserError(
      'EVIDENCE_CAMPAIGN_GONE',
      `Okta's campaign ${summary.id} was deleted while it was read`,
    );
  }
  const reviews = await port.listReviews(summary.id);
  const launch = launchOf(full, reviews);
  if (launch === undefined) {
    throw new UserError(
      'EVIDENCE_NO_LAUNCH',
      `Okta gives no launch or start time for campaign ${summary.id}`,
    );
  }
  const atLaunch = await launchAndPopulation(repository, {
    instant: launch.instant,
    configName: path.basename(config.path),
    campaign: request.campaign,
    fallback: campaign.definition,
    env: request.env,
  });
  warnings.push(...atLaunch.warnings);

  const targets = targetsOf(full);
  for (const other of targets.others) {
    warnings.push(`target ${other} is not a group: access-after.csv lists the members of groups only`);
  }
  const meanings = groupMeanings([...(atLaunch.state === undefined ? [] : [atLaunch.state]), state]);
  const groups = await readTargetGroups(port, targets.groups, meanings, warnings);

  return {
    tool: { name: toolName, version: toolVersion() },
    orgUrl: connection.orgUrl,
    request: {
      config: `${repository.prefix}${path.basename(config.path)}`,
      campaign: request.campaign,
      ...(request.campaignId === undefined ? {} : { campaignId: request.campaignId }),
    },
    repository: { head: repository.head, prefix: repository.prefix },
    campaign: { id: summary.id, name: summary.name, status: summary.status, full },
    definition,
    launch: { instant: launch.instant, from: launch.from, commit: atLaunch.commit },
    population: atLaunch.population,
    reviews,
    groups,
    warnings,
  };
}

async function loadRepository(request: EvidenceRequest): Promise<DesiredState> {
  const loaded = await loadDesired({ configPath: request.configPath, env: request.env });
  if (loaded.state !== undefined) return loaded.state;
  const first = loaded.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  throw new UserError(
    'EVIDENCE_CONFIG',
    first === undefined
      ? `${request.configPath} could not be read`
      : `${first.file}:${first.line}:${first.col} ${first.code} ${first.message}`,
    { hint: `run \`okta-access validate --config ${request.configPath}\`` },
  );
}

function findCampaign(state: DesiredState, name: string): Campaign {
  const campaign = state.campaigns.get(name);
  if (campaign !== undefined) return campaign;
  const names = [...state.campaigns.keys()].sort();
  throw new UserError('EVIDENCE_UNKNOWN_CAMPAIGN', `no campaign file names a campaign "${name}"`, {
    hint:
      names.length === 0
        ? 'the repository has no campaign files'
        : `the campaigns of the repository: ${names.map((known) => `"${known}"`).join(', ')}`,
  });
}

/** The campaign file as of the last commit that changed it; a warning when the work tree holds other bytes. */
async function committedDefinition(
  repository: Repository,
  campaign: Campaign,
  root: string,
  warnings: string[],
): Promise<EvidenceInputs['definition']> {
  const cwd = process.cwd();
  const file = repositoryPath(campaign.source.file, { root, prefix: repository.prefix, cwd });
  const commit = await lastCommitTouching(repository, file);
  if (commit === null) {
    throw new UserError('EVIDENCE_NOT_COMMITTED', `the campaign file ${file} is not committed`, {
      hint: 'commit it: the pack names the commit the campaign was created from',
    });
  }
  const { bytes, blob } = await fileAtCommit(repository, commit, file);
  const current = await readFile(path.resolve(cwd, campaign.source.file));
  if (!current.equals(bytes)) {
    warnings.push(`${file} has changes that are not committed: campaign.yaml is the file as committed`);
  }
  return { path: file, commit, blob, bytes };
}
