import { addApplyNote } from '../git/notes.js';
import type { GitHubPort } from '../github/port.js';
import { allowDeletesLabel } from '../model/deletion-override.js';
import { countBySeverity, type Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../model/plan.js';
import type { OktaPort } from '../okta/port.js';
import { planHash } from '../plan/hash.js';
import { allowedDeletesMarkdown, renderDeletionsRefusedMarkdown } from '../render/allow-deletes-markdown.js';
import { renderApplyMarkdown } from '../render/apply-markdown.js';
import { renderDriftMarkdown } from '../render/drift-markdown.js';
import { renderInvalidMarkdown } from '../render/invalid-markdown.js';
import { guardrailNotice, renderPlanMarkdown } from '../render/plan-markdown.js';
import { renderNotAppliedMarkdown, renderPlanChangedMarkdown } from '../render/refusal-markdown.js';
import { decideDeletionOverride } from './allow-deletes.js';
import { runApply } from './apply.js';
import type { Connection } from './connection.js';
import { basePlaceholder, guardrailsOnGitHub, type PullRequestBase } from './guardrails.js';
import { runPlan } from './plan.js';
import type { GitScopeSpec } from './scope.js';

/** What the GitHub flows need besides GitHub itself. */
export interface GitHubFlowOptions {
  readonly configPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly openPort: (connection: Connection) => OktaPort;
  readonly github: GitHubPort;
  /** Where the full plan goes when the comment is capped (the job summary). */
  readonly summary?: (markdown: string) => void;
  /** Validation problems as annotations on the files' lines. */
  readonly annotate?: (diagnostics: readonly Diagnostic[]) => void;
  /** Progress of a long apply (identity-source imports, every tenth of the changes), one line each, for the job log. */
  readonly log?: (message: string) => void;
}

export interface FlowResult {
  readonly ok: boolean;
  readonly hasChanges: boolean;
  readonly planHash: string | null;
  /** One line for people and for the action's `summary` output. */
  readonly summary: string;
}

/** The hidden markers that find this config's comments and issues again. */
export function planMarker(config: string): string {
  return `<!-- okta-access plan: ${config} -->`;
}

export function driftMarker(config: string): string {
  return `<!-- okta-access drift: ${config} -->`;
}

const hashPattern = /<!-- okta-access plan-hash: (sha256:[0-9a-f]{64}) -->/;
const commentCap = 60_000;

/**
 * On a pull request: plan and show it in one sticky comment (updated in place as the branch moves), with the head
 * commit and the plan hash that merging will apply. Invalid files become annotations, a comment and a failure.
 * The guardrails in force are the base branch's (read through GitHub); without a base, the built-in ones.
 */
export async function planPullRequest(
  options: GitHubFlowOptions & {
    readonly pullNumber: number;
    readonly headSha: string;
    readonly base?: PullRequestBase;
    /** Plan only the change from this range (the Action's `scope: auto`). */
    readonly scope?: GitScopeSpec;
  },
): Promise<FlowResult> {
  const marker = planMarker(options.configPath);
  const trusted =
    options.base === undefined
      ? basePlaceholder(options.configPath, options.env)
      : await guardrailsOnGitHub(options.github, options.base, options.configPath, options.env);
  const result = await runPlan({
    configPath: options.configPath,
    env: options.env,
    openPort: options.openPort,
    trusted,
    ...(options.scope === undefined ? {} : { scope: options.scope }),
  });
  if (!result.ok) {
    options.annotate?.(result.diagnostics);
    const { errors } = countBySeverity(result.diagnostics);
    const body = renderInvalidMarkdown(result.diagnostics, {
      headSha: options.headSha,
      notice: guardrailNotice(result.guardrails),
      maxChars: commentCap - marker.length - 1,
    });
    await options.github.upsertComment(options.pullNumber, marker, `${marker}\n${body}`);
    return { ok: false, hasChanges: false, planHash: null, summary: `invalid: ${errors} errors` };
  }
  const { plan } = result;
  // Bound to this head commit and config: the hash approves this plan for this commit only.
  const hash = planHash(plan, { commit: options.headSha, config: options.configPath });
  options.annotate?.(plan.diagnostics);
  const body = planComment(plan, marker, hash, options.headSha);
  // The job summary always holds the whole plan; the comment is capped below GitHub's limit.
  options.summary?.(renderPlanMarkdown(plan, { maxChars: Number.MAX_SAFE_INTEGER }));
  await options.github.upsertComment(options.pullNumber, marker, body.text);
  const errors = countBySeverity(plan.diagnostics).errors;
  return {
    ok: errors === 0 && plan.applicable,
    hasChanges: plan.changes.length > 0,
    planHash: hash,
    summary: `${plan.changes.length} changes (${plan.summary.destructive} destructive); plan ${hash.slice(0, 19)}`,
  };
}

function planComment(
  plan: Plan,
  marker: string,
  hash: string,
  headSha: string,
): { text: string; capped: boolean } {
  const deletions = plan.deleteLimit.exceeded
    ? `\n\nThe deletions exceed the limits: merging applies them only if a maintainer (maintain or admin role) has ` +
      `added the label \`${allowDeletesLabel}\` to this pull request; apply checks it at merge.`
    : '';
  const footer =
    `${deletions}\n\n---\nPlan \`${hash.slice(0, 19)}…\` for commit \`${headSha.slice(0, 12)}\`. Merging applies exactly this plan; ` +
    'if Okta or the files change first, the apply stops and says why.';
  const header = `${marker}\n<!-- okta-access plan-hash: ${hash} -->\n`;
  const markdown = renderPlanMarkdown(plan, { maxChars: commentCap - header.length - footer.length });
  return { text: `${header}${markdown}${footer}`, capped: markdown.includes('more changes not shown') };
}

/**
 * On a push to the default branch: find the merged pull request, plan again, and apply only when the plan is the one
 * the bot's comment showed (same plan hash, bound to the pull request's head commit and the config). Comments by anyone
 * else are ignored, marker or not. The apply report goes back on the pull request, the record into a Git note.
 */
export async function applyMerge(
  options: GitHubFlowOptions & {
    readonly sha: string;
    readonly allowDirectPush: boolean;
    /**
     * The deprecated standing override (the `allow-deletes` input). Deletions past the limits are allowed per pull
     * request by the label `okta-access:allow-deletes`, added by a maintainer; this still allows them without one.
     */
    readonly allowDeletes: boolean;
    readonly concurrency: number;
    readonly runUrl: string | null;
    /** The checkout, to write the apply note into (and push it). */
    readonly repoDir?: string;
    readonly pushNote: boolean;
    readonly journalPath?: string;
    /**
     * Re-plan only the merged change (the Action's `scope: auto`: the merge commit against its first parent). The
     * hash covers the scope, so a merge whose scope differs from the approved plan's is refused like changed changes.
     */
    readonly scope?: GitScopeSpec;
  },
): Promise<FlowResult> {
  const marker = planMarker(options.configPath);
  const pull = await options.github.pullRequestForCommit(options.sha);
  if (pull === undefined && !options.allowDirectPush) {
    return refused(
      `commit ${options.sha.slice(0, 12)} was pushed without a pull request: nothing was approved, nothing is applied`,
    );
  }
  // Only the bot's own comment (the port looks among the token's account's comments alone).
  const approved =
    pull === undefined ? undefined : (await options.github.findComment(pull.number, marker))?.body;
  const approvedHash = approved === undefined ? undefined : hashPattern.exec(approved)?.[1];
  if (pull !== undefined && approvedHash === undefined) {
    const bot = await options.github.identity();
    await options.github.addComment(
      pull.number,
      `### Okta access: not applied\n\nThis pull request has no plan for \`${options.configPath}\` commented by ` +
        `\`${bot}\`, the account this workflow writes as: nothing was approved, and nothing was written to Okta. ` +
        'Comments by anyone else are ignored, whatever they contain. To apply the default branch, open a pull request ' +
        'and merge it once its plan is commented.',
    );
    return refused(
      `pull request #${pull.number} shows no plan for ${options.configPath} by ${bot}: nothing was approved`,
    );
  }
  const result = await runPlan({
    configPath: options.configPath,
    env: options.env,
    openPort: options.openPort,
    ...(options.scope === undefined ? {} : { scope: options.scope }),
  });
  if (!result.ok) {
    options.annotate?.(result.diagnostics);
    return refused('the access repository on the default branch is invalid; nothing was applied');
  }
  // The merged pull request's head commit is the one its plan comment was made for; a direct push approves itself.
  const hash = planHash(result.plan, {
    commit: pull === undefined ? options.sha : pull.headSha,
    config: options.configPath,
  });
  if (pull !== undefined && hash !== approvedHash) {
    await options.github.addComment(
      pull.number,
      renderPlanChangedMarkdown(approvedHash ?? '', hash, result.plan, commentCap),
    );
    return refused(
      `the plan changed since it was approved (${approvedHash?.slice(0, 19)}… → ${hash.slice(0, 19)}…)`,
    );
  }
  // Past the deletion limits only on a maintainer's label on the merged pull request (or the deprecated input).
  const override = await decideDeletionOverride({
    github: options.github,
    pull,
    plan: result.plan,
    allowDeletesInput: options.allowDeletes,
  });
  if (override.kind === 'refused') {
    if (pull !== undefined) {
      await options.github.addComment(
        pull.number,
        renderDeletionsRefusedMarkdown(result.plan.deleteLimit, override.label),
      );
    }
    const why =
      override.label?.reason === 'role'
        ? `; the label ${allowDeletesLabel} was added by ${override.label.login}, whose role (${override.label.role.role}) is below maintain`
        : '';
    return refused(
      `${result.plan.deleteLimit.destructive} destructive changes exceed the deletion limits and no maintainer allowed them${why}; nothing was applied`,
    );
  }
  const applied = await runApply({
    configPath: options.configPath,
    env: options.env,
    openPort: options.openPort,
    plan: result.plan,
    planHash: hash,
    allowDeletes: override.kind === 'label' || override.kind === 'input',
    concurrency: options.concurrency,
    ...(options.journalPath === undefined ? {} : { journalPath: options.journalPath }),
    ...(options.log === undefined ? {} : progressLines(options.log)),
  });
  if (!applied.ok) {
    const message = applied.reason === 'refused' ? applied.message : 'the access repository is invalid';
    if (pull !== undefined) await options.github.addComment(pull.number, renderNotAppliedMarkdown(message));
    return refused(message);
  }
  const { report } = applied;
  const allowed = allowedDeletesMarkdown(result.plan.deleteLimit, override);
  const withAllowed = (markdown: string) => (allowed === '' ? markdown : `${markdown}\n\n${allowed}\n`);
  const markdown = withAllowed(renderApplyMarkdown(report, { maxChars: commentCap - allowed.length - 4 }));
  if (pull !== undefined) await options.github.addComment(pull.number, markdown);
  options.summary?.(withAllowed(renderApplyMarkdown(report, { maxChars: Number.MAX_SAFE_INTEGER })));
  if (options.repoDir !== undefined) {
    await addApplyNote(
      options.repoDir,
      options.sha,
      {
        planHash: hash,
        counts: report.counts,
        ok: report.ok,
        runUrl: options.runUrl,
        appliedAt: report.finishedAt,
        org: report.org,
        ...(override.kind === 'label' ? { allowDeletesBy: override.login } : {}),
        ...(override.kind === 'input' ? { allowDeletesInput: true } : {}),
      },
      options.pushNote,
    );
  }
  return {
    ok: report.ok,
    hasChanges: result.plan.changes.length > 0,
    planHash: hash,
    summary:
      `applied ${report.counts.applied}, unchanged ${report.counts.unchanged}, skipped ${report.counts.skipped}, failed ${report.counts.failed}` +
      (override.kind === 'label' ? `; deletions past the limits allowed by ${override.login}'s label` : '') +
      (override.kind === 'input' ? '; deletions past the limits allowed by the allow-deletes input' : ''),
  };
}

/** Apply's status lines as they come, and its progress at every tenth of the changes (a CI log, not a terminal). */
function progressLines(log: (message: string) => void) {
  let reported = 0;
  return {
    onStatus: log,
    onProgress: (done: number, total: number) => {
      const tenth = Math.floor((done * 10) / Math.max(total, 1));
      if (tenth <= reported) return;
      reported = tenth;
      log(`applied ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} changes`);
    },
  };
}

function refused(summary: string): FlowResult {
  return { ok: false, hasChanges: false, planHash: null, summary };
}

/**
 * Scheduled drift detection: plan the default branch against Okta; open one issue while Okta differs from the
 * files, update it as the drift changes, close it when the drift is gone.
 */
export async function detectDrift(options: GitHubFlowOptions): Promise<FlowResult> {
  const marker = driftMarker(options.configPath);
  const result = await runPlan({
    configPath: options.configPath,
    env: options.env,
    openPort: options.openPort,
  });
  if (!result.ok) return refused('the access repository is invalid; drift was not checked');
  const { plan } = result;
  const open = await options.github.findOpenIssue(marker);
  if (plan.changes.length === 0) {
    if (open !== undefined) {
      await options.github.closeIssue(
        open.number,
        'Okta matches the access repository again: the drift is gone.',
      );
    }
    return { ok: true, hasChanges: false, planHash: planHash(plan), summary: 'no drift' };
  }
  const body = `${marker}\n${renderDriftMarkdown(options.configPath, plan, 55_000)}`;
  if (open === undefined) {
    await options.github.openIssue(`Okta access drift: ${options.configPath}`, body, [
      'okta-access',
      'drift',
    ]);
  } else if (open.body !== body) {
    await options.github.updateIssue(open.number, body);
  }
  return {
    ok: true,
    hasChanges: true,
    planHash: planHash(plan),
    summary: `drift: ${plan.changes.length} changes (${plan.summary.destructive} destructive)`,
  };
}
