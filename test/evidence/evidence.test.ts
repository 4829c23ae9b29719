import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { canonicalJson } from '../../src/evidence/json.js';
import { toolVersion } from '../../src/pipeline/version.js';
import { people } from '../e2e/repo.js';
import { cli, evidence } from './cli.js';
import { type GitRepo, gitRepo } from './git-repo.js';

const dayMs = 86_400_000;
const campaignName = 'Payroll access review';
const formulaNote = '=HYPERLINK("http://evil.example","click")';

/** The campaign file: reviewed by managers (none here, so by the fallback reviewer), revoked access removed. */
function campaignFile(name: string, launch: string): string {
  const start = `${new Date(Date.now() + 60 * dayMs).toISOString().slice(0, 10)}T16:00:00Z`;
  return [
    `name: ${name}`,
    'description: Managers confirm who can run payroll.',
    'resources:',
    '  - app: Payroll',
    '    entitlements: all',
    'schedule:',
    '  type: ONE_OFF',
    `  startDate: ${start}`,
    '  durationInDays: 14',
    '  timeZone: America/Denver',
    'reviewers:',
    '  type: REVIEWER_EXPRESSION',
    '  expression: user.profile.managerId',
    '  fallbackReviewer: ada@example.com',
    'remediation:',
    '  accessRevoked: DENY',
    `launch: ${launch}`,
    '',
  ].join('\n');
}

const header = 'firstName,lastName,email,managerEmail,appName,groupName\n';
const rows = {
  alan: 'Alan,Example,alan@example.com,ada@example.com,Payroll,Admin\n',
  grace: 'Grace,Example,grace@example.com,ada@example.com,Payroll,Viewer\n',
  barbara: 'Barbara,Example,barbara@example.com,ada@example.com,Payroll,Viewer\n',
  edsger: 'Edsger,Example,edsger@example.com,ada@example.com,Payroll,Admin\n',
  ken: 'Ken,Example,ken@example.com,ada@example.com,Payroll,Viewer\n',
};

interface Story {
  readonly emulator: RunningEmulator;
  readonly repo: GitRepo;
  readonly commits: { readonly definition: string; readonly launch: string; readonly head: string };
  readonly campaignId: string;
  readonly campaignText: string;
}

async function admin(emulator: RunningEmulator, route: string, body: unknown): Promise<void> {
  const response = await fetch(`${emulator.url}/__emulator/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/**
 * The story: the campaign and its apps committed long ago, a row added before launch, `apply` creates and launches the
 * campaign, reviewers decide (one review left open), the campaign ends (DENY remediation runs), a row is added after.
 */
async function tellStory(): Promise<Story> {
  const emulator = await startEmulator({ seed: { users: people } });
  const repo = gitRepo();
  const campaignText = campaignFile(campaignName, 'on-apply');
  const definition = repo.commit(
    {
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml':
        'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
        'entitlements:\n  - {name: Admin}\n  - {name: Viewer}\n',
      'apps/payroll.csv': header + rows.alan + rows.grace + rows.barbara,
      'campaigns/payroll.yaml': campaignText,
      'campaigns/spare.yaml': campaignFile('Payroll spare review', 'at-start-date'),
    },
    '2024-01-01T09:00:00Z',
    'Payroll and its review',
  );
  const launch = repo.commit(
    { 'apps/payroll.csv': header + rows.alan + rows.grace + rows.barbara + rows.edsger },
    '2024-02-01T09:00:00Z',
    'Edsger runs payroll',
  );
  const journal = newFolder('journal.jsonl');
  made.push(repo.root);
  const applied = await cli(emulator, [
    'apply',
    '--config',
    repo.config,
    '--auto-approve',
    '--journal',
    journal,
  ]);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);

  const campaign = [...emulator.store.state.campaigns.values()].find(
    (item) => item.body.name === campaignName,
  );
  if (campaign === undefined) throw new Error('apply created no campaign');
  expect(campaign.status).toBe('ACTIVE');
  const userId = (email: string) => emulator.store.findUser(email)?.id ?? '';
  const alanReview = [...emulator.store.state.reviews.values()].find(
    (review) => review.principalId === userId('alan@example.com'),
  );
  await admin(emulator, `reviews/${alanReview?.id}/decision`, {
    decision: 'APPROVE',
    note: 'still runs payroll',
  });
  await admin(emulator, `campaigns/${campaign.id}/decisions`, {
    decision: 'REVOKE',
    principalIds: [userId('grace@example.com')],
    note: formulaNote,
  });
  await admin(emulator, `campaigns/${campaign.id}/decisions`, {
    decision: 'REVOKE',
    principalIds: [userId('barbara@example.com')],
    note: 'moved to sales, no longer needs it',
  });
  const ended = await fetch(`${emulator.url}/governance/api/v1/campaigns/${campaign.id}/end`, {
    method: 'POST',
    headers: { authorization: `SSWS ${emulator.token}`, accept: 'application/json' },
  });
  expect(ended.status).toBe(202);

  const head = repo.commit(
    { 'apps/payroll.csv': header + rows.alan + rows.grace + rows.barbara + rows.edsger + rows.ken },
    '2099-01-01T09:00:00Z',
    'Ken joins, after the launch',
  );
  return { emulator, repo, commits: { definition, launch, head }, campaignId: campaign.id, campaignText };
}

/** Every file of a folder, by name, with its bytes. */
function tree(folder: string): Map<string, Buffer> {
  return new Map(
    readdirSync(folder)
      .sort()
      .map((name) => [name, readFileSync(path.join(folder, name))]),
  );
}

/** Temporary folders this file made, removed at the end. */
const made: string[] = [];

function newFolder(...parts: string[]): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'okta-access-pack-'));
  made.push(folder);
  return path.join(folder, ...parts);
}

function records(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
}

const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('okta-access evidence against the emulator', () => {
  let story: Story;
  let pack: string;
  let first: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    story = await tellStory();
    pack = newFolder('pack');
    first = await evidence(story.emulator, [
      '--config',
      story.repo.config,
      '--campaign',
      campaignName,
      '--out',
      pack,
    ]);
  }, 60_000);

  afterAll(async () => {
    await story?.emulator.stop();
    for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('writes the pack and says what it holds', () => {
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain(
      `evidence for "${campaignName}" (${story.campaignId}, COMPLETED) written to ${pack}`,
    );
    expect(first.stdout).toContain('population at launch');
    expect(first.stderr).toBe('');
    expect([...tree(pack).keys()]).toEqual([
      'README.md',
      'access-after.csv',
      'campaign.json',
      'campaign.yaml',
      'decisions.csv',
      'manifest.json',
      'population.csv',
      'remediation.csv',
    ]);
  });

  it('makes the same pack, byte for byte, when run again into another folder', async () => {
    const again = newFolder('elsewhere', 'nested');
    const second = await evidence(story.emulator, [
      '--config',
      story.repo.config,
      '--campaign',
      campaignName,
      '--out',
      again,
    ]);
    expect(second.code, second.stderr).toBe(0);
    const a = tree(pack);
    const b = tree(again);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) expect(b.get(name)?.equals(bytes), name).toBe(true);
  });

  it('lists every file in the manifest with its SHA-256, and names the tool, org, campaign, commits and command', () => {
    const manifest = JSON.parse(readFileSync(path.join(pack, 'manifest.json'), 'utf8')) as {
      files: { path: string; sha256: string; bytes: number }[];
      [key: string]: unknown;
    };
    const others = [...tree(pack)].filter(([name]) => name !== 'manifest.json');
    expect(manifest.files.map((file) => file.path)).toEqual(others.map(([name]) => name));
    for (const [name, bytes] of others) {
      expect(manifest.files.find((file) => file.path === name)).toEqual({
        path: name,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
    expect(manifest).toMatchObject({
      format: 'okta-access-evidence/1',
      tool: { name: 'okta-access-gitops', version: toolVersion() },
      orgUrl: story.emulator.url,
      campaign: {
        id: story.campaignId,
        name: campaignName,
        status: 'COMPLETED',
        launchedFrom: 'reviews.created',
      },
      git: {
        head: story.commits.head,
        definition: { path: 'campaigns/payroll.yaml', commit: story.commits.definition },
        population: { commit: story.commits.launch },
      },
      commands: {
        evidence: `okta-access evidence --config okta-access.yaml --campaign 'Payroll access review' --out "$OUT"`,
      },
      counts: {
        population: 4,
        reviews: 4,
        decisions: { APPROVE: 1, REVOKE: 2, UNREVIEWED: 1 },
        remediation: { NONE: 2, SUCCESS: 2 },
        accessAfter: { 'Payroll-Admin': 2, 'Payroll-Viewer': 0 },
      },
      warnings: [],
    });
    expect(readFileSync(path.join(pack, 'manifest.json'), 'utf8')).toBe(canonicalJson(manifest));
  });

  it('holds the campaign file as committed and Okta campaign with sorted keys, in LF-only files', () => {
    expect(readFileSync(path.join(pack, 'campaign.yaml'), 'utf8')).toBe(story.campaignText);
    const text = readFileSync(path.join(pack, 'campaign.json'), 'utf8');
    const campaign = JSON.parse(text) as { id: string; status: string };
    expect(campaign).toMatchObject({ id: story.campaignId, status: 'COMPLETED' });
    expect(text).toBe(canonicalJson(campaign));
    for (const [name, bytes] of tree(pack)) expect(bytes.includes('\r'), name).toBe(false);
    const readme = readFileSync(path.join(pack, 'README.md'), 'utf8');
    for (const name of tree(pack).keys()) expect(readme).toContain(`| ${name} |`);
  });

  it('takes the population from the last commit at or before the launch: a row added after is not in it', () => {
    expect(records(path.join(pack, 'population.csv'))).toEqual([
      {
        user: 'alan@example.com',
        firstName: 'Alan',
        lastName: 'Example',
        app: 'Payroll',
        entitlement: 'Admin',
        group: 'Payroll-Admin',
        source: 'apps/payroll.csv:2',
      },
      expect.objectContaining({
        user: 'edsger@example.com',
        entitlement: 'Admin',
        source: 'apps/payroll.csv:5',
      }),
      expect.objectContaining({
        user: 'barbara@example.com',
        entitlement: 'Viewer',
        source: 'apps/payroll.csv:4',
      }),
      expect.objectContaining({
        user: 'grace@example.com',
        entitlement: 'Viewer',
        source: 'apps/payroll.csv:3',
      }),
    ]);
  });

  it('holds every review with its reviewer, decision, time and note; a formula note is neutralized', () => {
    const decisions = records(path.join(pack, 'decisions.csv'));
    expect(decisions.map((row) => [row.user, row.group, row.decision, row.reviewer, row.note])).toEqual([
      ['alan@example.com', 'Payroll-Admin', 'APPROVE', 'ada@example.com', 'still runs payroll'],
      ['edsger@example.com', 'Payroll-Admin', 'UNREVIEWED', 'ada@example.com', ''],
      [
        'barbara@example.com',
        'Payroll-Viewer',
        'REVOKE',
        'ada@example.com',
        'moved to sales, no longer needs it',
      ],
      ['grace@example.com', 'Payroll-Viewer', 'REVOKE', 'ada@example.com', `'${formulaNote}`],
    ]);
    for (const row of decisions) {
      if (row.decision === 'UNREVIEWED') expect(row.decided).toBe('');
      else expect(row.decided).toMatch(iso);
      expect(row.reviewId).toMatch(/^icr/);
    }
    expect(readFileSync(path.join(pack, 'decisions.csv'), 'utf8')).toContain(
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
    );
  });

  it('shows remediation SUCCESS for the revoked, and access after without them', () => {
    const remediation = records(path.join(pack, 'remediation.csv'));
    expect(remediation.map((row) => [row.user, row.decision, row.remediationStatus])).toEqual([
      ['alan@example.com', 'APPROVE', 'NONE'],
      ['edsger@example.com', 'UNREVIEWED', 'NONE'],
      ['barbara@example.com', 'REVOKE', 'SUCCESS'],
      ['grace@example.com', 'REVOKE', 'SUCCESS'],
    ]);
    const after = records(path.join(pack, 'access-after.csv'));
    expect(after.map((row) => [row.user, row.app, row.entitlement, row.group])).toEqual([
      ['alan@example.com', 'Payroll', 'Admin', 'Payroll-Admin'],
      ['edsger@example.com', 'Payroll', 'Admin', 'Payroll-Admin'],
    ]);
  });

  it('leaves the repository as it was: no change to the work tree or the index', () => {
    const status = execFileSync('git', ['status', '--porcelain'], { cwd: story.repo.root, encoding: 'utf8' });
    expect(status).toBe('');
  });

  it('refuses an unknown campaign name with exit 1, naming the campaigns there are, and writes nothing', async () => {
    const out = newFolder('pack');
    const result = await evidence(story.emulator, [
      '--config',
      story.repo.config,
      '--campaign',
      'Payroll quarterly',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error EVIDENCE_UNKNOWN_CAMPAIGN: no campaign file names a campaign "Payroll quarterly"',
    );
    expect(result.stderr).toContain('"Payroll access review", "Payroll spare review"');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a campaign that has not launched', async () => {
    const result = await evidence(story.emulator, [
      '--config',
      story.repo.config,
      '--campaign',
      'Payroll spare review',
      '--out',
      newFolder('pack'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /EVIDENCE_CAMPAIGN_NOT_LAUNCHED: campaign "Payroll spare review" is SCHEDULED/,
    );
  });

  it('refuses an --out folder that is not empty, and leaves it untouched', async () => {
    const out = newFolder('used');
    mkdirSync(out);
    writeFileSync(path.join(out, 'keep.txt'), 'mine');
    const result = await evidence(story.emulator, [
      '--config',
      story.repo.config,
      '--campaign',
      campaignName,
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error EVIDENCE_OUT_NOT_EMPTY: --out ${out} is not empty`);
    expect(readdirSync(out)).toEqual(['keep.txt']);
    expect(readFileSync(path.join(out, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('accepts an empty --out folder', async () => {
    const out = newFolder('empty');
    mkdirSync(out);
    const result = await evidence(story.emulator, [
      '--config',
      story.repo.config,
      '--campaign',
      campaignName,
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(
      tree(out)
        .get('manifest.json')
        ?.equals(tree(pack).get('manifest.json') ?? Buffer.alloc(0)),
    ).toBe(true);
  });
});
