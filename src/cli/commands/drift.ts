import { type Command, Option } from 'commander';
import { countBySeverity } from '../../model/diagnostic.js';
import { detectDrift } from '../../pipeline/github.js';
import { runPlan } from '../../pipeline/plan.js';
import { describeCounts, renderDiagnosticsText } from '../../render/diagnostics.js';
import { planRenderers } from '../../render/plan.js';
import { githubPortFor } from '../github-port.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';
import { openPort, parseCapacity } from './plan.js';

export interface DriftCommandOptions {
  readonly config: string;
  readonly format: 'text' | 'json' | 'markdown';
  readonly githubToken?: string;
  readonly githubLogin?: string;
  readonly repository?: string;
  readonly maxCapacity: string;
}

/** Declares `okta-access drift` on the program. */
export function registerDriftCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('drift')
    .description(
      'check whether Okta still matches the access repository (changes made outside Git); writes nothing to Okta',
    )
    .option('-c, --config <path>', 'root config of the access repository', 'okta-access.yaml')
    .addOption(
      new Option('-f, --format <format>', 'text for people, json (the plan document), markdown')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .option(
      '--github-token <token>',
      'keep one GitHub issue open while Okta differs: opened, updated as the drift changes, closed when it is gone',
    )
    .option(
      '--github-login <login>',
      "the account the token writes as, for a GitHub App's installation token (<app-slug>[bot]); default: asked of " +
        'GitHub, github-actions[bot] for the workflow token. Only an issue this account opened is updated or closed',
    )
    .option('--repository <owner/repo>', 'the GitHub repository of the issue (default GITHUB_REPOSITORY)')
    .option('--max-capacity <percent>', 'share of each Okta rate-limit bucket to use', '80')
    .addHelpText(
      'after',
      '\nDrift is what applying the access repository would change now: someone added a member in the Admin Console,\n' +
        'removed an assignment, edited a managed group. Run it on a schedule (the `drift` command of the GitHub\n' +
        'Action does the same with the workflow token). Exit 0 when Okta matches, 2 when it drifted, 1 on invalid\n' +
        'files or errors. Then either apply (Git wins) or change the files to what Okta has (Okta wins).',
    )
    .action(async (options: DriftCommandOptions) => {
      setExitCode(await driftCommand(options, io));
    });
}

/** `okta-access drift`: the plan of the default branch read as drift, optionally kept as a GitHub issue. */
export async function driftCommand(options: DriftCommandOptions, io: CliIo): Promise<number> {
  const styles = stylesFor(io);
  const open = openPort(parseCapacity(options.maxCapacity), 4, 'drift');
  const github = githubPortFor(
    options.githubToken,
    options.repository,
    io,
    'a drift issue',
    options.githubLogin,
  );
  if (github !== undefined) {
    const flow = await detectDrift({ configPath: options.config, env: io.env, openPort: open, github });
    io.stderr.write(`${flow.summary}\n`);
    if (!flow.ok) return exitCodes.failure;
    return flow.hasChanges ? exitCodes.changes : exitCodes.ok;
  }
  const result = await runPlan({ configPath: options.config, env: io.env, openPort: open });
  if (!result.ok) {
    io.stdout.write(renderDiagnosticsText(result.diagnostics, styles));
    io.stdout.write(
      `${styles.red('✖')} ${options.config}: ${describeCounts(result.diagnostics)}; Okta was not contacted\n`,
    );
    return exitCodes.failure;
  }
  const { plan } = result;
  if (options.format === 'json') io.stdout.write(planRenderers.json(plan, styles));
  else if (plan.changes.length === 0) {
    io.stdout.write(
      `${styles.green('✔')} no drift: Okta matches the access repository (${options.config})\n`,
    );
  } else {
    io.stdout.write(
      `${styles.yellow('!')} drift: Okta differs from the access repository. Applying it would make these changes:\n\n`,
    );
    io.stdout.write(planRenderers[options.format](plan, styles));
  }
  if (countBySeverity(plan.diagnostics).errors > 0) return exitCodes.failure;
  return plan.changes.length > 0 ? exitCodes.changes : exitCodes.ok;
}
