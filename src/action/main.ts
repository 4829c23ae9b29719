import path from 'node:path';
import { error as annotateError, info, setFailed, setOutput, summary, warning } from '@actions/core';
import { openPort } from '../cli/commands/plan.js';
import { createGitHubPort } from '../github/octokit.js';
import { loadDesired } from '../load/index.js';
import { countBySeverity, type Diagnostic } from '../model/diagnostic.js';
import { UserError } from '../model/errors.js';
import {
  applyMerge,
  detectDrift,
  type FlowResult,
  type GitHubFlowOptions,
  planPullRequest,
} from '../pipeline/github.js';
import { describeCounts } from '../render/diagnostics.js';
import { codeSpan, escapeMarkdown, printable } from '../render/escape.js';
import { renderSummaryLine, summarizeDesired } from '../render/summary.js';
import { commitOf, pullRequestOf, repositoryOf, runUrlOf } from './event.js';
import { authenticateGit, fetchNotes } from './git-notes.js';
import { type ActionInputs, maskCredentials, readInputs } from './inputs.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The GitHub Action: a thin adapter from the runner (inputs, event payload, GITHUB_* variables) to the three flows of
 * src/pipeline/github.ts, and from their result back to the runner (annotations, job summary, outputs, failure).
 *
 * Inputs, outputs and the job summary go through @actions/core, which reads INPUT_*, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY from process.env; `env` supplies everything else (GITHUB_*, OKTA_*, `${VAR}` in the config).
 * Never throws: every failure ends in core.setFailed, which sets the exit code.
 */
export async function runAction(env: Env = process.env): Promise<FlowResult | undefined> {
  try {
    maskCredentials(env);
    const inputs = readInputs();
    const result = await runFlow(inputs, env);
    setOutput('has-changes', String(result.hasChanges));
    setOutput('plan-hash', result.planHash ?? '');
    setOutput('summary', result.summary);
    if (result.ok) info(`okta-access ${inputs.command}: ${result.summary}`);
    else setFailed(`okta-access ${inputs.command}: ${result.summary}`);
    return result;
  } catch (error) {
    fail(error);
    return undefined;
  }
}

async function runFlow(inputs: ActionInputs, env: Env): Promise<FlowResult> {
  // Needs neither GitHub nor Okta: the job of pull requests from forks, which get no secrets.
  if (inputs.command === 'validate') return validate(inputs, env);
  if (inputs.githubToken === '') {
    throw new UserError('ACTION_INPUT', 'input github-token is empty', {
      hint: 'leave it out to use the job token (github.token), or pass a token that can comment and open issues',
    });
  }
  const oktaEnv = { ...env, ...inputs.oktaEnv };
  if ((oktaEnv.OKTA_ORG_URL ?? '').trim() === '') {
    throw new UserError('ORG_MISSING', 'the workflow names no Okta org: input okta-org-url is empty', {
      hint:
        'set okta-org-url (or OKTA_ORG_URL) in the workflow; org.url in okta-access.yaml is not enough here, since ' +
        'a pull request can change it',
    });
  }
  const { owner, repo } = repositoryOf(env);
  const summaries: string[] = [];
  const options: GitHubFlowOptions = {
    configPath: inputs.config,
    // Inputs win over variables of the same name. The org is the workflow's: org.url in the config must agree with it.
    env: oktaEnv,
    openPort: openPort(inputs.maxCapacity, inputs.concurrency, inputs.command),
    github: createGitHubPort({
      token: inputs.githubToken,
      owner,
      repo,
      ...(inputs.githubLogin === undefined ? {} : { login: inputs.githubLogin }),
      ...(env.GITHUB_API_URL === undefined || env.GITHUB_API_URL === ''
        ? {}
        : { baseUrl: env.GITHUB_API_URL }),
      log: {
        warn: (message, meta) => warning(meta === undefined ? message : `${message} ${JSON.stringify(meta)}`),
      },
    }),
    summary: (markdown) => summaries.push(markdown),
    annotate: (diagnostics) => annotate(diagnostics, env),
    // Progress names groups and people: their control characters are shown in the job log, never obeyed.
    log: (message) => info(printable(message)),
  };
  const result = await flowFor(inputs, options, env);
  await writeJobSummary(inputs, result, summaries);
  return result;
}

async function flowFor(inputs: ActionInputs, options: GitHubFlowOptions, env: Env): Promise<FlowResult> {
  switch (inputs.command) {
    case 'plan': {
      const pull = await pullRequestOf(env);
      const base =
        pull.base === undefined
          ? {}
          : { base: { ...pull.base, configPath: repositoryPath(options.configPath, env) } };
      // The checkout (the pull request's merge commit, or its head) against its merge base with the base commit.
      const scope =
        inputs.scope === 'auto' && pull.base !== undefined
          ? { scope: { base: pull.base.sha, head: 'HEAD', mergeBase: true } }
          : {};
      return planPullRequest({
        ...options,
        pullNumber: pull.number,
        headSha: pull.headSha,
        ...base,
        ...scope,
      });
    }
    case 'apply': {
      if (inputs.allowDeletes) {
        warning(
          'input allow-deletes is deprecated: it allows every merge to delete past the limits of okta-access.yaml. ' +
            'Remove it, and let a maintainer add the label okta-access:allow-deletes to the pull request whose ' +
            'deletions are intended (docs/SECURITY.md).',
        );
      }
      const repoDir = env.GITHUB_WORKSPACE ?? process.cwd();
      // In process.env whatever `env` is: Git, run by the notes code, inherits it.
      await authenticateGit(
        repoDir,
        env.GITHUB_SERVER_URL ?? 'https://github.com',
        inputs.githubToken,
        process.env,
      );
      await fetchNotes(repoDir);
      const sha = commitOf(env);
      return applyMerge({
        ...options,
        sha,
        // The merged change: the pushed commit against its first parent (what the default branch held before).
        ...(inputs.scope === 'auto' ? { scope: { base: `${sha}^1`, head: sha, mergeBase: false } } : {}),
        allowDirectPush: inputs.allowDirectPush,
        allowDeletes: inputs.allowDeletes,
        concurrency: inputs.concurrency,
        runUrl: runUrlOf(env),
        repoDir,
        pushNote: true,
      });
    }
    case 'drift':
      return detectDrift(options);
    case 'validate':
      return validate(inputs, env);
    default:
      return inputs.command satisfies never;
  }
}

/**
 * `command: validate`: the files' parse, schema and cross-file checks, each problem an annotation on its line. Reads
 * no credential, contacts neither Okta nor GitHub: safe for a pull request from a fork, which gets no secrets.
 */
async function validate(inputs: ActionInputs, env: Env): Promise<FlowResult> {
  const given = Object.keys(inputs.oktaEnv).filter((name) => name !== 'OKTA_ORG_URL');
  if (given.length > 0) {
    warning(
      `command validate never contacts Okta: ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} not used; ` +
        'leave Okta credentials out of this job',
    );
  }
  const loaded = await loadDesired({ configPath: inputs.config, env: { ...env, ...inputs.oktaEnv } });
  annotate(loaded.diagnostics, env);
  const { errors } = countBySeverity(loaded.diagnostics);
  const valid = errors === 0 && loaded.state !== undefined;
  const summary = valid
    ? `valid (${renderSummaryLine(summarizeDesired(loaded.state))})`
    : `invalid: ${describeCounts(loaded.diagnostics)}`;
  const result: FlowResult = { ok: valid, hasChanges: false, planHash: null, summary };
  await writeJobSummary(inputs, result, []);
  return result;
}

/** Each diagnostic as an annotation on its file and line, with its code as the title. */
function annotate(diagnostics: readonly Diagnostic[], env: Env): void {
  for (const diagnostic of diagnostics) {
    const message =
      diagnostic.hint === undefined
        ? printable(diagnostic.message)
        : `${printable(diagnostic.message)}\nhint: ${printable(diagnostic.hint)}`;
    const properties = {
      file: workspacePath(diagnostic.file, env),
      startLine: diagnostic.line,
      startColumn: diagnostic.col,
      title: diagnostic.code,
    };
    if (diagnostic.severity === 'error') annotateError(message, properties);
    else warning(message, properties);
  }
}

/** The config's path from the repository's root (the workspace), for reading it at the base commit through GitHub. */
function repositoryPath(file: string, env: Env): string {
  const workspace =
    env.GITHUB_WORKSPACE === undefined || env.GITHUB_WORKSPACE === '' ? '.' : env.GITHUB_WORKSPACE;
  const relative = path.relative(path.resolve(workspace), path.resolve(file));
  if (relative === '' || relative.split(path.sep)[0] === '..' || path.isAbsolute(relative)) {
    throw new UserError('ACTION_INPUT', `input config (${file}) is not a file inside the repository`, {
      hint: 'give the path of okta-access.yaml relative to the repository root',
    });
  }
  return relative.split(path.sep).join('/');
}

/** Annotations name files relative to the repository root; diagnostics name them relative to the working directory. */
function workspacePath(file: string, env: Env): string {
  const workspace = env.GITHUB_WORKSPACE;
  if (workspace === undefined || workspace === '') return file;
  return path.relative(workspace, path.resolve(file)).split(path.sep).join('/');
}

async function writeJobSummary(
  inputs: ActionInputs,
  result: FlowResult,
  details: readonly string[],
): Promise<void> {
  // @actions/core writes the summary to the file process.env.GITHUB_STEP_SUMMARY names; outside Actions there is none.
  if (process.env.GITHUB_STEP_SUMMARY === undefined || process.env.GITHUB_STEP_SUMMARY === '') return;
  const heading = `### okta-access ${inputs.command} (${codeSpan(inputs.config)}): ${result.ok ? '' : 'failed: '}${escapeMarkdown(result.summary)}`;
  await summary.addRaw([heading, ...details].join('\n\n'), true).write();
}

/** One top-level catch: a user error says what to fix; anything else is a bug in this tool. */
function fail(error: unknown): void {
  if (error instanceof UserError) {
    setFailed(`${error.code}: ${error.message}${error.hint === undefined ? '' : `\nhint: ${error.hint}`}`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  setFailed(
    `internal error: ${message}\nThis is a bug in okta-access. Please report it with the workflow run's log.`,
  );
  if (error instanceof Error && error.stack !== undefined) info(error.stack);
}
