import { Command, CommanderError, Option } from 'commander';
import { defaultInitApp } from '../init/options.js';
import { UserError } from '../model/errors.js';
import { scopeCommands, scopeLine } from '../okta/scopes.js';
import { toolVersion } from '../pipeline/version.js';
import { printable } from '../render/escape.js';
import { type ApplyCommandOptions, applyCommand } from './commands/apply.js';
import { registerAuditCommand } from './commands/audit.js';
import { demoCommand } from './commands/demo.js';
import { type DoctorCommandOptions, doctorCommand } from './commands/doctor.js';
import { registerDriftCommand } from './commands/drift.js';
import { type EmulatorCommandOptions, emulatorCommand } from './commands/emulator.js';
import { registerEvidenceCommand } from './commands/evidence.js';
import { type ImportCommandOptions, importCommand } from './commands/import.js';
import { type InitCommandOptions, initCommand } from './commands/init.js';
import { type PlanCommandOptions, planCommand } from './commands/plan.js';
import { registerRemediateCommand } from './commands/remediate.js';
import { type ValidateFormat, validateCommand } from './commands/validate.js';
import { type CliIo, exitCodes, processIo, withoutColour } from './io.js';
import { expandTerraformAliases } from './terraform-aliases.js';

const version = toolVersion();

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('okta-access')
    .description(
      'Entitlements of external applications, and the access-certification campaigns that review them, ' +
        'kept as files in Git and reconciled into Okta.',
    )
    .version(version, '-V, --version')
    .showHelpAfterError('(run okta-access --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .option('--no-color', 'print no colour (as NO_COLOR does)')
    .addHelpText(
      'after',
      '\nExit codes: 0 success (no changes, or changes without --detailed-exitcode); 1 invalid input or failure;\n' +
        '2 changes pending (plan --detailed-exitcode) or drift found (drift); 3 the plan cannot be applied without an\n' +
        'override (deletions past safety.maxDeletes / maxDeletePercent: apply --allow-deletes); 70 internal error.\n' +
        "Terraform's spellings work too: -out=FILE, -detailed-exitcode, -auto-approve, -no-color, -help, -version.\n" +
        'Environment: NO_COLOR disables colour; CI or a non-terminal stderr prints progress as plain lines.',
    );

  program
    .command('validate')
    .description('check the access repository: YAML, CSV, schemas and cross-file rules; never contacts Okta')
    .option('-c, --config <path>', 'root config of the access repository', 'okta-access.yaml')
    .addOption(
      new Option('-f, --format <format>', 'text for people, json for tools, github for workflow annotations')
        .choices(['text', 'json', 'github'])
        .default('text'),
    )
    .addHelpText(
      'after',
      '\nEach problem is printed as file:line:col severity CODE message, with a hint.\n' +
        'Exits 0 when valid (warnings allowed), 1 when any error is found.',
    )
    .action(async (options: { config: string; format: ValidateFormat }) => {
      setExitCode(await validateCommand(options, io));
    });

  program
    .command('plan')
    .description('show exactly what apply would change in Okta: reads the org now, writes nothing')
    .option('-c, --config <path>', 'root config of the access repository', 'okta-access.yaml')
    .addOption(
      new Option(
        '-f, --format <format>',
        'text for people, json (the plan document), markdown for a PR comment',
      )
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .option('-o, --out <file>', 'also save the plan as JSON, for `okta-access apply <file>` (also -out=FILE)')
    .option(
      '--detailed-exitcode',
      'exit 2 when the plan has changes (0 none, 1 error; 3, as always, when it cannot be applied without an override)',
    )
    .option('-v, --verbose', 'also print how the org was read: the requests and how users were found')
    .option(
      '--base-ref <ref>',
      "plan as a pull request into REF: the guardrails (ownership.marker, safety.*, limits.*) of REF's okta-access.yaml apply",
    )
    .option(
      '--max-capacity <percent>',
      'share of each Okta rate-limit bucket to use, leaving the rest for other integrations',
      '80',
    )
    .option(
      '--scope <range>',
      'plan only what the change git:BASE...HEAD touches (its groups and apps); full plan when it cannot be scoped',
    )
    .addHelpText(
      'after',
      '\nThe org comes from org.url in okta-access.yaml or OKTA_ORG_URL; credentials from OKTA_API_TOKEN, or\n' +
        'OKTA_CLIENT_ID + OKTA_PRIVATE_KEY (+ OKTA_KEY_ID, OKTA_SCOPES) for an OAuth service app, which asks for\n' +
        `exactly the scopes the repository needs (${scopeLine('plan')}).\n` +
        'Invalid files stop the plan before Okta is contacted.\n' +
        '\nWith --base-ref, the plan is the one a pull request into REF gets: the guardrails in force are those of\n' +
        'okta-access.yaml as REF holds it (read from Git; the built-in ones when REF has none), and the plan lists\n' +
        'every guardrail the files change (they take effect after merge).\n' +
        '\nExit 3 when the plan cannot be applied without an override: its deletions exceed safety.maxDeletes, or\n' +
        'safety.maxDeletePercent of the managed memberships once there are safety.percentFloor (default 50) of them;\n' +
        'the plan says which limit and why (apply --allow-deletes if they are intended).\n' +
        "Terraform's spellings are accepted: -out=FILE (or -out FILE), -detailed-exitcode, -no-color.",
    )
    .action(async (options: PlanCommandOptions) => {
      setExitCode(await planCommand(options, io));
    });

  program
    .command('apply')
    .argument('[plan]', 'a plan saved by `okta-access plan --out`; without it, plan now and ask to confirm')
    .description('make Okta match the access repository: the only command that writes to Okta')
    .option(
      '-c, --config <path>',
      'root config (default: the one the saved plan names, else okta-access.yaml)',
    )
    .addOption(
      new Option('-f, --format <format>', 'how to print the apply report')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .option(
      '--auto-approve',
      'apply without asking (needed outside a terminal when no saved plan is given; also -auto-approve)',
    )
    .option('--allow-deletes', 'allow more destructive changes than safety.maxDeletes / maxDeletePercent')
    .option('--max-capacity <percent>', 'share of each Okta rate-limit bucket to use', '80')
    .option('--concurrency <n>', 'requests in flight at once, within the rate limits', '8')
    .option(
      '--journal <file>',
      'the apply journal (default .okta-access/apply-journal.jsonl beside okta-access.yaml)',
    )
    .option('--report <file>', 'also save the apply report as JSON')
    .option(
      '--record',
      'write the apply record (a Git note on HEAD, refs/notes/okta-access) as the Action does, for audit history; the managed files must be committed',
    )
    .option(
      '-v, --verbose',
      'list every result (text format); by default only counts and failures are listed',
    )
    .addHelpText(
      'after',
      '\nBefore writing, apply reads the org again: a saved plan is refused when the org changed in a way the plan does\n' +
        'not hold; changes already done (by an earlier, interrupted run) are recognised and reported, never repeated.\n' +
        'After writing, it reads the org back and reports any change that did not take. Exit 1 if any change failed\n' +
        'or apply refused (a stale plan says whether the files or the org changed, and which change); exit 3 when the\n' +
        'deletions exceed the limits and --allow-deletes is not given.\n' +
        '\nWith --record, the apply is recorded as the Action records it: a Git note on HEAD (refs/notes/okta-access) with\n' +
        'the plan hash, counts, ok, time and org, written once apply has run (also when changes failed; not when apply\n' +
        'was refused). It is refused, before anything is written, when the files apply reads differ from HEAD.\n' +
        'Share the record with: git push origin refs/notes/okta-access',
    )
    .action(async (plan: string | undefined, options: ApplyCommandOptions) => {
      setExitCode(await applyCommand(plan, options, io));
    });

  program
    .command('demo')
    .description(
      'try it without an Okta org: validate, plan, apply and plan again the bundled example against the embedded emulator',
    )
    .action(async () => {
      setExitCode(await demoCommand(io));
    });

  program
    .command('emulator')
    .description(
      'serve a local Okta org (Management and Governance API subset) on 127.0.0.1 for trying and testing',
    )
    .option('-p, --port <port>', 'port to listen on; 0 picks a free one', '0')
    .option('--state <file>', 'keep the org in this JSON file (loaded at start, saved as it changes)')
    .option('--seed <file>', 'YAML with users (and managers), groups and apps to start with')
    .option(
      '--from <config>',
      "an access repository's okta-access.yaml: start with its people and managers (and the apps and groups it expects Okta to have)",
    )
    .option(
      '--rate-limits <preset|file>',
      'workforce (Okta per-minute limits), unlimited, or a YAML/JSON file',
      'unlimited',
    )
    .option('--faults <spec>', 'inject faults, e.g. "seed=7,500:0.02,reset:0.01,slow=300:0.1,429@100-120"')
    .option('--search-lag <ms>', 'delay before writes show in search results (eventual consistency)', '0')
    .option('--import-ms <ms>', 'time an identity-source import takes once triggered (default 2000)')
    .option('--token <token>', 'the SSWS API token to accept (default: the fixed development token)')
    .addHelpText(
      'after',
      "\nThe emulator speaks the subset of Okta's API this tool uses (users, groups, memberships, bookmark apps,\n" +
        "app-group assignments, identity-source sessions, governance campaigns and reviews), with Okta's paging,\n" +
        'rate-limit headers and error bodies. Test and demo controls live under /__emulator/ (reset, seed, state,\n' +
        'clock, faults, rate-limits, requests, review decisions). It listens on 127.0.0.1 only.\n' +
        '\nWith --from, the repository is read as validate reads it (an invalid one is reported and no server starts),\n' +
        'and the org holds what it expects before its first apply, so that plan shows the whole first import.\n' +
        'With --seed or --state as well, those load first and --from adds only what they lack. See docs/emulator.md.',
    )
    .action(async (options: EmulatorCommandOptions) => {
      setExitCode(await emulatorCommand(options, io));
    });

  program
    .command('import')
    .description('write an access repository from an app of a live org: app file, CSV, root config')
    .requiredOption('--app <label>', 'the Okta app label to import (compared exactly)')
    .requiredOption('-o, --out <dir>', 'a new or empty directory to write the access repository into')
    .option(
      '--group-prefix <prefix>',
      'also take assigned groups named <prefix><entitlement> (beside those the naming rule names)',
    )
    .option('-c, --config <path>', 'take the naming rule, marker and org from this okta-access.yaml')
    .option('--force', 'write into a non-empty --out (an existing okta-access.yaml there is kept)')
    .option('--campaigns', 'also write the campaigns that review only these entitlements, as campaign files')
    .option('--max-capacity <percent>', 'share of each Okta rate-limit bucket to use', '80')
    .addHelpText(
      'after',
      '\nThe entitlements are the OKTA_GROUP groups assigned to the app whose names fit the naming rule\n' +
        '({app}-{entitlement} by default), or start with --group-prefix. The CSV has one row per member per\n' +
        'entitlement, with names and the manager’s email from Okta. Groups without the ownership marker get\n' +
        '`adopt: true`: the next plan shows them as "to adopt" (no access change) and apply adds the marker.',
    )
    .action(async (options: ImportCommandOptions) => {
      setExitCode(await importCommand(options, io));
    });

  program
    .command('doctor')
    .description('check the org URL, the credentials and the OAuth scopes (or token access) the config needs')
    .option(
      '-c, --config <path>',
      'root config of the access repository (default okta-access.yaml, if present)',
    )
    .addOption(
      new Option('-f, --format <format>', 'text for people, json for tools')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(
      new Option(
        '--for <command>',
        'check only what one command needs (e.g. plan, for a read-only credential); default: plan and apply',
      ).choices([...scopeCommands]),
    )
    .addHelpText(
      'after',
      '\nOne harmless read per scope the configured features need; 401 and 403 are interpreted, nothing is written.\n' +
        'Exits 0 when everything needed is granted, 1 when something is missing or failing.',
    )
    .action(async (options: DoctorCommandOptions) => {
      setExitCode(await doctorCommand(options, io));
    });

  program
    .command('init')
    .argument('[dir]', 'the directory of the new access repository (created when missing)', '.')
    .description(
      'start an access repository: okta-access.yaml with every setting commented, an app, its CSV, a campaign, .gitignore and the GitHub workflows',
    )
    .option('--app <name>', 'the label of the first app (its Okta app label)', defaultInitApp)
    .option(
      '--org-url <url>',
      'write org.url (https://<your-org>.okta.com); by default the org comes from OKTA_ORG_URL',
    )
    .option('--force', 'write into a non-empty directory: only the missing files, never overwriting one')
    .addHelpText(
      'after',
      '\nA directory holding only .git counts as empty. With --force, existing files (okta-access.yaml included) are\n' +
        'kept as they are and an existing .gitignore only gets the rules it lacks. The workflows are those of the\n' +
        "package's examples/github. Then: okta-access validate, okta-access emulator --from okta-access.yaml, plan, apply.",
    )
    .action(async (dir: string, options: InitCommandOptions) => {
      setExitCode(await initCommand(dir, options, io));
    });

  registerAuditCommand(program, io, setExitCode);
  registerEvidenceCommand(program, io, setExitCode);
  registerDriftCommand(program, io, setExitCode);
  registerRemediateCommand(program, io, setExitCode);

  return program;
}

/** Runs one command line and returns its exit code; the one place errors become exit codes. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  const expanded = expandTerraformAliases(buildProgram(io, setExitCode), argv);
  const args = expanded.argv;
  // --no-color is read before parsing: every command takes its colours from io when it starts.
  const program = buildProgram(expanded.options.has('--no-color') ? withoutColour(io) : io, setExitCode);
  try {
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (error) {
    return handleError(error, io);
  }
}

function handleError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version end with code 0; usage errors were already printed by commander.
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.failure;
  }
  if (error instanceof UserError) {
    // Messages quote files and Okta: their control characters are shown, never sent to the terminal.
    io.stderr.write(`error ${error.code}: ${printable(error.message)}\n`);
    if (error.hint !== undefined) io.stderr.write(`  hint: ${printable(error.hint)}\n`);
    return exitCodes.failure;
  }
  const detail = (error instanceof Error ? (error.stack ?? error.message) : String(error))
    .split('\n')
    .map(printable)
    .join('\n');
  io.stderr.write(
    `internal error: ${printable(error instanceof Error ? error.message : String(error))}\n` +
      'This is a bug in okta-access. Please report it with the command you ran and the output below.\n' +
      `${detail}\n`,
  );
  return exitCodes.internal;
}
