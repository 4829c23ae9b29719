import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type EmulatorCommandOptions, emulatorCommand } from '../../src/cli/commands/emulator.js';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import type { Plan } from '../../src/model/plan.js';
import { writeRepo } from '../e2e/repo.js';

/**
 * `okta-access emulator --from`: the org a repository expects before its first apply, so that `plan` through the real
 * CLI shows the whole first import. The examples run through the built command (bin), the rest through the command's
 * library entry (same code, port 0, stopped by the test).
 */

const bin = fileURLToPath(new URL('../../bin/okta-access.js', import.meta.url));
const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const header = 'firstName,lastName,email,managerEmail,appName,groupName';
/** Any control character but newline, and the characters that reorder text. */
const raw = /(?!\n)[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

const children: ChildProcessWithoutNullStreams[] = [];
const stops: (() => Promise<unknown>)[] = [];
const created: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  }
  for (const stop of stops.splice(0)) await stop();
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function capture(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    env: { NO_COLOR: '1', ...env },
    interactive: false,
  };
  return { io, out };
}

/** The built command, as a user starts it; resolves with the URL it prints. */
async function spawnEmulator(args: readonly string[]): Promise<{ url: string; stdout: () => string }> {
  const child = spawn(process.execPath, [bin, 'emulator', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
  children.push(child);
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
  });
  // The banner is written at once; wait for its last line.
  while (!stdout.includes('stop with Ctrl-C')) await new Promise((resolve) => setTimeout(resolve, 10));
  return { url, stdout: () => stdout };
}

/** The command's library entry: resolves once it listens (with its URL) or once it returned (an invalid input). */
async function startEmulator(options: Partial<EmulatorCommandOptions>) {
  const { io, out } = capture();
  let stop: (value?: unknown) => void = () => {};
  const signal = new Promise((resolve) => {
    stop = resolve;
  });
  const finished = emulatorCommand(
    { port: '0', rateLimits: 'unlimited', searchLag: '0', ...options },
    io,
    signal,
  );
  const settled = { code: undefined as number | undefined };
  finished.then(
    (code) => {
      settled.code = code;
    },
    () => {},
  );
  stops.push(async () => {
    stop();
    await finished.catch(() => undefined);
  });
  while (settled.code === undefined && !out.stdout.includes('stop with Ctrl-C')) {
    await Promise.race([finished.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10))]);
  }
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout)?.[1];
  return { url, out, code: settled.code, finished };
}

/** `okta-access plan` through the real CLI, in-process, against the emulator. */
async function plan(url: string, config: string) {
  const { io, out } = capture({ OKTA_ORG_URL: url, OKTA_API_TOKEN: 'okta-emulator-token' });
  const code = await run(['plan', '--config', config, '--format', 'json'], io);
  const parsed = out.stdout.trim().startsWith('{') ? (JSON.parse(out.stdout) as Plan) : undefined;
  return { code, plan: parsed, stderr: out.stderr };
}

async function planText(url: string, config: string) {
  const { io, out } = capture({ OKTA_ORG_URL: url, OKTA_API_TOKEN: 'okta-emulator-token' });
  const code = await run(['plan', '--config', config], io);
  return { code, stdout: out.stdout, stderr: out.stderr };
}

/** What the example's files say, read without the tool's loader: group → member emails, and declared groups. */
function expectedImport(example: string) {
  const apps = path.join(examples, example, 'apps');
  const memberships = new Set<string>();
  const groups = new Set<string>();
  const people = new Set<string>();
  for (const file of readdirSync(apps).filter((name) => name.endsWith('.yaml'))) {
    const app = parseYaml(readFileSync(path.join(apps, file), 'utf8')) as {
      label: string;
      csv: string;
      entitlements?: { name: string }[];
    };
    for (const { name } of app.entitlements ?? []) groups.add(`${app.label}-${name}`);
    const rows = parseCsv(readFileSync(path.join(apps, app.csv), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    for (const row of rows) {
      const group = `${row.appName}-${row.groupName}`;
      groups.add(group);
      memberships.add(`${group} ${String(row.email).toLowerCase()}`);
      people.add(String(row.email).toLowerCase());
    }
  }
  return { memberships, groups, people };
}

function codes(result: { plan: Plan | undefined }): string[] {
  return (result.plan?.diagnostics ?? []).map((diagnostic) => diagnostic.code);
}

describe('okta-access emulator --from, then plan through the real CLI', () => {
  for (const example of ['quickstart', 'okta-blog']) {
    it(`shows the whole first import of examples/${example}, with no unknown user or manager`, async () => {
      const config = path.join(examples, example, 'okta-access.yaml');
      const emulator = await spawnEmulator(['--from', config]);
      const expected = expectedImport(example);
      expect(emulator.stdout()).toContain(`org: ${expected.people.size} users, 1 group, 0 apps`);
      expect(emulator.stdout()).toContain(`the ${expected.people.size} people of the CSVs`);
      expect(emulator.stdout()).toContain(
        `plan it: OKTA_ORG_URL=${emulator.url} OKTA_API_TOKEN=okta-emulator-token okta-access plan --config ${config}`,
      );

      const result = await plan(emulator.url, config);
      expect(result.code).toBe(0);
      expect(codes(result)).not.toContain('USER_NOT_FOUND');
      expect(codes(result)).not.toContain('MANAGER_NOT_FOUND');
      expect(result.plan?.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
      expect(result.plan?.applicable).toBe(true);
      const changes = result.plan?.changes ?? [];
      const added = new Set(
        changes.flatMap((change) =>
          change.kind === 'membership.add' ? [`${change.group} ${change.email}`] : [],
        ),
      );
      expect(added).toEqual(expected.memberships);
      const groups = new Set(
        changes.flatMap((change) => (change.kind === 'group.create' ? [change.group] : [])),
      );
      expect(groups).toEqual(expected.groups);
      expect(
        changes.some((change) => change.kind.endsWith('.remove') || change.kind.endsWith('.delete')),
      ).toBe(false);
    }, 60_000);
  }

  it('creates managers and reviewers outside the CSVs, apps the files do not create (by label or id), and groups campaigns name', async () => {
    const config = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/crm.yaml':
        'label: CRM\nid: 0oa1234567890abcdefg\ncsv: crm.csv\nentitlements:\n  - {name: Sales}\n  - {name: Admin}\n',
      'apps/crm.csv': `${header}\nAda,Lovelace,ada@example.com,boss.person@example.com,CRM,Sales\nAlan,Turing,alan@example.com,ada@example.com,CRM,Admin\n`,
      'apps/wiki.yaml': 'label: Wiki\ncsv: wiki.csv\nentitlements:\n  - {name: Editor}\n',
      'apps/wiki.csv': `${header}\nGrace,Hopper,grace@example.com,boss.person@example.com,Wiki,Editor\n`,
      'campaigns/crm.yaml':
        'name: CRM review\nresources:\n  - {app: CRM, entitlements: all}\n' +
        'schedule: {type: ONE_OFF, startDate: 2099-01-04T09:00:00Z, durationInDays: 14, timeZone: UTC}\n' +
        'reviewers: {type: GROUP, group: CRM Reviewers, fallbackReviewer: auditor@example.com}\n' +
        'principals: {groups: [Sales Staff]}\n',
    });
    created.push(path.dirname(config));
    const emulator = await startEmulator({ from: config });
    expect(emulator.code).toBeUndefined();
    expect(emulator.out.stdout).toContain(
      'the 3 people of the CSVs, 2 more they name (managers, reviewers), 2 apps the files do not create, 2 groups the files name but do not create',
    );
    const url = emulator.url ?? '';
    const boss = (await (
      await fetch(`${url}/api/v1/users/boss.person@example.com`, {
        headers: { authorization: 'SSWS okta-emulator-token' },
      })
    ).json()) as { id: string; status: string; profile: Record<string, string> };
    expect(boss).toMatchObject({ status: 'ACTIVE', profile: { firstName: 'Boss', lastName: 'Person' } });
    const ada = (await (
      await fetch(`${url}/api/v1/users/ada@example.com`, {
        headers: { authorization: 'SSWS okta-emulator-token' },
      })
    ).json()) as { profile: Record<string, string> };
    expect(ada.profile.managerId).toBe(boss.id);
    const crm = await fetch(`${url}/api/v1/apps/0oa1234567890abcdefg`, {
      headers: { authorization: 'SSWS okta-emulator-token' },
    });
    expect(((await crm.json()) as { label: string }).label).toBe('CRM');

    const result = await plan(url, config);
    expect(result.code).toBe(0);
    expect(result.plan?.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(codes(result)).not.toContain('MANAGER_NOT_FOUND');
    expect(result.plan?.summary.byKind).toMatchObject({
      'app.create': 0,
      'group.create': 3,
      'assignment.add': 3,
      'membership.add': 3,
      'campaign.create': 1,
    });
  }, 30_000);

  it('with user sourcing holds the identity source and the managers outside the CSVs, not the people the tool sources', async () => {
    const config = writeRepo({
      'okta-access.yaml':
        'version: 1\nusers:\n  source: identity-source\n  identitySourceId: 0oa3l6l6WK6h0R0QW0g4\n',
      'apps/crm.yaml':
        'label: CRM\ncreate: {kind: bookmark, url: "https://crm.example.com/"}\ncsv: crm.csv\nentitlements:\n  - {name: Sales}\n',
      'apps/crm.csv': `${header}\nAda,Lovelace,ada@example.com,boss@example.com,CRM,Sales\nAlan,Turing,alan@example.com,ada@example.com,CRM,Sales\n`,
    });
    created.push(path.dirname(config));
    const emulator = await startEmulator({ from: config });
    expect(emulator.out.stdout).toContain('org: 1 user,');
    const result = await plan(emulator.url ?? '', config);
    expect(result.code).toBe(0);
    expect(codes(result)).not.toContain('SOURCE_NOT_FOUND');
    expect(codes(result)).not.toContain('SOURCE_MANAGER_UNKNOWN');
    expect(result.plan?.changes.find((change) => change.kind === 'user.source')).toBeDefined();
    expect(result.plan?.summary.byKind['membership.add']).toBe(2);
  }, 30_000);

  it('adds to --seed and --state only what they lack, so a restart keeps what apply wrote', async () => {
    const config = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/crm.yaml':
        'label: CRM\ncreate: {kind: bookmark, url: "https://crm.example.com/"}\ncsv: crm.csv\nentitlements:\n  - {name: Sales}\n',
      'apps/crm.csv': `${header}\nAda,Lovelace,ada@example.com,,CRM,Sales\nAlan,Turing,alan@example.com,ada@example.com,CRM,Sales\n`,
    });
    const root = path.dirname(config);
    created.push(root);
    const seed = path.join(root, 'seed.yaml');
    writeFileSync(seed, 'users:\n  - {email: ada@example.com, firstName: Augusta, lastName: King}\n');
    const state = path.join(root, 'org.json');
    const first = await startEmulator({ from: config, seed, state });
    expect(first.out.stdout).toContain('org: 2 users');
    const url = first.url ?? '';
    const ada = (await (
      await fetch(`${url}/api/v1/users/ada@example.com`, {
        headers: { authorization: 'SSWS okta-emulator-token' },
      })
    ).json()) as { profile: Record<string, string> };
    // The seed's Ada is kept as the seed gives her.
    expect(ada.profile.firstName).toBe('Augusta');
    const { io } = capture({ OKTA_ORG_URL: url, OKTA_API_TOKEN: 'okta-emulator-token' });
    expect(
      await run(
        ['apply', '--config', config, '--auto-approve', '--journal', path.join(root, 'journal.jsonl')],
        io,
      ),
    ).toBe(0);
    await stops.splice(0).reduce((chain, stop) => chain.then(stop), Promise.resolve() as Promise<unknown>);

    const second = await startEmulator({ from: config, state });
    expect(second.out.stdout).toContain('org: 2 users, 2 groups, 1 app');
    const again = await plan(second.url ?? '', config);
    expect(again.code).toBe(0);
    expect(again.plan?.changes).toEqual([]);
  }, 30_000);
});

describe('okta-access emulator --from with a repository that is not valid', () => {
  it('prints the diagnostics validate prints, exits 1 and starts no server', async () => {
    const config = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/crm.yaml': 'label: CRM\ncsv: crm.csv\nentitlements:\n  - {name: Sales}\n',
      'apps/crm.csv': `${header}\nAda,Lovelace,not-an-email,,CRM,Sales\n`,
    });
    created.push(path.dirname(config));
    const validated = capture();
    expect(await run(['validate', '--config', config], validated.io)).toBe(1);
    const emulator = await startEmulator({ from: config });
    expect(emulator.code).toBe(1);
    expect(emulator.url).toBeUndefined();
    expect(emulator.out.stdout).not.toContain('listening');
    const diagnostics = validated.out.stdout.split('\n').filter((line) => /:\d+:\d+ error /.test(line));
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const line of diagnostics) expect(emulator.out.stdout).toContain(line);
    expect(emulator.out.stdout).toContain('no emulator started');
  });

  it('refuses a CSV that is a named pipe (FIFO) without hanging, as validate does', async () => {
    const config = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/crm.yaml': 'label: CRM\ncsv: crm.csv\nentitlements:\n  - {name: Sales}\n',
    });
    created.push(path.dirname(config));
    execFileSync('mkfifo', [path.join(path.dirname(config), 'apps', 'crm.csv')]);
    const emulator = await startEmulator({ from: config });
    expect(emulator.code).toBe(1);
    expect(emulator.out.stdout).toMatch(/crm\.yaml:\d+:\d+ error FILE_NOT_REGULAR/);
    expect(emulator.out.stdout).not.toContain('listening');
  }, 20_000);

  it('refuses a CSV over limits.maxCsvBytes before reading it', async () => {
    const config = writeRepo({
      'okta-access.yaml': 'version: 1\nlimits:\n  maxCsvBytes: 100\n',
      'apps/crm.yaml': 'label: CRM\ncsv: crm.csv\nentitlements:\n  - {name: Sales}\n',
      'apps/crm.csv': `${header}\n${'Ada,Lovelace,ada@example.com,,CRM,Sales\n'.repeat(10)}`,
    });
    created.push(path.dirname(config));
    const emulator = await startEmulator({ from: config });
    expect(emulator.code).toBe(1);
    expect(emulator.out.stdout).toMatch(/crm\.yaml:\d+:\d+ error FILE_TOO_LARGE/);
    expect(emulator.out.stdout).not.toContain('listening');
  });

  it('refuses a path that is not there', async () => {
    const emulator = await startEmulator({ from: '/nonexistent/okta-access.yaml' });
    expect(emulator.code).toBe(1);
    expect(emulator.out.stdout).toContain('FILE_NOT_FOUND');
  });
});

describe('okta-access emulator --from with hostile cells and paths', () => {
  const clear = '\u001b[2J\u001b[H';
  const reverse = '\u202eevil\u2066';

  it('stores control characters and Markdown as data, and prints them escaped', async () => {
    const config = writeRepo({
      [`weird${clear}dir/okta-access.yaml`]: 'version: 1\n',
      [`weird${clear}dir/apps/crm.yaml`]:
        'label: CRM\ncreate: {kind: bookmark, url: "https://crm.example.com/"}\ncsv: crm.csv\nentitlements:\n  - {name: Sales}\n',
      [`weird${clear}dir/apps/crm.csv`]: `${header}\n"Ada${clear}","**[x](https://evil.example/)** ${reverse}",ada@example.com,,CRM,Sales\n`,
    }).replace(/okta-access\.yaml$/, `weird${clear}dir/okta-access.yaml`);
    created.push(path.dirname(path.dirname(config)));
    const emulator = await startEmulator({ from: config });
    expect(emulator.code).toBeUndefined();
    expect(emulator.out.stdout).not.toMatch(raw);
    expect(emulator.out.stdout).toContain('weird\\u001b[2J\\u001b[Hdir');
    const ada = (await (
      await fetch(`${emulator.url ?? ''}/api/v1/users/ada@example.com`, {
        headers: { authorization: 'SSWS okta-emulator-token' },
      })
    ).json()) as { profile: Record<string, string> };
    expect(ada.profile.firstName).toBe(`Ada${clear}`);
    expect(ada.profile.lastName).toBe(`**[x](https://evil.example/)** ${reverse}`);
    const text = await planText(emulator.url ?? '', config);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(raw);
    expect(text.stderr).not.toMatch(raw);
  }, 30_000);
});
