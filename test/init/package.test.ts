import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTemporary, repositoryRoot, temporary } from './cli.js';

afterEach(removeTemporary);

describe('okta-access init as an installed package runs it', () => {
  it('ships the example workflows (package.json files)', () => {
    const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
      files: string[];
    };
    expect(manifest.files).toEqual(expect.arrayContaining(['examples', 'schemas', 'build', 'bin']));
  });

  it('writes the workflows the installed package holds when it runs, not a copy kept in the code', async () => {
    // The package as npm installs it (the `files` of package.json), with its dependencies beside it.
    const installed = path.join(temporary(), 'node_modules', 'okta-access-gitops');
    mkdirSync(installed, { recursive: true });
    for (const entry of ['package.json', 'bin', 'build', 'schemas', 'examples'])
      cpSync(path.join(repositoryRoot, entry), path.join(installed, entry), { recursive: true });
    symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(installed, 'node_modules'), 'dir');
    const plan = path.join(installed, 'examples', 'github', 'plan.yml');
    const changed = `${readFileSync(plan, 'utf8')}# changed in this installed copy\n`;
    writeFileSync(plan, changed);

    const target = temporary();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(installed, 'bin', 'okta-access.js'), 'init', target],
      { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } },
    );
    expect(stdout).toContain('wrote   .github/workflows/okta-access-plan.yml');
    expect(readFileSync(path.join(target, '.github', 'workflows', 'okta-access-plan.yml'), 'utf8')).toBe(
      changed,
    );
  });
});
