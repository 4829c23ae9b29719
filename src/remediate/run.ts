import path from 'node:path';
import {
  commitOnNewBranch,
  defaultBaseBranch,
  diffBranch,
  pushBranch,
  repositoryRoot,
} from '../git/branch.js';
import type { GitHubPort, GitHubPullRequest } from '../github/port.js';
import { loadDesired } from '../load/index.js';
import { countBySeverity, type Diagnostic } from '../model/diagnostic.js';
import type { SourceRef } from '../model/source.js';
import type { OktaPort } from '../okta/port.js';
import { scopesFor } from '../okta/scopes.js';
import { type Connection, resolveConnection } from '../pipeline/connection.js';
import { defaultBranch } from './branch-name.js';
import { findCompletedCampaign } from './campaign.js';
import {
  commitMessage,
  type Described,
  pullRequestBody,
  pullRequestTitle,
  summaryLines,
} from './describe.js';
import { csvFilesOf, rowEdits } from './edits.js';
import { matchDecisions, type Remediation } from './match.js';

export interface RemediateOptions {
  readonly configPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The campaign's name, as its file gives it. */
  readonly campaign: string;
  /** Default `okta-access/remediate-<campaign-slug>`. */
  readonly branch?: string;
  /** The branch the pull request goes to, and the commit's parent (default: origin's default branch, else HEAD's). */
  readonly base?: string;
  readonly openPort: (connection: Connection) => OktaPort;
  /** Given: push the branch to origin and open a pull request. Absent: keep the branch local, return the patch. */
  readonly github?: GitHubPort;
}

export interface RemediationBranch {
  readonly name: string;
  readonly commit: string;
  readonly base: string;
  readonly pushed: boolean;
  readonly pullRequest?: GitHubPullRequest;
  /** `git diff` from the base to the branch, when no pull request was opened. */
  readonly patch?: string;
}

export type RemediateRun =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly ok: true;
      readonly campaign: { readonly id: string; readonly name: string };
      readonly remediations: readonly Remediation[];
      /** One line per REVOKE decision: removed, already removed, or not matched. */
      readonly summary: readonly string[];
      /** Absent when no row had to go. */
      readonly branch?: RemediationBranch;
    };

/**
 * `remediate`: the REVOKE decisions of a completed managed campaign become a branch that removes the rows granting
 * the revoked access, then a pull request (or a patch). Invalid files stop it before Okta is contacted; Okta is only
 * read.
 */
export async function runRemediate(options: RemediateOptions): Promise<RemediateRun> {
  const loaded = await loadDesired({ configPath: options.configPath, env: options.env });
  const state = loaded.state;
  if (state === undefined || countBySeverity(loaded.diagnostics).errors > 0) {
    return { ok: false, diagnostics: loaded.diagnostics };
  }
  const repoRoot = await repositoryRoot(path.dirname(state.config.path));
  const files = await csvFilesOf(state.apps, repoRoot);
  const port = options.openPort(
    resolveConnection(state.config, options.env, scopesFor('remediate', { campaigns: true, users: false })),
  );
  const found = await findCompletedCampaign(port, options.campaign, state.config.ownership.marker);
  const campaign = { id: found.id, name: found.name };
  const reviews = (await port.listReviews(campaign.id)).filter((review) => review.decision === 'REVOKE');
  const groupNames = new Map<string, string>();
  for (const resourceId of new Set(reviews.map((review) => review.resourceId))) {
    const group = await port.getGroup(resourceId);
    if (group !== undefined) groupNames.set(resourceId, group.name);
  }
  const remediations = matchDecisions(reviews, groupNames, state.apps);
  const described: Described = {
    campaign,
    remediations,
    where: (source: SourceRef) => `${files.repoPaths.get(source.file) ?? source.file}:${source.line}`,
  };
  const summary = summaryLines(described);
  const edits = rowEdits(remediations, files);
  if (edits.length === 0) return { ok: true, campaign, remediations, summary };

  const name = options.branch ?? defaultBranch(campaign.name, campaign.id);
  const baseBranch = options.base ?? (await defaultBaseBranch(repoRoot));
  const { commit, base } = await commitOnNewBranch({
    repoDir: repoRoot,
    base: baseBranch,
    branch: name,
    message: commitMessage(described),
    edits,
  });
  if (options.github === undefined) {
    const patch = await diffBranch(repoRoot, base, name);
    return {
      ok: true,
      campaign,
      remediations,
      summary,
      branch: { name, commit, base, pushed: false, patch },
    };
  }
  await pushBranch(repoRoot, name);
  const pullRequest = await options.github.createPullRequest(
    name,
    baseBranch,
    pullRequestTitle(campaign.name),
    pullRequestBody(described),
  );
  return {
    ok: true,
    campaign,
    remediations,
    summary,
    branch: { name, commit, base, pushed: true, pullRequest },
  };
}
