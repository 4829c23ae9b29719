import { type Command, Option } from 'commander';
import { auditHistory } from '../../audit/history.js';
import type { AuditReport } from '../../audit/model.js';
import type { AuditGit, PullRequestDirectory } from '../../audit/port.js';
import { renderHistoryCsv, renderWhoHasCsv } from '../../audit/render-csv.js';
import { renderAuditJson } from '../../audit/render-json.js';
import { renderHistoryText, renderWhoHasText } from '../../audit/render-text.js';
import { whoHas } from '../../audit/who-has.js';
import { openAuditRepository } from '../../git/history.js';
import { type CliIo, exitCodes } from '../io.js';

export type AuditFormat = 'text' | 'json' | 'csv';

interface CommonOptions {
  readonly config: string;
  readonly format: AuditFormat;
  readonly ref: string;
}

export interface WhoHasCommandOptions extends CommonOptions {
  readonly app: string;
  readonly entitlement?: string;
  readonly at?: string;
}

export interface HistoryCommandOptions extends CommonOptions {
  readonly user: string;
  readonly app?: string;
  readonly entitlement?: string;
  readonly github: boolean;
}

/** `okta-access audit who-has | history`: who had which entitlement when, from the Git history. */
export function registerAuditCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const audit = program
    .command('audit')
    .description(
      'who had which entitlement when, who changed it, in which pull request, approved and applied when',
    );

  common(
    audit
      .command('who-has')
      .description('the people an app (or one entitlement) granted access to, as of a date or commit')
      .requiredOption('--app <label>', 'the app, by its label')
      .option('--entitlement <name>', 'only this entitlement')
      .option(
        '--at <date|commit>',
        'YYYY-MM-DD (the end of that day, UTC), a date and time, or a commit, branch or tag (default: the tip of --ref)',
      ),
  )
    .addHelpText(
      'after',
      '\nThe population is read from the CSV files that the config and app files of that commit give the app.\n' +
        'A date picks the newest commit of the first-parent line of --ref made by then.',
    )
    .action(async (options: WhoHasCommandOptions) => {
      setExitCode(await whoHasCommand(options, io));
    });

  common(
    audit
      .command('history')
      .description(
        'every grant and removal of one person: commit, author, pull request, approvers, applied when',
      )
      .requiredOption('--user <email>', 'the person, by email (case does not matter)')
      .option('--app <label>', 'only this app')
      .option('--entitlement <name>', 'only this entitlement')
      .option('--no-github', 'do not ask GitHub about pull requests even when GITHUB_TOKEN is set'),
  )
    .addHelpText(
      'after',
      '\nReads the first-parent line of --ref once. Pull requests and approvers come from GitHub when GITHUB_TOKEN\n' +
        'and GITHUB_REPOSITORY are set, otherwise from the merge commits ("Merge pull request #12 from …",\n' +
        'Approved-by: and Reviewed-by: trailers). Applied-at comes from the apply records (refs/notes/okta-access,\n' +
        'written by the Action and by apply --record): the record on the change’s commit, or the first recorded commit\n' +
        'after it (git fetch origin refs/notes/*:refs/notes/*). Without a record at or after it, a change is\n' +
        '"unknown (no apply record)": an apply without --record leaves no trace in Git.',
    )
    .action(async (options: HistoryCommandOptions) => {
      setExitCode(await historyCommand(options, io));
    });
}

function common(command: Command): Command {
  return command
    .option('-c, --config <path>', 'root config of the access repository', 'okta-access.yaml')
    .option('--ref <revision>', 'the default branch, whose first-parent line is the history', 'HEAD')
    .addOption(
      new Option('-f, --format <format>', 'text for people, json for tools, csv for spreadsheets')
        .choices(['text', 'json', 'csv'])
        .default('text'),
    );
}

export async function whoHasCommand(options: WhoHasCommandOptions, io: CliIo): Promise<number> {
  return withRepository(options, io, async (git, configPath) => {
    const report = await whoHas({
      git,
      configPath,
      app: options.app,
      ref: options.ref,
      env: io.env,
      ...(options.entitlement === undefined ? {} : { entitlement: options.entitlement }),
      ...(options.at === undefined ? {} : { at: options.at }),
    });
    return { report, detail: `${report.members.length} rows` };
  });
}

export async function historyCommand(options: HistoryCommandOptions, io: CliIo): Promise<number> {
  return withRepository(options, io, async (git, configPath) => {
    const pullRequests = options.github ? await gitHubDirectory(io) : undefined;
    const { report, csvVersions } = await auditHistory({
      git,
      configPath,
      user: options.user,
      ref: options.ref,
      env: io.env,
      ...(options.app === undefined ? {} : { app: options.app }),
      ...(options.entitlement === undefined ? {} : { entitlement: options.entitlement }),
      ...(pullRequests === undefined ? {} : { pullRequests }),
    });
    return { report, detail: `${report.commits} commits, ${csvVersions} CSV versions` };
  });
}

async function withRepository(
  options: CommonOptions,
  io: CliIo,
  run: (git: AuditGit, configPath: string) => Promise<{ report: AuditReport; detail: string }>,
): Promise<number> {
  const started = performance.now();
  const { git, configPath } = await openAuditRepository(options.config);
  try {
    const { report, detail } = await run(git, configPath);
    io.stdout.write(render(report, options.format));
    if (options.format === 'csv')
      for (const warning of report.warnings) io.stderr.write(`warning: ${warning}\n`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stderr.write(`read ${detail} with ${git.invocations()} git invocations in ${seconds} s\n`);
    return exitCodes.ok;
  } finally {
    await git.close();
  }
}

function render(report: AuditReport, format: AuditFormat): string {
  if (format === 'json') return renderAuditJson(report);
  if (report.kind === 'who-has') return format === 'csv' ? renderWhoHasCsv(report) : renderWhoHasText(report);
  return format === 'csv' ? renderHistoryCsv(report) : renderHistoryText(report);
}

/**
 * GitHub as the source of pull requests and their approvals, when a token and the repository are known (as in
 * Actions): the approvers are the reviewers whose latest review approves the merged pull request. GitHub knows
 * reviewers by login (an email only when they make it public), so an approver is their login, after their name when
 * GitHub gives it.
 */
async function gitHubDirectory(io: CliIo): Promise<PullRequestDirectory | undefined> {
  const token = io.env.GITHUB_TOKEN ?? '';
  const [owner, repo] = (io.env.GITHUB_REPOSITORY ?? '').split('/');
  if (token === '' || owner === undefined || owner === '' || repo === undefined || repo === '')
    return undefined;
  const { createGitHubPort } = await import('../../github/octokit.js');
  const baseUrl = io.env.GITHUB_API_URL;
  const port = createGitHubPort({
    token,
    owner,
    repo,
    ...(baseUrl === undefined || baseUrl === '' ? {} : { baseUrl }),
  });
  return {
    async pullRequestForCommit(sha) {
      const found = await port.pullRequestForCommit(sha);
      if (found?.merged !== true) return undefined;
      const approvals = await port.pullRequestApprovals(found.number);
      return {
        number: found.number,
        approvers: approvals.map((approval) => ({
          name: approval.name === undefined ? approval.login : `${approval.name} (${approval.login})`,
          email: '',
        })),
      };
    },
  };
}
