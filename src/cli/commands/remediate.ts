import type { Command } from 'commander';
import { runRemediate } from '../../remediate/run.js';
import { describeCounts, renderDiagnosticsText } from '../../render/diagnostics.js';
import { githubPortFor } from '../github-port.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';
import { openPort, parseCapacity } from './plan.js';

export interface RemediateCommandOptions {
  readonly config: string;
  readonly campaign: string;
  readonly branch?: string;
  readonly base?: string;
  readonly githubToken?: string;
  readonly repository?: string;
  readonly maxCapacity: string;
}

/** Declares `okta-access remediate` on the program. */
export function registerRemediateCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('remediate')
    .description(
      'turn the REVOKE decisions of a completed campaign into a branch and pull request removing those rows',
    )
    .requiredOption('--campaign <name>', 'the campaign, by the name its file gives it')
    .option('-c, --config <path>', 'root config of the access repository', 'okta-access.yaml')
    .option('--branch <name>', 'the branch to create (default okta-access/remediate-<campaign>)')
    .option(
      '--base <branch>',
      "the branch the change is based on and the pull request goes to (default: origin's default branch, else the current one)",
    )
    .option(
      '--github-token <token>',
      'push the branch and open a pull request with this token (else print the patch)',
    )
    .option(
      '--repository <owner/repo>',
      'the GitHub repository of the pull request (default GITHUB_REPOSITORY)',
    )
    .option('--max-capacity <percent>', 'share of each Okta rate-limit bucket to use', '80')
    .addHelpText(
      'after',
      '\nEach REVOKE decision of the campaign (a managed one: its name and the ownership marker) removes the CSV row\n' +
        'granting that user that entitlement; nothing else in the file changes. The commit goes on a new branch on\n' +
        'top of --base, built without touching your checkout. With --github-token the branch is pushed to origin and\n' +
        'a pull request lists every decision (user, entitlement, reviewer, time, note); without it the branch stays\n' +
        'local and the patch is printed. Refused while the campaign is not COMPLETED. Okta is only read.',
    )
    .action(async (options: RemediateCommandOptions) => {
      setExitCode(await remediateCommand(options, io));
    });
}

export async function remediateCommand(options: RemediateCommandOptions, io: CliIo): Promise<number> {
  const styles = stylesFor(io);
  const github = githubPortFor(options.githubToken, options.repository, io, 'a pull request');
  const result = await runRemediate({
    configPath: options.config,
    env: io.env,
    campaign: options.campaign,
    ...(options.base === undefined ? {} : { base: options.base }),
    openPort: openPort(parseCapacity(options.maxCapacity), 4, 'remediate'),
    ...(options.branch === undefined ? {} : { branch: options.branch }),
    ...(github === undefined ? {} : { github }),
  });
  if (!result.ok) {
    io.stdout.write(renderDiagnosticsText(result.diagnostics, styles));
    io.stdout.write(
      `${styles.red('✖')} ${options.config}: ${describeCounts(result.diagnostics)}; Okta was not contacted\n`,
    );
    return exitCodes.failure;
  }
  const revoked = result.summary.length;
  io.stderr.write(
    `campaign "${result.campaign.name}" (${result.campaign.id}) is COMPLETED: ` +
      `${revoked} REVOKE decision${revoked === 1 ? '' : 's'}\n`,
  );
  for (const line of result.summary) io.stderr.write(`  ${line}\n`);
  const branch = result.branch;
  if (branch === undefined) {
    io.stderr.write('nothing to remediate: no row grants revoked access any more\n');
    return exitCodes.ok;
  }
  const short = branch.commit.slice(0, 12);
  if (branch.pullRequest !== undefined) {
    io.stderr.write(
      `pushed ${branch.name} (${short}) to origin; opened pull request #${branch.pullRequest.number}\n`,
    );
    io.stdout.write(`${branch.pullRequest.url}\n`);
    return exitCodes.ok;
  }
  io.stdout.write(branch.patch ?? '');
  io.stderr.write(
    `committed ${branch.name} (${short}) locally, not pushed (no --github-token): ` +
      `push it and open a pull request, or apply the patch\n`,
  );
  return exitCodes.ok;
}
