import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { expandTerraformAliases } from '../../src/cli/terraform-aliases.js';

/** A program shaped like okta-access: a global --no-color, plan with -o/--out, apply with --auto-approve. */
function program(): Command {
  const root = new Command('okta-access').version('1.0.0', '-V, --version').option('--no-color', 'no colour');
  root
    .command('plan')
    .option('-c, --config <path>', 'config')
    .option('-o, --out <file>', 'out')
    .option('--detailed-exitcode', 'detailed');
  root
    .command('apply')
    .argument('[plan]')
    .option('-c, --config <path>', 'config')
    .option('--auto-approve', 'yes');
  root.command('audit').command('history').option('--ref <revision>', 'ref');
  return root;
}

const expand = (...argv: string[]) => expandTerraformAliases(program(), argv).argv;

describe('expandTerraformAliases', () => {
  it("spells Terraform's options with two dashes for the command that has them", () => {
    expect(expand('plan', '-out', 'p.json', '-detailed-exitcode')).toEqual([
      'plan',
      '--out',
      'p.json',
      '--detailed-exitcode',
    ]);
    expect(expand('plan', '-out=p.json')).toEqual(['plan', '--out=p.json']);
    expect(expand('apply', '-auto-approve', 'p.json')).toEqual(['apply', '--auto-approve', 'p.json']);
  });

  it('knows the program-wide options on every command, before or after it', () => {
    expect(expand('-no-color', 'apply')).toEqual(['--no-color', 'apply']);
    expect(expand('audit', 'history', '-no-color')).toEqual(['audit', 'history', '--no-color']);
    expect(expand('-version')).toEqual(['--version']);
    expect(expand('plan', '-help')).toEqual(['plan', '--help']);
  });

  it('rewrites only the options the command has', () => {
    expect(expand('apply', '-out', 'x')).toEqual(['apply', '-out', 'x']);
    expect(expand('plan', '-auto-approve')).toEqual(['plan', '-auto-approve']);
    expect(expand('audit', 'history', '-detailed-exitcode')).toEqual([
      'audit',
      'history',
      '-detailed-exitcode',
    ]);
  });

  it('never rewrites after --, a value of another option, or an unknown name', () => {
    expect(expand('apply', '--', '-out')).toEqual(['apply', '--', '-out']);
    expect(expand('apply', '--', '-auto-approve')).toEqual(['apply', '--', '-auto-approve']);
    expect(expand('plan', '--config', '-out')).toEqual(['plan', '--config', '-out']);
    expect(expand('plan', '-c', '-detailed-exitcode')).toEqual(['plan', '-c', '-detailed-exitcode']);
    expect(expand('plan', '--out', '-no-color')).toEqual(['plan', '--out', '-no-color']);
    expect(expand('plan', '-refresh=false')).toEqual(['plan', '-refresh=false']);
    expect(expand('plan', '-cx', '-out', 'f')).toEqual(['plan', '-cx', '--out', 'f']);
  });

  it('reports the long options given, and not a value that looks like one', () => {
    expect([...expandTerraformAliases(program(), ['plan', '-no-color']).options]).toEqual(['--no-color']);
    expect([...expandTerraformAliases(program(), ['plan', '-c', '--no-color']).options]).toEqual([]);
    expect([...expandTerraformAliases(program(), ['plan', '--', '--no-color']).options]).toEqual([]);
  });
});
