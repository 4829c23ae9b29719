import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CheckedCommand, checkReadme, commandsOf, toolArguments } from './readme-commands.js';

/** A failure as one line per command, so that the test output says which README line broke and how. */
function describeFailures(checked: readonly CheckedCommand[]): string {
  return checked
    .filter((command) => command.status === 'failed')
    .map((command) => `README.md:${command.line}: ${command.text}\n${command.detail}`)
    .join('\n\n');
}

describe('the commands README.md shows', () => {
  it('run: every offline okta-access command of its shell blocks passes through the real CLI', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const checked = await checkReadme(readme);
    expect(describeFailures(checked)).toBe('');
    expect(checked.filter((command) => command.status === 'passed').length).toBeGreaterThan(0);
  }, 120_000);
});

describe('the README docs check', () => {
  it('reports a broken command at its README line, and skips what needs a live org by the documented rule', async () => {
    const readme = [
      '# A README',
      '',
      '```sh',
      'npm ci && npx okta-access validate --config examples/quickstart/okta-access.yaml   # passes',
      'okta-access validate --config examples/quickstart/no-such-file.yaml',
      'okta-access plan --no-such-option',
      '```',
      '',
      'Against the emulator:',
      '',
      '```bash',
      'okta-access emulator --from okta-access.yaml',
      'cd examples/okta-blog && okta-access plan --detailed-exitcode',
      '```',
      '',
      '```sh',
      'okta-access import --app Payroll --out access-repo',
      'okta-access validate --config access-repo/okta-access.yaml',
      '```',
      '',
      '<!-- docs-check: skip — an illustration -->',
      '```sh',
      'okta-access validate --config nowhere.yaml',
      '```',
      '',
      '```',
      'okta-access validate --config not-a-shell-block.yaml',
      '```',
    ].join('\n');
    const checked = await checkReadme(readme);
    expect(checked.map(({ line, status }) => [line, status])).toEqual([
      [4, 'passed'],
      [5, 'failed'],
      [6, 'failed'],
      [12, 'skipped'],
      [13, 'passed'],
      [17, 'skipped'],
      [18, 'skipped'],
      [23, 'skipped'],
    ]);
    expect(checked[1]?.detail).toMatch(/^exit 1\n/);
    expect(checked[2]?.detail).toMatch(/unknown option '--no-such-option'/);
    expect(checked[6]?.detail).toContain('follows `okta-access import --app Payroll --out access-repo`');
    expect(describeFailures(checked)).toContain('README.md:6: okta-access plan --no-such-option');
  }, 60_000);

  it('reads shell lines as sh does: prompts, quotes, comments, &&, ;, | and &', () => {
    expect(commandsOf(`$ okta-access validate --config "my repo/okta-access.yaml" # a comment`)).toEqual([
      ['okta-access', 'validate', '--config', 'my repo/okta-access.yaml'],
    ]);
    expect(commandsOf("cd '/tmp/r' && npx okta-access validate; echo '#not a comment'")).toEqual([
      ['cd', '/tmp/r'],
      ['npx', 'okta-access', 'validate'],
      ['echo', '#not a comment'],
    ]);
    expect(commandsOf('# only a comment')).toEqual([]);
    expect(commandsOf('okta-access emulator --from okta-access.yaml & okta-access plan | head')).toEqual([
      ['okta-access', 'emulator', '--from', 'okta-access.yaml'],
      ['okta-access', 'plan'],
      ['head'],
    ]);
  });

  it('knows the tool by its names and by the package scripts that run it', () => {
    expect(toolArguments(['okta-access', 'plan'])).toEqual(['plan']);
    expect(toolArguments(['npx', 'okta-access', 'init', 'r'])).toEqual(['init', 'r']);
    expect(toolArguments(['node', 'bin/okta-access.js', '--help'])).toEqual(['--help']);
    expect(toolArguments(['npm', 'run', 'demo'])).toEqual(['demo']);
    expect(toolArguments(['npm', 'run', 'okta-access', '--', 'validate'])).toEqual(['validate']);
    expect(toolArguments(['npm', 'ci'])).toBeNull();
    expect(toolArguments(['npm', 'run', 'bench'])).toBeNull();
  });
});
