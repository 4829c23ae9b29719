import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { schemaErrors } from '../../src/load/schema.js';
import type { Plan } from '../../src/model/plan.js';
import { marker, people } from '../e2e/repo.js';
import { type GitHubStandIn, startGitHubStandIn } from '../github/stand-in.js';
import { actionCheckout, type Files, gitRepository, planWithAction, planWithCli } from './pull-request.js';

/**
 * A pull request may not loosen its own guardrails. It raises maxDeletes and maxDeletePercent, empties
 * protectedGroups, changes the ownership marker and raises limits.maxCsvBytes: its plan — through the bundled Action
 * (the base branch's config served by the GitHub stand-in) and through `plan --base-ref main` in a Git repository —
 * still keeps the base's values, and says first what the pull request changes. Once merged (the base holds the new
 * config), the new values are in force.
 */

const githubToken = 'ghs_guardrails-secret-Jd82kLmQp0XzVt5R';
const baseSha = 'b0'.repeat(20);
const mergedSha = 'c1'.repeat(20);
const headSha = 'd2'.repeat(20);

const app =
  'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
  'entitlements:\n  - {name: Admin, description: Runs payroll}\n  - {name: Viewer}\n';

function csv(rows: readonly (readonly [string, string])[], pad = ''): string {
  const lines = rows.map(
    ([name, entitlement]) => `${name}${pad},Example,${name}@example.com,,Payroll,${entitlement}`,
  );
  return ['firstName,lastName,email,managerEmail,appName,groupName', ...lines, ''].join('\n');
}

const baseRows = [
  ['ada', 'Admin'],
  ['alan', 'Admin'],
  ['grace', 'Admin'],
  ['edsger', 'Admin'],
  ['barbara', 'Viewer'],
  ['ken', 'Viewer'],
] as const;

function repository(config: string, payroll = csv(baseRows)): Files {
  return { 'okta-access.yaml': config, 'apps/payroll.yaml': app, 'apps/payroll.csv': payroll };
}

/** The org as the base branch left it: both groups managed, with the base's members, assigned to Payroll. */
function orgSeed(extra: NonNullable<SeedDocument['groups']> = []): SeedDocument {
  const members = (entitlement: string) =>
    baseRows.filter(([, granted]) => granted === entitlement).map(([name]) => `${name}@example.com`);
  return {
    users: people,
    groups: [
      { name: 'Payroll-Admin', description: `Runs payroll ${marker}`, members: members('Admin') },
      { name: 'Payroll-Viewer', description: marker, members: members('Viewer') },
      ...extra,
    ],
    apps: [
      {
        label: 'Payroll',
        url: 'https://payroll.example.com/',
        groups: ['Payroll-Admin', 'Payroll-Viewer', ...extra.map((group) => group.name)],
      },
    ],
  };
}

interface Scenario {
  readonly name: string;
  readonly base: Files;
  readonly change: Files;
  readonly seed: SeedDocument;
}

const safety: Scenario = {
  name: 'safety limits and protected groups',
  base: repository(
    'version: 1\nsafety:\n  maxDeletes: 2\n  maxDeletePercent: 40\n  protectedGroups: [Payroll-Viewer]\n',
  ),
  change: repository(
    'version: 1\nsafety:\n  maxDeletes: 5000\n  maxDeletePercent: 100\n  protectedGroups: []\n',
    csv([
      ['ada', 'Admin'],
      ['barbara', 'Viewer'],
    ]),
  ),
  seed: orgSeed(),
};

const legacy = {
  name: 'Payroll-Legacy',
  description: 'Old export [owned by this pull request]',
  members: ['ken@example.com'],
};

const ownership: Scenario = {
  name: 'the ownership marker',
  base: repository('version: 1\n'),
  change: repository('version: 1\nownership:\n  marker: "[owned by this pull request]"\n'),
  seed: orgSeed([legacy]),
};

const limits: Scenario = {
  name: 'the CSV size limit',
  base: repository('version: 1\nlimits:\n  maxCsvBytes: 2048\n'),
  // Padding a cell with spaces is only a warning; it makes the CSV larger than the base allows.
  change: repository('version: 1\nlimits:\n  maxCsvBytes: 100000000\n', csv(baseRows, ' '.repeat(400))),
  seed: orgSeed(),
};

const removalsOf = (plan: Plan | undefined) =>
  (plan?.changes ?? [])
    .filter((change) => change.kind === 'membership.remove')
    .map((change) => ('email' in change ? `${change.group} ${change.email}` : ''));

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function org(seed: SeedDocument): Promise<RunningEmulator> {
  const emulator = await startEmulator({ seed });
  running.push(emulator);
  return emulator;
}

describe('plan --base-ref: a pull request keeps the base branch’s guardrails until it is merged', () => {
  async function planBoth(scenario: Scenario) {
    const repo = gitRepository(scenario.base, scenario.change);
    const emulator = await org(scenario.seed);
    const proposed = await planWithCli(emulator, repo.config, ['--format', 'json', '--base-ref', 'main']);
    const markdown = await planWithCli(emulator, repo.config, ['--format', 'markdown', '--base-ref', 'main']);
    const text = await planWithCli(emulator, repo.config, ['--base-ref', 'main']);
    repo.merge();
    const merged = await planWithCli(emulator, repo.config, ['--format', 'json', '--base-ref', 'main']);
    for (const result of [proposed, merged]) {
      if (result.plan !== undefined) expect(schemaErrors('plan', result.plan)).toEqual([]);
    }
    return { proposed, markdown, text, merged };
  }

  it('keeps maxDeletes, maxDeletePercent and protectedGroups of main, and shows the change first', async () => {
    const { proposed, markdown, text, merged } = await planBoth(safety);

    // Held to main's limits, the plan cannot be applied without --allow-deletes: exit 3.
    expect(proposed.code).toBe(3);
    expect(proposed.plan?.guardrails).toEqual({
      source: { ref: 'main', commit: expect.stringMatching(/^[0-9a-f]{40}$/), config: 'found' },
      changes: [
        { setting: 'safety.maxDeletes', from: 2, to: 5000 },
        { setting: 'safety.maxDeletePercent', from: 40, to: 100 },
        { setting: 'safety.protectedGroups', from: ['Payroll-Viewer'], to: [] },
      ],
    });
    // Deletions are held to main's limit, and the protected group is left alone.
    expect(proposed.plan?.deleteLimit).toEqual({
      destructive: 3,
      maxDeletes: 2,
      maxDeletePercent: 40,
      percentFloor: 50,
      exceeded: true,
    });
    expect(proposed.plan?.applicable).toBe(false);
    expect(removalsOf(proposed.plan)).toEqual([
      'Payroll-Admin alan@example.com',
      'Payroll-Admin edsger@example.com',
      'Payroll-Admin grace@example.com',
    ]);
    expect(proposed.plan?.unmanaged).toContainEqual({
      group: 'Payroll-Viewer',
      app: 'Payroll',
      reason: 'protected by safety.protectedGroups',
    });

    // Markdown and text say it before anything else.
    const lines = markdown.stdout.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      expect.stringMatching(/^### Okta access plan: /),
      '',
      '> [!WARNING]',
      expect.stringMatching(
        /^> \*\*This pull request changes safety settings\.\*\* Until the change is merged, this plan keeps the ones in force on `main`; the new values take effect after merge\.$/,
      ),
      '> - `safety.maxDeletes`: `2` → `5000`',
      '> - `safety.maxDeletePercent`: `40` → `100`',
      '> - `safety.protectedGroups`: “Payroll-Viewer” → _(none)_',
    ]);
    expect(text.stdout.split('\n').slice(1, 7)).toEqual([
      '',
      'These files change safety settings.',
      'Until the change is merged, this plan keeps the ones in force on main; the new values take effect after merge.',
      '  safety.maxDeletes        2 → 5000',
      '  safety.maxDeletePercent  40 → 100',
      '  safety.protectedGroups   "Payroll-Viewer" → (none)',
    ]);

    // Merged, the new values are main's: in force, and no longer a change.
    expect(merged.plan?.guardrails?.changes).toEqual([]);
    expect(merged.plan?.deleteLimit).toMatchObject({ destructive: 4, maxDeletes: 5000, exceeded: false });
    expect(merged.plan?.applicable).toBe(true);
    expect(removalsOf(merged.plan)).toContain('Payroll-Viewer ken@example.com');
  });

  it('keeps the ownership marker of main', async () => {
    const { proposed, merged } = await planBoth(ownership);

    expect(proposed.plan?.guardrails?.changes).toEqual([
      { setting: 'ownership.marker', from: marker, to: '[owned by this pull request]' },
    ]);
    // Under main's marker the pull request's "own" group is not managed: nothing touches it.
    expect(JSON.stringify(proposed.plan?.changes)).not.toContain('Payroll-Legacy');
    expect(proposed.plan?.changes).toEqual([]);
    expect(proposed.plan?.unmanaged).toEqual([]);

    // Merged, the new marker owns Payroll-Legacy (an orphan now deleted) and no longer the old groups.
    expect(merged.plan?.guardrails?.changes).toEqual([]);
    expect(
      merged.plan?.changes.map((change) => `${change.kind} ${'group' in change ? change.group : ''}`),
    ).toContain('group.delete Payroll-Legacy');
    expect(merged.plan?.unmanaged.map((entry) => entry.group).sort()).toEqual([
      'Payroll-Admin',
      'Payroll-Viewer',
    ]);
  });

  it('keeps limits.maxCsvBytes of main: a CSV over it is refused before Okta is contacted', async () => {
    const { proposed, merged } = await planBoth(limits);

    expect(proposed.code).toBe(1);
    expect(proposed.plan).toBeUndefined();
    // The invalid repository's output still says first what the change does to the guardrails.
    expect(proposed.stdout.split('\n').slice(0, 3)).toEqual([
      'These files change safety settings.',
      'Until the change is merged, this plan keeps the ones in force on main; the new values take effect after merge.',
      '  limits.maxCsvBytes  2048 → 100000000',
    ]);
    expect(proposed.stdout).toMatch(
      /apps\/payroll\.yaml:3:6 error FILE_TOO_LARGE .*payroll\.csv is too large \(\d+ bytes, the limit is 2048\)/,
    );
    expect(merged.code).toBe(0);
    expect(merged.plan?.guardrails?.changes).toEqual([]);
    expect(merged.plan?.changes).toEqual([]);
  });

  it('uses the built-in guardrails when main has no okta-access.yaml yet (the first pull request)', async () => {
    const repo = gitRepository(undefined, safety.change);
    const emulator = await org(safety.seed);
    const result = await planWithCli(emulator, repo.config, ['--format', 'json', '--base-ref', 'main']);

    expect(result.plan?.guardrails).toEqual({
      source: { ref: 'main', commit: expect.stringMatching(/^[0-9a-f]{40}$/), config: 'missing' },
      changes: [
        { setting: 'safety.maxDeletes', from: 100, to: 5000 },
        { setting: 'safety.maxDeletePercent', from: 10, to: 100 },
      ],
    });
    // The built-in limits, not the change's 5000 and 100 %: 4 of 6 managed memberships is 67 %, but the built-in
    // percentage applies only from 50 managed memberships; 4 is within the built-in 100.
    expect(result.plan?.deleteLimit).toEqual({
      destructive: 4,
      maxDeletes: 100,
      maxDeletePercent: 10,
      percentFloor: 50,
      exceeded: false,
    });
  });

  it('uses the built-in guardrails, with a warning, when main’s okta-access.yaml is broken', async () => {
    const repo = gitRepository(
      { ...safety.base, 'okta-access.yaml': 'version: 1\nsafety:\n  maxDeletes: many\n' },
      safety.change,
    );
    const emulator = await org(safety.seed);
    const result = await planWithCli(emulator, repo.config, ['--format', 'json', '--base-ref', 'main']);

    expect(result.plan?.guardrails?.source.config).toBe('invalid');
    expect(result.plan?.deleteLimit).toMatchObject({
      maxDeletes: 100,
      maxDeletePercent: 10,
      percentFloor: 50,
    });
    expect(result.plan?.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'BASE_CONFIG_INVALID',
        message: expect.stringMatching(
          /^the base main has an okta-access\.yaml that cannot be used \(3:15 SCHEMA_TYPE/,
        ),
      }),
    );
  });

  it('refuses a --base-ref Git does not know, before Okta is contacted', async () => {
    const repo = gitRepository(safety.base, safety.change);
    const emulator = await org(safety.seed);
    const before = emulator.log().length;
    const result = await planWithCli(emulator, repo.config, ['--base-ref', 'no-such-branch']);
    const option = await planWithCli(emulator, repo.config, ['--base-ref', '--output=/tmp/x']);

    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toMatch(/BASE_REF_UNKNOWN.*no-such-branch names no commit/);
    expect(option.code).toBe(1);
    expect(emulator.log().length).toBe(before);
  });
});

describe('the Action on a pull request: the base branch’s guardrails, read through GitHub', () => {
  let bundle: string;
  let github: GitHubStandIn;

  beforeAll(() => {
    bundle = actionCheckout();
  });

  afterEach(async () => {
    await github.stop(); // rejects when the action asked GitHub something its API would refuse
  });

  async function planPullRequest(scenario: Scenario) {
    github = await startGitHubStandIn({ owner: 'acme', repo: 'access', token: githubToken });
    github.state.addPullRequest({ number: 21, headSha, merged: false });
    github.state.setFile(baseSha, 'okta-access.yaml', scenario.base['okta-access.yaml'] ?? '');
    github.state.setFile(mergedSha, 'okta-access.yaml', scenario.change['okta-access.yaml'] ?? '');
    const emulator = await org(scenario.seed);
    const common = { bundle, emulator, github, githubToken, files: scenario.change };
    const proposed = await planWithAction({
      ...common,
      event: { number: 21, headSha, base: { ref: 'main', sha: baseSha } },
    });
    // Merged: the base branch now holds the pull request's config (the next pull request's base).
    const merged = await planWithAction({
      ...common,
      event: { number: 21, headSha, base: { ref: 'main', sha: mergedSha } },
    });
    return { proposed, merged, checkReads: () => checkReads(proposed, merged) };
  }

  /** The base config was read through the contents API at each base commit; no token reached the log. */
  function checkReads(proposed: { log: string }, merged: { log: string }): void {
    const reads = github.requests.filter((request) => request.operationId === 'repos/get-content');
    expect(reads.map((request) => `${request.status} ${request.query}`)).toEqual([
      `200 ref=${baseSha}`,
      `200 ref=${mergedSha}`,
    ]);
    const shown = `${proposed.log}${merged.log}`
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'));
    expect(shown.join('\n')).not.toContain(githubToken);
  }

  it('blocks the deletions and leaves the protected group alone, saying first what the pull request changes', async () => {
    const { proposed, merged, checkReads } = await planPullRequest(safety);

    const body = proposed.comment;
    expect(body).not.toContain('ken@example.com');
    expect(body).toContain('This plan cannot be applied:');
    expect(proposed.code).toBe(1);
    const notice = body.indexOf('> **This pull request changes safety settings.**');
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(body.indexOf('Org `'));
    expect(body).toContain('> - `safety.maxDeletes`: `2` → `5000`\n');
    expect(body).toContain('> - `safety.maxDeletePercent`: `40` → `100`\n');
    expect(body).toContain('> - `safety.protectedGroups`: “Payroll-Viewer” → _(none)_\n');
    expect(body).toContain('This plan cannot be applied:');
    expect(body).toContain(
      '3 destructive changes exceed the limits of okta-access.yaml: the limit is 2 (safety.maxDeletes)',
    );

    expect(merged.code).toBe(0);
    expect(merged.comment).not.toContain('changes safety settings');
    expect(merged.comment).not.toContain('cannot be applied');
    expect(merged.comment).toContain('ken@example.com');
    checkReads();
  });

  it('keeps the base branch’s ownership marker', async () => {
    const { proposed, merged, checkReads } = await planPullRequest(ownership);

    expect(proposed.comment).not.toContain('Payroll-Legacy');

    expect(proposed.comment).toContain(
      '> - `ownership.marker`: “\\[managed by okta-access-gitops\\]” → “\\[owned by this pull request\\]”\n',
    );
    expect(proposed.comment).toContain('### Okta access plan: no changes');
    expect(proposed.comment).not.toContain('Payroll-Legacy');
    expect(merged.comment).toContain('Payroll-Legacy');
    checkReads();
  });

  it('uses the built-in guardrails when the base branch has no okta-access.yaml (GitHub answers 404)', async () => {
    github = await startGitHubStandIn({ owner: 'acme', repo: 'access', token: githubToken });
    github.state.addPullRequest({ number: 22, headSha, merged: false });
    const emulator = await org(safety.seed);
    const run = await planWithAction({
      bundle,
      emulator,
      github,
      githubToken,
      files: safety.change,
      event: { number: 22, headSha, base: { ref: 'main', sha: baseSha } },
    });

    // The built-in limits are in force, not the pull request's: 4 removals are within the built-in maxDeletes
    // (100), and the built-in maxDeletePercent counts only from 50 managed memberships (this org has 6).
    expect(run.comment).not.toContain('This plan cannot be applied:');
    expect(run.comment).toContain('on `main` (`main` has no okta-access.yaml, so the built-in defaults)');
    expect(run.comment).toContain('> - `safety.maxDeletes`: `100` → `5000`\n');
    expect(run.comment).toContain('> - `safety.maxDeletePercent`: `10` → `100`\n');
    expect(run.code).toBe(0);
    const reads = github.requests.filter((request) => request.operationId === 'repos/get-content');
    expect(reads.map((request) => request.status)).toEqual([404]);
  });

  it('keeps the base branch’s CSV size limit', async () => {
    const { proposed, merged, checkReads } = await planPullRequest(limits);

    expect(proposed.comment).toMatch(/FILE_TOO_LARGE/);
    expect(proposed.code).toBe(1);
    expect(proposed.comment).toContain(
      '### Okta access plan: the access repository is invalid\n\n> [!WARNING]\n> **This pull request changes safety settings.**',
    );
    expect(proposed.comment).toContain('> - `limits.maxCsvBytes`: `2048` → `100000000`\n');
    expect(proposed.comment).toMatch(/FILE_TOO_LARGE/);
    expect(merged.code).toBe(0);
    expect(merged.comment).toContain('### Okta access plan: no changes');
    checkReads();
  });
});
