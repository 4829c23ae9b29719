import type { Command, Option } from 'commander';

/**
 * Terraform's long options, which it spells with one dash (`-out=plan`, `-detailed-exitcode`, `-auto-approve`,
 * `-no-color`). Each is accepted as an alias of the same `--name` wherever the command being run has that option.
 */
export const terraformOptionNames = [
  'out',
  'detailed-exitcode',
  'auto-approve',
  'no-color',
  'help',
  'version',
] as const;

const singleDashLong = /^-([a-z][a-z-]+)(=.*)?$/s;

/**
 * Rewrites Terraform's single-dash spellings to the double-dash options commander knows, for the command the
 * arguments name (its subcommands followed, the program's own options included). Only a known name the command
 * has is rewritten; the value of an option that takes one, anything after `--` and anything else stay as given.
 * Without this, commander reads `-out` as `-o ut`. Also returns the long options given (not as values, not after `--`).
 */
export function expandTerraformAliases(
  program: Command,
  argv: readonly string[],
): { readonly argv: string[]; readonly options: ReadonlySet<string> } {
  const result = [...argv];
  const seen = new Set<string>();
  let command = program;
  let options = [...program.options];
  let takesValue = false;
  for (let index = 0; index < result.length; index++) {
    const arg = result[index] ?? '';
    if (takesValue) {
      takesValue = false;
      continue;
    }
    if (arg === '--') break;
    if (!arg.startsWith('-')) {
      const sub = command.commands.find((candidate) => candidate.name() === arg);
      if (sub !== undefined) {
        command = sub;
        options = [...options, ...sub.options];
      }
      continue;
    }
    const match = singleDashLong.exec(arg);
    const name = match?.[1];
    let spelled = arg;
    if (name !== undefined && isTerraformName(name) && (name === 'help' || hasLong(options, `--${name}`))) {
      spelled = `--${name}${match?.[2] ?? ''}`;
      result[index] = spelled;
    }
    if (spelled.startsWith('--')) seen.add(spelled.replace(/=.*$/s, ''));
    takesValue = consumesNext(options, spelled);
  }
  return { argv: result, options: seen };
}

function isTerraformName(name: string): boolean {
  return (terraformOptionNames as readonly string[]).includes(name);
}

function hasLong(options: readonly Option[], long: string): boolean {
  return options.some((option) => option.long === long);
}

/** Whether `arg` is an option whose required value is the next argument (`-c path`, `--out file`). */
function consumesNext(options: readonly Option[], arg: string): boolean {
  if (arg.includes('=')) return false;
  const option = arg.startsWith('--')
    ? options.find((candidate) => candidate.long === arg)
    : arg.length === 2
      ? options.find((candidate) => candidate.short === arg)
      : undefined;
  return option?.required === true;
}
