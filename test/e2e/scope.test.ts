import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { schemaErrors } from '../../src/load/schema.js';
import type { ApplyReport } from '../../src/model/apply.js';
import type { Plan } from '../../src/model/plan.js';
import { planHash } from '../../src/plan/hash.js';
import { captureIo, envOf, marker } from './apply-helpers.js';
import { people } from './repo.js';

// `plan --scope git:BASE...HEAD` through the real CLI, a real Git repository and the emulator over HTTP.

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

const header = 'firstName,lastName,email,managerEmail,appName,groupName';
const row = (email: string, app: string, entitlement: string) =>
  `${email.split('@')[0]},Example,${email},,${app},${entitlement}`;

/** main: Payroll (Admin, Viewer) and Expenses (Viewer), applied to the org; the caller branches off it. */
function repository() {
  const root = mkdtempSync(path.join(tmpdir(), 'okta-access-scope-'));
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
    }).trim();
  const write = (files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
  };
  const commit = (files: Record<string, string>, message: string) => {
    write(files);
    git('add', '--all');
    git('-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  git('init', '--quiet', '--initial-branch=main');
  commit(
    {
      // The percentage limit counts the touched groups' memberships: one removal of two is 50 %.
      'okta-access.yaml': 'version: 1\nsafety:\n  maxDeletePercent: 50\n',
      'apps/payroll.yaml': 'label: Payroll\ncsv: payroll.csv\n',
      'apps/payroll.csv': `${[header, row('ada@example.com', 'Payroll', 'Admin'), row('alan@example.com', 'Payroll', 'Admin'), row('grace@example.com', 'Payroll', 'Viewer')].join('\n')}\n`,
      'apps/expenses.yaml': 'label: Expenses\ncsv: expenses.csv\n',
      'apps/expenses.csv': `${[header, row('ken@example.com', 'Expenses', 'Viewer')].join('\n')}\n`,
    },
    'main',
  );
  return { root, config: path.join(root, 'okta-access.yaml'), git, write, commit };
}

/** The org as main's files say, plus drift outside any change: an extra member of Expenses-Viewer. */
async function org(): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    seed: {
      users: people,
      groups: [
        { name: 'Payroll-Admin', description: marker, members: ['ada@example.com', 'alan@example.com'] },
        { name: 'Payroll-Viewer', description: marker, members: ['grace@example.com'] },
        { name: 'Expenses-Viewer', description: marker, members: ['ken@example.com', 'barbara@example.com'] },
      ],
      apps: [
        { label: 'Payroll', groups: ['Payroll-Admin', 'Payroll-Viewer'] },
        { label: 'Expenses', groups: ['Expenses-Viewer'] },
      ],
    },
    randomSeed: 1,
  });
  running.push(emulator);
  return emulator;
}

async function cli(emulator: RunningEmulator, args: string[]) {
  const { io, output } = captureIo(envOf(emulator), false);
  const code = await run(args, io);
  return { code, ...output };
}

async function planJson(emulator: RunningEmulator, config: string, extra: string[]) {
  const result = await cli(emulator, ['plan', '--config', config, '--format', 'json', ...extra]);
  const plan = JSON.parse(result.stdout) as Plan;
  expect(schemaErrors('plan', plan)).toEqual([]);
  return { ...result, plan };
}

/** The pull request: Payroll-Admin gains edsger and loses alan. */
function pullRequest(repo: ReturnType<typeof repository>) {
  repo.git('checkout', '--quiet', '-b', 'pr');
  repo.commit(
    {
      'apps/payroll.csv': `${[header, row('ada@example.com', 'Payroll', 'Admin'), row('edsger@example.com', 'Payroll', 'Admin'), row('grace@example.com', 'Payroll', 'Viewer')].join('\n')}\n`,
    },
    'pr',
  );
}

describe('plan --scope', () => {
  it('plans only the touched group, says so, and reads a handful of requests', async () => {
    const emulator = await org();
    const repo = repository();
    pullRequest(repo);
    const full = await planJson(emulator, repo.config, []);
    expect(full.plan.changes.some((change) => 'group' in change && change.group === 'Expenses-Viewer')).toBe(
      true,
    );

    const scoped = await planJson(emulator, repo.config, ['--scope', 'git:main...HEAD']);
    expect(scoped.code).toBe(0);
    expect(scoped.plan.scope).toMatchObject({
      groups: ['payroll-admin'],
      apps: ['Payroll'],
      declaredGroups: 3,
    });
    expect(scoped.plan.changes.map((change) => [change.kind, 'email' in change ? change.email : ''])).toEqual(
      [
        ['membership.add', 'edsger@example.com'],
        ['membership.remove', 'alan@example.com'],
      ],
    );
    expect(scoped.plan.summary.managedMemberships).toBe(2);
    expect(scoped.plan.applicable).toBe(true);
    // The app by label and its assignments, the group by name, its members, the new row's user.
    expect(scoped.plan.reads.requests).toBeLessThanOrEqual(5);
    expect(scoped.plan.reads.requests).toBeLessThan(full.plan.reads.requests);
    // Hash: scope and changes; an unscoped plan's hash is the changes' alone, as before.
    expect(planHash(scoped.plan)).not.toBe(planHash({ changes: scoped.plan.changes }));

    const text = await cli(emulator, ['plan', '--config', repo.config, '--scope', 'git:main...HEAD']);
    expect(text.stdout).toContain(
      'scoped to 1 of 3 entitlement groups; the scheduled drift check covers the rest',
    );
    const markdown = await cli(emulator, [
      'plan',
      '--config',
      repo.config,
      '--scope',
      'git:main...HEAD',
      '--format',
      'markdown',
    ]);
    expect(markdown.stdout).toContain('scoped to 1 of 3 entitlement groups');
  });

  it('applies a saved scoped plan past drift outside its scope, and refuses it after drift inside', async () => {
    const emulator = await org();
    const repo = repository();
    pullRequest(repo);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'okta-access-scope-plan-')), 'plan.json');
    const saved = await cli(emulator, [
      'plan',
      '--config',
      repo.config,
      '--scope',
      'git:main...HEAD',
      '--out',
      out,
    ]);
    expect(saved.code).toBe(0);

    // Someone adds a member to an untouched group in Okta: not this plan's business.
    const expenses = emulator.store.groupByName('Expenses-Viewer');
    emulator.store.addMember(expenses?.id ?? '', emulator.store.requireUser('alan@example.com').id);
    const report = path.join(path.dirname(out), 'report.json');
    const applied = await cli(emulator, ['apply', out, '--config', repo.config, '--report', report]);
    expect(applied.stdout).not.toMatch(/refused/);
    expect(applied.code).toBe(0);
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as ApplyReport;
    expect(parsed.ok).toBe(true);
    expect(parsed.counts.applied).toBe(2);
    expect(parsed.planHash).toBe(planHash(JSON.parse(readFileSync(out, 'utf8')) as Plan));
    const admins = [...emulator.store.membersOf(emulator.store.groupByName('Payroll-Admin')?.id ?? '')];
    expect(admins.sort()).toEqual(
      [
        emulator.store.requireUser('ada@example.com').id,
        emulator.store.requireUser('edsger@example.com').id,
      ].sort(),
    );
    // The untouched group's drift stays for the drift check.
    expect(emulator.store.membersOf(expenses?.id ?? '').size).toBe(3);

    // A new scoped plan; then someone changes the touched group in Okta: the plan no longer holds.
    const again = path.join(path.dirname(out), 'again.json');
    repo.commit(
      {
        'apps/payroll.csv': `${[header, row('ada@example.com', 'Payroll', 'Admin'), row('edsger@example.com', 'Payroll', 'Admin'), row('barbara@example.com', 'Payroll', 'Admin'), row('grace@example.com', 'Payroll', 'Viewer')].join('\n')}\n`,
      },
      'pr 2',
    );
    expect(
      (await cli(emulator, ['plan', '--config', repo.config, '--scope', 'git:main...HEAD', '--out', again]))
        .code,
    ).toBe(0);
    const admin = emulator.store.groupByName('Payroll-Admin')?.id ?? '';
    emulator.store.addMember(admin, emulator.store.requireUser('ken@example.com').id);
    const refused = await cli(emulator, ['apply', again, '--config', repo.config]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/apply refused: the org changed since this plan was made/);
    expect(refused.stdout).toContain('(remove ken@example.com from Payroll-Admin');
    expect(emulator.store.membersOf(admin).has(emulator.store.requireUser('barbara@example.com').id)).toBe(
      false,
    );
  });

  it('falls back to a full plan when okta-access.yaml changes, saying why', async () => {
    const emulator = await org();
    const repo = repository();
    pullRequest(repo);
    repo.commit({ 'okta-access.yaml': 'version: 1\nsafety:\n  maxDeletes: 5\n' }, 'safety');
    const result = await planJson(emulator, repo.config, ['--scope', 'git:main...HEAD']);
    expect(result.plan.scope).toBeUndefined();
    expect(result.plan.fullPlan?.reason).toBe('config-changed');
    expect(
      result.plan.changes.some((change) => 'group' in change && change.group === 'Expenses-Viewer'),
    ).toBe(true);
  });

  it('plans nothing and reads nothing for a change that touches no entitlement', async () => {
    const emulator = await org();
    const repo = repository();
    repo.git('checkout', '--quiet', '-b', 'docs');
    repo.commit({ 'README.md': '# access\n' }, 'docs');
    const result = await planJson(emulator, repo.config, ['--scope', 'git:main...HEAD']);
    expect(result.plan.scope?.groups).toEqual([]);
    expect(result.plan.changes).toEqual([]);
    expect(result.plan.reads.requests).toBe(0);
  });

  it('looks a touched group up by its exact name, whatever the name holds', async () => {
    const emulator = await org();
    const repo = repository();
    repo.git('checkout', '--quiet', '-b', 'hostile');
    // Quotes and a filter expression in an entitlement name: Okta's q is a plain prefix, never an expression.
    const hostile = 'x" or profile.name sw "Payroll';
    repo.commit(
      {
        'apps/payroll.csv': `${[header, row('ada@example.com', 'Payroll', 'Admin'), row('alan@example.com', 'Payroll', 'Admin'), row('grace@example.com', 'Payroll', 'Viewer'), `ken,Example,ken@example.com,,Payroll,"${hostile.replaceAll('"', '""')}"`].join('\n')}\n`,
      },
      'hostile',
    );
    const result = await planJson(emulator, repo.config, ['--scope', 'git:main...HEAD']);
    expect(result.plan.scope?.groups).toEqual([`payroll-${hostile}`.toLowerCase()]);
    expect(result.plan.changes.map((change) => [change.kind, 'group' in change ? change.group : ''])).toEqual(
      [
        ['group.create', `Payroll-${hostile}`],
        ['assignment.add', `Payroll-${hostile}`],
        ['membership.add', `Payroll-${hostile}`],
      ],
    );
  });

  it.each([
    ['main...HEAD', 'SCOPE_INVALID'],
    ['git:--output=/tmp/x...HEAD', 'SCOPE_INVALID'],
    ['git:main...HEAD;rm', 'SCOPE_INVALID'],
    ['git:main\u001b[31m...HEAD', 'SCOPE_INVALID'],
    ['git:nosuchbranch...HEAD', 'SCOPE_REF_UNKNOWN'],
  ])('refuses the range %j before Okta is contacted', async (range, code) => {
    const emulator = await org();
    const repo = repository();
    const before = emulator.counts().total;
    const result = await cli(emulator, ['plan', '--config', repo.config, '--scope', range]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(code);
    expect(result.stderr).not.toContain('\u001b[31m');
    expect(emulator.counts().total).toBe(before);
    expect(existsSync(path.join(repo.root, '--output=', 'tmp'))).toBe(false);
  });
});
