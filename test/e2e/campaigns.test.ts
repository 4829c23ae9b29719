import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { Plan } from '../../src/model/plan.js';
import { expectRequestConforms } from '../contract/openapi.js';
import { captureText, registerSecret } from '../support/secrets.js';
import { people, writeRepo } from './repo.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function org(): Promise<RunningEmulator> {
  const emulator = await startEmulator({ seed: { users: people } });
  running.push(emulator);
  return emulator;
}

async function cli(emulator: RunningEmulator, args: string[]) {
  let stdout = '';
  let stderr = '';
  registerSecret('the emulator API token', emulator.token);
  captureText('stdout of okta-access', () => stdout);
  captureText('stderr of okta-access', () => stderr);
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token, NO_COLOR: '1' },
    interactive: false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

async function plan(emulator: RunningEmulator, config: string): Promise<Plan> {
  const result = await cli(emulator, ['plan', '--config', config, '--format', 'json']);
  return JSON.parse(result.stdout) as Plan;
}

async function apply(emulator: RunningEmulator, config: string) {
  const result = await cli(emulator, [
    'apply',
    '--config',
    config,
    '--auto-approve',
    '--format',
    'json',
    '--journal',
    `${config}.journal`,
  ]);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return result;
}

function campaignFile(options: { launch: string; duration?: number; reviewer?: string }): string {
  return [
    'name: Payroll access review',
    'description: Managers confirm who can run payroll.',
    'resources:',
    '  - app: Payroll',
    '    entitlements: all',
    'schedule:',
    '  type: ONE_OFF',
    '  startDate: 2027-03-01T16:00:00Z',
    `  durationInDays: ${options.duration ?? 14}`,
    '  timeZone: America/Denver',
    'reviewers:',
    options.reviewer ??
      '  type: REVIEWER_EXPRESSION\n  expression: user.profile.managerId\n  fallbackReviewer: ada@example.com',
    'remediation:',
    '  accessRevoked: DENY',
    `launch: ${options.launch}`,
    '',
  ].join('\n');
}

function repo(campaign: string): string {
  return writeRepo({
    'okta-access.yaml': 'version: 1\n',
    'apps/payroll.yaml':
      'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
      'entitlements:\n  - {name: Admin}\n  - {name: Viewer}\n',
    'apps/payroll.csv':
      'firstName,lastName,email,managerEmail,appName,groupName\n' +
      'Alan,Example,alan@example.com,ada@example.com,Payroll,Admin\n' +
      'Grace,Example,grace@example.com,ada@example.com,Payroll,Viewer\n',
    'campaigns/payroll.yaml': campaign,
  });
}

function campaigns(emulator: RunningEmulator) {
  return [...emulator.store.state.campaigns.values()];
}

describe('campaigns as code against the emulator', () => {
  it('creates a campaign whose groups are created in the same run, launches it, and then has nothing to do', async () => {
    const emulator = await org();
    const config = repo(campaignFile({ launch: 'on-apply' }));
    const first = await plan(emulator, config);
    expect(first.changes.filter((c) => c.kind.startsWith('campaign.')).map((c) => c.kind)).toEqual([
      'campaign.create',
      'campaign.launch',
    ]);
    await apply(emulator, config);
    const created = campaigns(emulator)[0];
    if (created === undefined) throw new Error('no campaign was created');
    expect(created.status).toBe('ACTIVE');
    // The targets are the groups created in the same run, by their new ids.
    const groupIds = [...emulator.store.state.groups.values()]
      .filter((group) => group.profile.name.startsWith('Payroll-'))
      .map((group) => group.id)
      .sort();
    const targets = (
      created.body.resourceSettings as { targetResources: { resourceId: string }[] }
    ).targetResources
      .map((target) => target.resourceId)
      .sort();
    expect(targets).toEqual(groupIds);
    // The body the emulator received is a valid createCampaign request for Okta's governance API.
    expectRequestConforms('createCampaign', created.body);
    expect([...emulator.store.state.reviews.values()]).toHaveLength(2);
    const again = await plan(emulator, config);
    expect(again.changes).toEqual([]);
    expect(again.campaigns).toMatchObject([
      { campaign: 'Payroll access review', status: 'ACTIVE', reviews: { total: 2, decided: 0 } },
    ]);
  });

  it('replaces a scheduled campaign whose settings changed, field by field', async () => {
    const emulator = await org();
    const config = repo(campaignFile({ launch: 'at-start-date' }));
    await apply(emulator, config);
    const before = campaigns(emulator)[0]?.id;
    writeFileSync(
      path.join(path.dirname(config), 'campaigns/payroll.yaml'),
      campaignFile({ launch: 'at-start-date', duration: 30 }),
    );
    const changed = await plan(emulator, config);
    expect(changed.changes).toMatchObject([
      {
        kind: 'campaign.replace',
        campaignId: before,
        fields: [{ op: 'replace', path: '/scheduleSettings/durationInDays', from: 14, to: 30 }],
      },
    ]);
    await apply(emulator, config);
    const after = campaigns(emulator);
    expect(after).toHaveLength(1);
    const replaced = after[0];
    if (replaced === undefined) throw new Error('no campaign after the replace');
    expect(replaced.id).not.toBe(before);
    expect((replaced.body.scheduleSettings as { durationInDays: number }).durationInDays).toBe(30);
    expect((await plan(emulator, config)).changes).toEqual([]);
  });

  it('leaves an active campaign alone when its definition changes, and says why', async () => {
    const emulator = await org();
    const config = repo(campaignFile({ launch: 'on-apply' }));
    await apply(emulator, config);
    writeFileSync(
      path.join(path.dirname(config), 'campaigns/payroll.yaml'),
      campaignFile({ launch: 'on-apply', duration: 30 }),
    );
    await fetch(`${emulator.url}/__emulator/requests`, { method: 'DELETE' });
    const changed = await plan(emulator, config);
    expect(changed.changes).toEqual([]);
    expect(changed.campaigns[0]?.note).toMatch(/active campaign is history .*new name/);
    const result = await cli(emulator, [
      'apply',
      '--config',
      config,
      '--auto-approve',
      '--journal',
      `${config}.journal`,
    ]);
    expect(result.code).toBe(0);
    const writes = emulator.log().filter((entry) => entry.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('refuses an unknown fallback reviewer with the campaign file, writing nothing', async () => {
    const emulator = await org();
    const config = repo(
      campaignFile({
        launch: 'on-apply',
        reviewer:
          '  type: REVIEWER_EXPRESSION\n  expression: user.profile.managerId\n  fallbackReviewer: nobody@example.com',
      }),
    );
    const result = await cli(emulator, ['apply', '--config', config, '--auto-approve']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /campaigns\/payroll\.yaml:1:1 error CAMPAIGN_UNRESOLVED .*nobody@example\.com/,
    );
    expect(emulator.log().filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect(readFileSync(config, 'utf8')).toContain('version: 1');
  });
});

describe('holds: what a reviewer revoked stays revoked', () => {
  it('does not re-add a membership removed by DENY remediation while its row is still in Git', async () => {
    const emulator = await org();
    const config = repo(campaignFile({ launch: 'on-apply' }));
    await apply(emulator, config);
    const campaign = campaigns(emulator)[0];
    if (campaign === undefined) throw new Error('no campaign');
    const alan = emulator.store.findUser('alan@example.com');
    const review = [...emulator.store.state.reviews.values()].find(
      (candidate) => candidate.principalId === alan?.id,
    );
    if (review === undefined) throw new Error('no review of alan');
    await fetch(`${emulator.url}/__emulator/reviews/${review.id}/decision`, {
      method: 'POST',
      body: JSON.stringify({ decision: 'REVOKE', note: 'no longer runs payroll' }),
    });
    await fetch(`${emulator.url}/governance/api/v1/campaigns/${campaign.id}/end`, {
      method: 'POST',
      headers: { authorization: `SSWS ${emulator.token}` },
    });
    const admin = emulator.store.groupByName('Payroll-Admin');
    if (admin === undefined || alan === undefined) throw new Error('no group or user');
    expect(emulator.store.membersOf(admin.id).has(alan.id)).toBe(false);

    const next = await plan(emulator, config);
    expect(next.changes.filter((change) => change.kind === 'membership.add')).toEqual([]);
    expect(next.diagnostics).toMatchObject([
      { code: 'MEMBERSHIP_HELD', severity: 'warning', line: 2, file: expect.stringMatching(/payroll\.csv$/) },
    ]);
    await apply(emulator, config);
    expect(emulator.store.membersOf(admin.id).has(alan.id)).toBe(false);

    // A scoped plan of a pull request that touches the held group holds it too (the revocations are read).
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: path.dirname(config),
        encoding: 'utf8',
      });
    // main also declares an app not applied yet: drift outside the scope, and a full read that costs more.
    writeFileSync(
      path.join(path.dirname(config), 'apps', 'expenses.yaml'),
      'label: Expenses\ncreate: {kind: bookmark, url: "https://expenses.example.com/"}\ncsv: expenses.csv\n' +
        'entitlements:\n  - {name: Submitter}\n  - {name: Approver}\n  - {name: Auditor}\n',
    );
    writeFileSync(
      path.join(path.dirname(config), 'apps', 'expenses.csv'),
      'firstName,lastName,email,managerEmail,appName,groupName\nGrace,Example,grace@example.com,ada@example.com,Expenses,Approver\n',
    );
    git('init', '--quiet', '--initial-branch=main');
    git('add', '--all');
    git('commit', '--quiet', '-m', 'main');
    git('checkout', '--quiet', '-b', 'pr');
    const csv = path.join(path.dirname(config), 'apps', 'payroll.csv');
    writeFileSync(
      csv,
      `${readFileSync(csv, 'utf8')}Ken,Example,ken@example.com,ada@example.com,Payroll,Admin\n`,
    );
    git('commit', '--quiet', '-am', 'Ken runs payroll');
    const scoped = await cli(emulator, [
      'plan',
      '--config',
      config,
      '--format',
      'json',
      '--scope',
      'git:main...HEAD',
    ]);
    const scopedPlan = JSON.parse(scoped.stdout) as Plan;
    expect(scopedPlan.scope?.groups).toEqual(['payroll-admin']);
    expect(scopedPlan.changes.map((change) => [change.kind, 'email' in change ? change.email : ''])).toEqual([
      ['membership.add', 'ken@example.com'],
    ]);
    expect(scopedPlan.diagnostics.map((diagnostic) => diagnostic.code)).toContain('MEMBERSHIP_HELD');
  });
});
