import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerRemediateCommand } from '../../src/cli/commands/remediate.js';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { UserError } from '../../src/model/errors.js';
import { type GitHubStandIn, startGitHubStandIn } from '../github/stand-in.js';

const owner = 'acme';
const repo = 'access';
const githubToken = 'ghs_remediateStandInToken0123456789abcdef';
const campaignName = 'Payroll access review';
const branch = 'okta-access/remediate-payroll-access-review';

const header = 'firstName,lastName,email,managerEmail,appName,groupName';
/** CRLF, a BOM, quoted cells, a record over two lines, an email in another case than Okta's. */
const rows = {
  ada: 'Ada,Example,ada@example.com,,Payroll,Admin\r\n',
  alan: '"Alan\r\n(contractor)","Example, Jr.",alan@example.com,ada@example.com,Payroll,Admin\r\n',
  grace: 'Grace,Example,Grace@Example.com,ada@example.com,Payroll,Viewer\r\n',
  edsger: 'Edsger,"Ex""ample",edsger@example.com,ken@example.com,Payroll,Viewer\r\n',
  barbara: 'Barbara,Example,barbara@example.com,ada@example.com,Payroll,"Viewer"\r\n',
};
const csv = `\uFEFF${header}\r\n${Object.values(rows).join('')}`;

const campaignFile = [
  `name: ${campaignName}`,
  'resources:',
  '  - app: Payroll',
  '    entitlements: all',
  'schedule:',
  '  type: ONE_OFF',
  '  startDate: 2027-03-01T16:00:00Z',
  '  durationInDays: 14',
  '  timeZone: America/Denver',
  'reviewers:',
  '  type: REVIEWER_EXPRESSION',
  '  expression: user.profile.managerId',
  '  fallbackReviewer: ken@example.com',
  'remediation:',
  '  accessRevoked: DENY',
  'launch: on-apply',
  '',
].join('\n');

interface World {
  readonly emulator: RunningEmulator;
  readonly standIn: GitHubStandIn;
  readonly dir: string;
  readonly origin: string;
  readonly config: string;
  readonly git: (...args: string[]) => string;
  readonly originGit: (...args: string[]) => string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function gitIn(dir: string): (...args: string[]) => string {
  return (...args) =>
    execFileSync('git', ['-c', 'user.name=Mona', '-c', 'user.email=mona@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
}

async function world(): Promise<World> {
  const emulator = await startEmulator({
    seed: {
      users: [
        { email: 'ada@example.com', firstName: 'Ada', lastName: 'Example' },
        { email: 'ken@example.com', firstName: 'Ken', lastName: 'Example' },
        { email: 'alan@example.com', firstName: 'Alan', lastName: 'Example', manager: 'ada@example.com' },
        { email: 'grace@example.com', firstName: 'Grace', lastName: 'Example', manager: 'ada@example.com' },
        { email: 'edsger@example.com', firstName: 'Edsger', lastName: 'Example', manager: 'ken@example.com' },
        {
          email: 'barbara@example.com',
          firstName: 'Barbara',
          lastName: 'Example',
          manager: 'ada@example.com',
        },
      ],
    },
  });
  const top = realpathSync(mkdtempSync(path.join(tmpdir(), 'okta-access-remediate-')));
  const dir = path.join(top, 'work');
  const origin = path.join(top, 'origin.git');
  const originGit = (...args: string[]) =>
    execFileSync('git', ['--git-dir', origin, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const standIn = await startGitHubStandIn({
    owner,
    repo,
    token: githubToken,
    // Pull requests are checked against the branches origin really has.
    branches: (name) => {
      try {
        return originGit('rev-parse', '--verify', '--quiet', `refs/heads/${name}`).trim();
      } catch {
        return undefined;
      }
    },
  });
  cleanups.push(() => emulator.stop());
  cleanups.push(() => standIn.stop());
  const files: Record<string, string> = {
    'okta-access.yaml': 'version: 1\n',
    'apps/payroll.yaml':
      'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
      'entitlements:\n  - {name: Admin}\n  - {name: Viewer}\n',
    'apps/payroll.csv': csv,
    'campaigns/payroll.yaml': campaignFile,
    // The journal of the apply below stays out of Git, as a real repository would have it.
    '.gitignore': '*.journal\n',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const git = gitIn(dir);
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', origin]);
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'core.autocrlf', 'false');
  git('add', '.');
  git('commit', '--quiet', '-m', 'Payroll entitlements and their review');
  git('remote', 'add', 'origin', origin);
  git('push', '--quiet', 'origin', 'main');
  return { emulator, standIn, dir, origin, config: path.join(dir, 'okta-access.yaml'), git, originGit };
}

function io(w: World, output: { stdout: string; stderr: string }): CliIo {
  return {
    stdout: { write: (text: string) => (output.stdout += text) },
    stderr: { write: (text: string) => (output.stderr += text) },
    env: {
      OKTA_ORG_URL: w.emulator.url,
      OKTA_API_TOKEN: w.emulator.token,
      GITHUB_API_URL: w.standIn.url,
      NO_COLOR: '1',
    },
    interactive: false,
  };
}

async function apply(w: World): Promise<void> {
  const output = { stdout: '', stderr: '' };
  const code = await run(
    ['apply', '--config', w.config, '--auto-approve', '--journal', `${w.config}.journal`],
    io(w, output),
  );
  expect(code, output.stdout + output.stderr).toBe(0);
}

/** `okta-access remediate …` in-process, its errors turned into exit codes as the CLI's top level does. */
async function remediate(
  w: World,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = { stdout: '', stderr: '' };
  const cli = io(w, output);
  let code = 0;
  const program = new Command('okta-access').exitOverride();
  registerRemediateCommand(program, cli, (exit) => {
    code = exit;
  });
  try {
    await program.parseAsync(['remediate', '--config', w.config, '--campaign', campaignName, ...args], {
      from: 'user',
    });
  } catch (error) {
    if (error instanceof UserError) {
      output.stderr += `error ${error.code}: ${error.message}\n`;
      code = 1;
    } else if (error instanceof CommanderError) {
      code = error.exitCode;
    } else {
      throw error;
    }
  }
  return { code, ...output };
}

interface Decided {
  readonly email: string;
  readonly group: string;
  readonly decision: 'APPROVE' | 'REVOKE';
  readonly note?: string;
  /** As Okta shows it once decided. */
  decided?: string;
  reviewer?: string;
}

/** The reviewers' decisions, through the emulator's admin surface; returns what each review says once decided. */
async function decide(w: World, decisions: readonly Decided[]): Promise<string> {
  const campaign = [...w.emulator.store.state.campaigns.values()][0];
  if (campaign === undefined) throw new Error('no campaign was created');
  expect(campaign.status).toBe('ACTIVE');
  const store = w.emulator.store.state;
  for (const decision of decisions) {
    const review = [...store.reviews.values()].find(
      (candidate) =>
        candidate.campaignId === campaign.id &&
        store.users.get(candidate.principalId)?.profile.email === decision.email &&
        store.groups.get(candidate.resourceId)?.profile.name === decision.group,
    );
    if (review === undefined) throw new Error(`no review of ${decision.email} in ${decision.group}`);
    const response = await fetch(`${w.emulator.url}/__emulator/reviews/${review.id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        decision: decision.decision,
        ...(decision.note === undefined ? {} : { note: decision.note }),
      }),
    });
    expect(response.status).toBe(200);
    const rendered = (await response.json()) as { decided: string; reviewerProfile: { email: string } };
    decision.decided = rendered.decided;
    decision.reviewer = rendered.reviewerProfile.email;
  }
  return campaign.id;
}

async function end(w: World, campaignId: string): Promise<void> {
  const response = await fetch(`${w.emulator.url}/governance/api/v1/campaigns/${campaignId}/end`, {
    method: 'POST',
    headers: { authorization: `SSWS ${w.emulator.token}`, accept: 'application/json' },
  });
  expect(response.status).toBeLessThan(300);
  expect(w.emulator.store.state.campaigns.get(campaignId)?.status).toBe('COMPLETED');
}

function decisions(): Decided[] {
  return [
    {
      email: 'alan@example.com',
      group: 'Payroll-Admin',
      decision: 'REVOKE',
      note: 'Contract ended | see HR-42',
    },
    { email: 'grace@example.com', group: 'Payroll-Viewer', decision: 'REVOKE', note: 'Moved to @research' },
    { email: 'edsger@example.com', group: 'Payroll-Viewer', decision: 'APPROVE', note: 'Still runs payroll' },
    { email: 'barbara@example.com', group: 'Payroll-Viewer', decision: 'APPROVE' },
  ];
}

const revokedCsv = `\uFEFF${header}\r\n${rows.ada}${rows.edsger}${rows.barbara}`;

/** The removed lines of a diff (`-` lines, without the file headers), and whether any line was added. */
function changedLines(patch: string): { removed: string[]; added: string[] } {
  const body = patch.split('\n').filter((line) => !line.startsWith('---') && !line.startsWith('+++'));
  return {
    removed: body.filter((line) => line.startsWith('-')).map((line) => line.slice(1)),
    added: body.filter((line) => line.startsWith('+')).map((line) => line.slice(1)),
  };
}

describe('okta-access remediate against the emulator, the GitHub stand-in and a real Git repository', () => {
  it('pushes a branch removing exactly the revoked rows and opens a pull request listing each decision', async () => {
    const w = await world();
    await apply(w);
    const decided = decisions();
    const campaignId = await decide(w, decided);
    await end(w, campaignId);

    const result = await remediate(w, ['--github-token', githubToken, '--repository', `${owner}/${repo}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `campaign "${campaignName}" (${campaignId}) is COMPLETED: 2 REVOKE decisions`,
    );
    expect(result.stderr).toMatch(/removed apps\/payroll\.csv:3: alan@example\.com Payroll Admin/);
    expect(result.stderr).toMatch(/removed apps\/payroll\.csv:5: grace@example\.com Payroll Viewer/);
    expect(result.stdout).toBe(`https://github.com/${owner}/${repo}/pull/1\n`);
    expect(`${result.stdout}${result.stderr}`).not.toContain(githubToken);

    // The branch is on origin, one commit on top of main, with exactly the revoked records gone.
    const head = w.originGit('rev-parse', `refs/heads/${branch}`).trim();
    expect(w.git('rev-parse', branch).trim()).toBe(head);
    expect(w.git('rev-parse', `${branch}^`).trim()).toBe(w.git('rev-parse', 'main').trim());
    expect(w.git('show', `${branch}:apps/payroll.csv`)).toBe(revokedCsv);
    expect(w.git('diff', '--name-only', `main..${branch}`)).toBe('apps/payroll.csv\n');
    const patch = w.git('diff', `main..${branch}`);
    expect(changedLines(patch)).toEqual({
      removed: [...rows.alan.split('\n'), ...rows.grace.split('\n')].filter((line) => line !== ''),
      added: [],
    });
    // The checkout is untouched: still on main, nothing modified.
    expect(w.git('rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main');
    expect(w.git('status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(readFileSync(path.join(w.dir, 'apps/payroll.csv'), 'utf8')).toBe(csv);

    const pulls = w.standIn.state.issues().filter((issue) => issue.pull !== undefined);
    expect(pulls).toHaveLength(1);
    const pull = pulls[0];
    expect(pull?.pull).toMatchObject({ headRef: branch, headSha: head, baseRef: 'main' });
    expect(pull?.title).toBe(`Remove access revoked in "${campaignName}"`);
    const body = pull?.body ?? '';
    for (const decision of decided.filter((item) => item.decision === 'REVOKE')) {
      const line = body.split('\n').find((candidate) => candidate.includes(`(${decision.email})`));
      expect(line, body).toBeDefined();
      expect(line).toContain(decision.group.replace('-', ' '));
      expect(line).toContain(decision.reviewer ?? 'no reviewer');
      expect(line).toContain(decision.decided ?? 'no time');
    }
    expect(body).toContain('Contract ended \\| see HR-42');
    expect(body).toContain('Moved to @\u2060research');
    expect(body).not.toContain('edsger@example.com');
    expect(w.standIn.requests.map((request) => `${request.operationId} ${request.status}`)).toEqual([
      'pulls/create 201',
    ]);
  });

  it('prints the patch and keeps the branch local without a GitHub token; a second run finds the rows gone', async () => {
    const w = await world();
    await apply(w);
    const campaignId = await decide(w, decisions());
    await end(w, campaignId);

    const result = await remediate(w, []);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(w.git('diff', 'main', branch, '--'));
    expect(changedLines(result.stdout).removed).toHaveLength(3);
    expect(result.stderr).toContain(`committed ${branch}`);
    expect(result.stderr).toContain('not pushed');
    expect(w.originGit('for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main\n');
    expect(w.standIn.requests).toEqual([]);

    // The branch exists now: running again would make a second one with the same name.
    const twice = await remediate(w, []);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`error GIT_BRANCH_EXISTS: the branch ${branch} already exists`);

    // Merged: the rows are gone from main, and remediate says so without making another branch.
    w.git('merge', '--quiet', '--ff-only', branch);
    const again = await remediate(w, ['--branch', 'okta-access/remediate-again']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(
      /already removed: alan@example\.com Payroll Admin, revoked by ada@example\.com/,
    );
    expect(again.stderr).toMatch(/already removed: grace@example\.com Payroll Viewer/);
    expect(again.stderr).toContain('nothing to remediate');
    expect(again.stdout).toBe('');
    expect(w.git('branch', '--list', 'okta-access/remediate-again')).toBe('');
  });

  it('bases the branch on the checked-out branch when there is no main, and names an unknown --base', async () => {
    const w = await world();
    await apply(w);
    const campaignId = await decide(w, decisions());
    await end(w, campaignId);
    w.git('branch', '--quiet', '-m', 'main', 'trunk');

    const unknown = await remediate(w, ['--base', 'release']);
    expect(unknown.code, unknown.stderr).toBe(1);
    expect(unknown.stderr).toContain('error GIT_BASE_UNKNOWN: the base branch "release"');
    expect(unknown.stderr).not.toContain('internal error');

    const result = await remediate(w, []);
    expect(result.code, result.stderr).toBe(0);
    expect(w.git('rev-parse', `${branch}^`).trim()).toBe(w.git('rev-parse', 'trunk').trim());
    expect(result.stdout).toBe(w.git('diff', 'trunk', branch, '--'));
  });

  it('refuses a campaign that is still active, creating no branch', async () => {
    const w = await world();
    await apply(w);
    await decide(w, decisions());

    const result = await remediate(w, ['--github-token', githubToken, '--repository', `${owner}/${repo}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error CAMPAIGN_NOT_COMPLETED: the campaign "Payroll access review" is ACTIVE, not COMPLETED/,
    );
    expect(w.git('branch', '--list', branch)).toBe('');
    expect(w.originGit('for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main\n');
    expect(w.standIn.requests).toEqual([]);
  });
});
