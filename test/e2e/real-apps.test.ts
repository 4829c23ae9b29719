import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { Plan } from '../../src/model/plan.js';
import { people, writeRepo } from './repo.js';

/** Apps as real orgs have them: SAML, OIDC and SWA apps the tool did not create, and labels that are not unique. */
const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function org(apps: NonNullable<SeedDocument['apps']>): Promise<RunningEmulator> {
  const emulator = await startEmulator({ seed: { users: people, apps } });
  running.push(emulator);
  return emulator;
}

async function cli(emulator: RunningEmulator, args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token, NO_COLOR: '1' },
    interactive: false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr, output: stdout + stderr };
}

async function plan(emulator: RunningEmulator, config: string) {
  const result = await cli(emulator, ['plan', '--config', config, '--format', 'json']);
  return { ...result, plan: JSON.parse(result.stdout) as Plan };
}

async function apply(emulator: RunningEmulator, config: string) {
  const result = await cli(emulator, [
    'apply',
    '--config',
    config,
    '--auto-approve',
    '--journal',
    `${config}.journal`,
  ]);
  expect(result.code, result.output).toBe(0);
}

function appFile(label: string, extra = ''): string {
  const stem = label.toLowerCase();
  return `label: ${label}\n${extra}csv: ${stem}.csv\nentitlements:\n  - {name: Admin}\n  - {name: User}\n`;
}

function csv(label: string): string {
  return [
    'firstName,lastName,email,managerEmail,appName,groupName',
    `Ada,Example,ada@example.com,,${label},Admin`,
    `Alan,Example,alan@example.com,ada@example.com,${label},User`,
    '',
  ].join('\n');
}

const campaign = [
  'name: Workday access review',
  'resources:',
  '  - app: Workday',
  '    entitlements: all',
  'schedule:',
  '  type: ONE_OFF',
  '  startDate: 2027-03-01T16:00:00Z',
  '  durationInDays: 14',
  '  timeZone: UTC',
  'reviewers:',
  '  type: USER',
  '  user: grace@example.com',
  '',
].join('\n');

const realApps = [
  { label: 'Workday', signOnMode: 'SAML_2_0', name: 'workday' },
  { label: 'Grafana', signOnMode: 'OPENID_CONNECT', name: 'oidc_client' },
  { label: 'Jira', signOnMode: 'AUTO_LOGIN', name: 'jira_swa' },
];

describe('SAML, OIDC and SWA apps the org already has', () => {
  it('plan, apply and plan again: groups assigned to them like any app, and a campaign on the SAML app', async () => {
    const emulator = await org(realApps);
    const files: Record<string, string> = {
      'okta-access.yaml': 'version: 1\n',
      'campaigns/workday.yaml': campaign,
    };
    for (const { label } of realApps) {
      files[`apps/${label.toLowerCase()}.yaml`] = appFile(label);
      files[`apps/${label.toLowerCase()}.csv`] = csv(label);
    }
    const config = writeRepo(files);
    const first = await plan(emulator, config);
    expect(first.code, first.output).toBe(0);
    expect(first.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(first.plan.summary.byKind).toMatchObject({
      'app.create': 0,
      'group.create': 6,
      'assignment.add': 6,
      'membership.add': 6,
      'campaign.create': 1,
    });

    await apply(emulator, config);
    for (const { label, signOnMode } of realApps) {
      const app = [...emulator.store.state.apps.values()].find((candidate) => candidate.label === label);
      expect(app?.signOnMode).toBe(signOnMode);
      const assigned = [...emulator.store.assignmentsOf(app?.id ?? '').keys()].map(
        (groupId) => emulator.store.state.groups.get(groupId)?.profile.name,
      );
      expect(assigned.sort(), label).toEqual([`${label}-Admin`, `${label}-User`]);
    }
    expect(emulator.store.state.apps.size).toBe(realApps.length);
    const [created] = [...emulator.store.state.campaigns.values()];
    expect(created?.body.name).toBe('Workday access review');
    // The campaign reviews the groups assigned to the SAML app.
    const targets = JSON.stringify(created?.body.resourceSettings);
    for (const name of ['Workday-Admin', 'Workday-User'])
      expect(targets).toContain(emulator.store.groupByName(name)?.id ?? 'missing');

    const again = await plan(emulator, config);
    expect(again.plan.changes).toEqual([]);

    // import reads the SAML app back into files that plan as they are.
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'okta-access-import-')), 'repo');
    const imported = await cli(emulator, ['import', '--app', 'Workday', '--out', out, '--campaigns']);
    expect(imported.code, imported.output).toBe(0);
    expect(readFileSync(path.join(out, 'apps', 'workday.csv'), 'utf8')).toContain('alan@example.com');
    const importedPlan = await plan(emulator, path.join(out, 'okta-access.yaml'));
    expect(importedPlan.plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(importedPlan.plan.changes).toEqual([]);
  });
});

describe('a label two apps share', () => {
  const twins = [
    { label: 'Payroll', signOnMode: 'SAML_2_0', name: 'payroll_saml' },
    { label: 'Payroll', signOnMode: 'OPENID_CONNECT', name: 'oidc_client' },
  ];

  it('is an error naming both ids with a hint to set id:, and id: picks one', async () => {
    const emulator = await org(twins);
    const ids = [...emulator.store.state.apps.values()].map((app) => app.id);
    const files = {
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml': appFile('Payroll'),
      'apps/payroll.csv': csv('Payroll'),
    };
    const ambiguous = await plan(emulator, writeRepo(files));
    expect(ambiguous.code).toBe(1);
    const [error] = ambiguous.plan.diagnostics.filter((d) => d.code === 'APP_AMBIGUOUS');
    expect(error).toMatchObject({ severity: 'error', line: 1 });
    for (const id of ids) expect(error?.message).toContain(id);
    expect(error?.hint).toContain('set id:');

    const chosen = ids[1] ?? '';
    const config = writeRepo({ ...files, 'apps/payroll.yaml': appFile('Payroll', `id: ${chosen}\n`) });
    const pinned = await plan(emulator, config);
    expect(pinned.code, pinned.output).toBe(0);
    expect(pinned.plan.summary.byKind).toMatchObject({ 'assignment.add': 2 });
    await apply(emulator, config);
    expect(emulator.store.assignmentsOf(chosen).size).toBe(2);
    expect(emulator.store.assignmentsOf(ids[0] ?? '').size).toBe(0);
    expect((await plan(emulator, config)).plan.changes).toEqual([]);
  });

  it('says so at the app file when id: names no app', async () => {
    const emulator = await org(twins);
    const config = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml': appFile('Payroll', 'id: 0oa00000000000000000\n'),
      'apps/payroll.csv': csv('Payroll'),
    });
    const result = await plan(emulator, config);
    expect(result.code).toBe(1);
    expect(result.plan.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'APP_NOT_FOUND',
        message: expect.stringContaining('0oa00000000000000000'),
      }),
    );
  });

  it('refuses an id that is not an Okta app id before Okta is contacted (hostile app file)', async () => {
    const emulator = await org(twins);
    const before = emulator.log().length;
    for (const id of [
      '../users/00u1',
      '0oa1?limit=1&x=',
      '"0oa/../../groups"',
      '0oa1234567890123456789012',
    ]) {
      const config = writeRepo({
        'okta-access.yaml': 'version: 1\n',
        'apps/payroll.yaml': appFile('Payroll', `id: ${JSON.stringify(id)}\n`),
        'apps/payroll.csv': csv('Payroll'),
      });
      const result = await cli(emulator, ['plan', '--config', config]);
      expect(result.code, id).toBe(1);
      expect(result.stdout, id).toMatch(/payroll\.yaml:2:\d+ error SCHEMA_/);
      expect(result.stdout).toContain('Okta was not contacted');
    }
    const withCreate = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml': appFile(
        'Payroll',
        'id: 0oa00000000000000000\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\n',
      ),
      'apps/payroll.csv': csv('Payroll'),
    });
    expect((await cli(emulator, ['plan', '--config', withCreate])).code).toBe(1);
    expect(emulator.log().length).toBe(before);
  });
});
