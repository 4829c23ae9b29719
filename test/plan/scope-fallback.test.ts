import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesired } from '../../src/load/index.js';
import type { ScopeDecision } from '../../src/model/scope.js';
import { parseScopeSpec, scopeFromGit } from '../../src/pipeline/scope.js';

// Which changes a pull request can be planned scoped, and each one that forces a full plan — computed from a real
// Git repository (the quickstart example as main), with no Okta at all.

const now = new Date('2026-06-01T00:00:00Z');

function repository(prepare?: (root: string) => void) {
  const root = mkdtempSync(path.join(tmpdir(), 'okta-access-scope-fallback-'));
  cpSync('examples/quickstart', root, { recursive: true });
  prepare?.(root);
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: root,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '--all');
  git('-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', 'main');
  git('checkout', '--quiet', '-b', 'pr');
  const file = (name: string) => path.join(root, name);
  return {
    file,
    edit(name: string, change: (text: string) => string) {
      writeFileSync(file(name), change(readFileSync(file(name), 'utf8')));
    },
    commit() {
      git('add', '--all');
      git('-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', 'change');
    },
    async decide(): Promise<ScopeDecision> {
      const config = file('okta-access.yaml');
      const head = await loadDesired({ configPath: config, env: {}, now });
      if (head.state === undefined) throw new Error(JSON.stringify(head.diagnostics));
      return scopeFromGit(config, parseScopeSpec('git:main...HEAD'), head.state, {}, now);
    },
  };
}

const config = 'okta-access.yaml';

describe('the scope of a change', () => {
  it('scopes a row added to an app no campaign reviews to its one group', async () => {
    const repo = repository();
    appendFileSync(
      repo.file('apps/warehouse.csv'),
      'Ada,Lovelace,zara.ahmed@example.com,rosa.delgado@example.com,Warehouse,Admin\n',
    );
    repo.commit();
    const decision = await repo.decide();
    expect(decision).toMatchObject({
      kind: 'scoped',
      scope: { groups: ['warehouse-admin'], apps: ['Warehouse'] },
    });
  });

  it('scopes a row moved within and across files to nothing: only what changes counts', async () => {
    const repo = repository();
    repo.edit('apps/warehouse.csv', (text) => {
      const [head = '', first = '', ...rest] = text.trimEnd().split('\n');
      return `${[head, ...rest, first].join('\n')}\n`;
    });
    repo.commit();
    expect(await repo.decide()).toMatchObject({ kind: 'scoped', scope: { groups: [], apps: [] } });
  });

  it('scopes a row of an app a campaign reviews: the campaign body does not change', async () => {
    const repo = repository();
    repo.edit('apps/payroll.csv', (text) => text.replace(/\n[^\n]*,Payroll,Viewer\n/, '\n'));
    repo.commit();
    expect(await repo.decide()).toMatchObject({ kind: 'scoped', scope: { groups: ['payroll-viewer'] } });
  });

  it.each<[string, (text: string) => string]>([
    [
      'the naming rule',
      (text) => text.replace('group: "{app}-{entitlement}"', 'group: "{app}_{entitlement}"'),
    ],
    ['the ownership marker', (text) => text.replace('[managed by okta-access-gitops]', '[owned by git]')],
    ['safety.maxDeletes', (text) => text.replace('maxDeletes: 25', 'maxDeletes: 2500')],
    ['safety.maxDeletePercent', (text) => text.replace('maxDeletePercent: 10', 'maxDeletePercent: 100')],
    [
      'safety.protectedGroups',
      (text) => text.replace('maxDeletes: 25', 'maxDeletes: 25\n  protectedGroups: [Payroll-Admin]'),
    ],
    ['the apps glob', (text) => text.replace('apps: apps/*.yaml', 'apps: [apps/payroll.yaml]')],
    ['the campaigns glob', (text) => text.replace('campaigns: campaigns/*.yaml', 'campaigns: []')],
    [
      'user sourcing',
      (text) => `${text}users:\n  source: identity-source\n  identitySourceId: 0oa3l6l6WK6h0R0QW0g4\n`,
    ],
    ['limits.maxCsvBytes', (text) => `${text}limits:\n  maxCsvBytes: 1000000\n`],
    ['only a comment', (text) => `# reviewed\n${text}`],
  ])('plans in full when okta-access.yaml changes %s', async (_what, change) => {
    const repo = repository();
    repo.edit(config, change);
    // With a row of an untouched app in the same change: the config still decides.
    appendFileSync(
      repo.file('apps/warehouse.csv'),
      'Ada,Lovelace,zara.ahmed@example.com,rosa.delgado@example.com,Warehouse,Admin\n',
    );
    repo.commit();
    expect(await repo.decide()).toMatchObject({ kind: 'full', reason: 'config-changed' });
  });

  it('plans in full when the config changed in the work tree only, not yet committed', async () => {
    const repo = repository();
    repo.edit(config, (text) => text.replace('maxDeletes: 25', 'maxDeletes: 26'));
    expect(await repo.decide()).toMatchObject({ kind: 'full', reason: 'config-changed' });
  });

  it('plans in full when a campaign file changes', async () => {
    const repo = repository();
    repo.edit('campaigns/payroll-quarterly.yaml', (text) =>
      text.replace('durationInDays: 21', 'durationInDays: 28'),
    );
    repo.commit();
    const decision = await repo.decide();
    expect(decision).toMatchObject({ kind: 'full', reason: 'campaign-changed' });
  });

  it('plans in full when an entitlement is added to an app a campaign reviews (its body lists every group)', async () => {
    const repo = repository();
    repo.edit('apps/payroll.yaml', (text) => `${text}  - name: Auditor\n`);
    repo.commit();
    expect(await repo.decide()).toMatchObject({ kind: 'full', reason: 'campaign-changed' });
  });

  it('plans in full when the base does not load', async () => {
    // The branch "pr" breaks an app file (its CSV is missing); the change on "fix" repairs it: its base is broken.
    const repo = repository();
    repo.edit('apps/warehouse.yaml', (text) => text.replace('csv: warehouse.csv', 'csv: missing.csv'));
    repo.commit();
    const broken = await loadDesired({ configPath: repo.file(config), env: {}, now });
    expect(broken.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    execFileSync('git', ['checkout', '--quiet', '-b', 'fix'], { cwd: path.dirname(repo.file(config)) });
    repo.edit('apps/warehouse.yaml', (text) => text.replace('csv: missing.csv', 'csv: warehouse.csv'));
    repo.commit();
    const head = await loadDesired({ configPath: repo.file(config), env: {}, now });
    if (head.state === undefined) throw new Error('the repaired head does not load');
    const decision = await scopeFromGit(
      repo.file(config),
      parseScopeSpec('git:pr...HEAD'),
      head.state,
      {},
      now,
    );
    expect(decision).toMatchObject({ kind: 'full', reason: 'base-unreadable' });
  });

  it('plans in full when reading the touched groups costs as much as reading them all', async () => {
    // main holds Warehouse alone; the change pins its app id, which touches every one of its groups.
    const repo = repository((root) => {
      for (const name of ['apps/payroll.yaml', 'apps/payroll.csv', 'apps/expenses.yaml', 'apps/expenses.csv'])
        rmSync(path.join(root, name));
      rmSync(path.join(root, 'campaigns'), { recursive: true });
    });
    repo.edit(
      'apps/warehouse.yaml',
      (text) => `${text.replace(/create:[\s\S]*?url: [^\n]*\n/, '')}id: 0oa1234567890abcdef\n`,
    );
    repo.commit();
    const decision = await repo.decide();
    expect(decision).toMatchObject({ kind: 'full', reason: 'full-read-cheaper' });
  });
});
