import type { Command } from 'commander';
import { makeEvidencePack } from '../../evidence/index.js';
import { printable } from '../../render/escape.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';
import { openPort, parseCapacity } from './plan.js';

export interface EvidenceCommandOptions {
  readonly config: string;
  readonly campaign: string;
  readonly campaignId?: string;
  readonly out: string;
  readonly maxCapacity: string;
}

/** `okta-access evidence`: the reproducible evidence pack of one campaign. */
export async function evidenceCommand(options: EvidenceCommandOptions, io: CliIo): Promise<number> {
  const styles = stylesFor(io);
  const { inputs, files } = await makeEvidencePack(
    {
      configPath: options.config,
      campaign: options.campaign,
      ...(options.campaignId === undefined ? {} : { campaignId: options.campaignId }),
      env: io.env,
      openPort: openPort(parseCapacity(options.maxCapacity), 4, 'evidence'),
    },
    options.out,
  );
  const decided = inputs.reviews.filter((review) => review.decision !== 'UNREVIEWED').length;
  const members = inputs.groups.reduce((sum, group) => sum + group.members.length, 0);
  io.stdout.write(
    `${styles.green('✔')} evidence for "${printable(inputs.campaign.name)}" (${inputs.campaign.id}, ${inputs.campaign.status}) ` +
      `written to ${options.out}: ${files.length} files\n` +
      `  population at launch (${inputs.launch.commit.slice(0, 12)}): ${inputs.population.length} rows · ` +
      `reviews: ${inputs.reviews.length} (${decided} decided) · access after: ${members} members of ` +
      `${inputs.groups.length} group${inputs.groups.length === 1 ? '' : 's'}\n`,
  );
  for (const warning of [...new Set(inputs.warnings)].sort()) {
    io.stderr.write(`${styles.yellow('warning')} ${printable(warning)}\n`);
  }
  return exitCodes.ok;
}

/** Declares `evidence` on the program; the action reports its exit code through `setExitCode`. */
export function registerEvidenceCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('evidence')
    .description(
      'write a reproducible evidence pack for one campaign: its definition and commit, the population at launch, ' +
        'every decision, remediation, the access after it, and SHA-256 of every file',
    )
    .option('-c, --config <path>', 'root config of the access repository', 'okta-access.yaml')
    .requiredOption('--campaign <name>', 'the campaign, by the name its file gives it')
    .requiredOption('-o, --out <dir>', 'a new (or empty) folder for the pack; never written over')
    .option(
      '--campaign-id <id>',
      'which launched campaign of that name (the occurrences of a recurring campaign)',
    )
    .option('--max-capacity <percent>', 'share of each Okta rate-limit bucket to use', '80')
    .addHelpText(
      'after',
      "\nThe pack: campaign.yaml (the file as of the commit that last changed it), campaign.json (Okta's campaign),\n" +
        'population.csv (the CSV rows at the last commit at or before the launch), decisions.csv, remediation.csv,\n' +
        'access-after.csv (the members of each reviewed group now), README.md and manifest.json (hashes, tool version,\n' +
        'org, campaign id, commits and commands). The same repository and org give the same bytes.\n' +
        'Run it in a Git clone of the access repository; credentials as for plan.',
    )
    .action(async (options: EvidenceCommandOptions) => {
      setExitCode(await evidenceCommand(options, io));
    });
}
