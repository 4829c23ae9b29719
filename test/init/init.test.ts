import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { binary, cli, filesUnder, removeTemporary, repositoryRoot, temporary } from './cli.js';

afterEach(removeTemporary);

const exampleWorkflows = readdirSync(path.join(repositoryRoot, 'examples', 'github'))
  .filter((name) => name.endsWith('.yml'))
  .sort();

/** `validate --format json` of the repository at `root`: exit code and the report. */
async function validate(root: string, env: Record<string, string> = {}) {
  const result = await cli(
    ['validate', '--config', path.join(root, 'okta-access.yaml'), '--format', 'json'],
    env,
  );
  const report = JSON.parse(result.stdout) as {
    valid: boolean;
    errors: number;
    warnings: number;
    diagnostics: unknown[];
    summary: { apps: unknown[]; campaigns: unknown[]; people: number } | null;
  };
  return { code: result.code, report };
}

describe('okta-access init', () => {
  it('writes a repository that validates with no warning, and prints what it wrote and what to run next', async () => {
    const root = path.join(temporary(), 'my-access');
    const result = await cli(['init', root]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(filesUnder(root)).toEqual(
      [
        '.github/workflows/okta-access-apply.yml',
        '.github/workflows/okta-access-drift.yml',
        '.github/workflows/okta-access-plan.yml',
        '.gitignore',
        'apps/payroll.csv',
        'apps/payroll.yaml',
        'campaigns/payroll-quarterly-review.yaml',
        'okta-access.yaml',
      ].sort(),
    );
    for (const file of filesUnder(root)) expect(result.stdout).toContain(`wrote   ${file}`);
    expect(result.stdout).toContain(`cd ${root}`);
    for (const next of [
      'okta-access validate',
      'okta-access emulator --from okta-access.yaml',
      'okta-access plan',
      'okta-access apply',
      'OKTA_ORG_URL',
      'OKTA_API_TOKEN',
      'okta-access doctor',
    ])
      expect(result.stdout).toContain(next);

    const { code, report } = await validate(root);
    expect(report.diagnostics).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ valid: true, errors: 0, warnings: 0 });
    expect(report.summary?.apps).toHaveLength(1);
    expect(report.summary?.campaigns).toHaveLength(1);
    expect(report.summary?.people).toBe(5);
  });

  it('writes the CSV in the format of Okta’s example solution, managers included', async () => {
    const root = temporary();
    expect((await cli(['init', root])).code).toBe(0);
    const lines = readFileSync(path.join(root, 'apps', 'payroll.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('firstName,lastName,email,managerEmail,appName,groupName');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const emails = new Set(lines.slice(1).map((line) => line.split(',')[2]));
    for (const line of lines.slice(1)) {
      const [, , email, manager, app] = line.split(',');
      expect(email).toMatch(/^[a-z.]+@example\.com$/);
      expect(app).toBe('Payroll');
      // Every manager is one of the people, so a local org holding the CSV's people holds the managers too.
      if (manager !== '') expect(emails.has(manager)).toBe(true);
    }
  });

  it('writes the workflows of the package’s examples/github, byte for byte', async () => {
    const root = temporary();
    expect((await cli(['init', root])).code).toBe(0);
    expect(exampleWorkflows).toEqual(expect.arrayContaining(['plan.yml', 'apply.yml', 'drift.yml']));
    for (const name of exampleWorkflows) {
      expect(readFileSync(path.join(root, '.github', 'workflows', `okta-access-${name}`), 'utf8')).toBe(
        readFileSync(path.join(repositoryRoot, 'examples', 'github', name), 'utf8'),
      );
    }
  });

  it('ignores the apply journal and lock where apply writes them, and local emulator state', async () => {
    const root = temporary();
    expect((await cli(['init', root])).code).toBe(0);
    const rules = readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n');
    // The journal is .okta-access/apply-journal.jsonl beside okta-access.yaml, the lock beside the journal.
    expect(rules).toContain('.okta-access/');
    expect(rules).toContain('org.json');
    expect(rules).toContain('*.state.json');
  });

  it('runs through the binary: init, then validate in the new directory with no warning', async () => {
    const parent = temporary();
    const init = await binary(['init', 'my-access'], parent);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('wrote   okta-access.yaml');
    expect(init.stdout).toContain('cd my-access');
    const result = await binary(['validate'], path.join(parent, 'my-access'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /✔ okta-access\.yaml is valid: 1 app · 2 entitlements · 5 people · 5 rows · 1 campaign/,
    );
    expect(result.stdout).not.toMatch(/warning/i);
  });

  it('initialises the current directory by default, and a directory holding only .git', async () => {
    const root = temporary();
    mkdirSync(path.join(root, '.git'));
    const result = await binary(['init'], root);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('cd ');
    expect(filesUnder(root)).toContain('okta-access.yaml');
    expect((await validate(root)).code).toBe(0);
  });

  it('names the first app with --app, in the file names, the CSV and the campaign', async () => {
    for (const [app, stem] of [
      ['External_App', 'external_app'],
      ['Überweisung (Finanz)', 'uberweisung-finanz'],
      ['2FA Admin v2.1', '2fa-admin-v2.1'],
    ] as const) {
      const root = temporary();
      const result = await cli(['init', root, '--app', app]);
      expect(result.code).toBe(0);
      expect(filesUnder(root)).toEqual(
        expect.arrayContaining([
          `apps/${stem}.yaml`,
          `apps/${stem}.csv`,
          `campaigns/${stem}-quarterly-review.yaml`,
        ]),
      );
      expect(readFileSync(path.join(root, 'apps', `${stem}.csv`), 'utf8')).toContain(`,${app},Admin\n`);
      const { report } = await validate(root);
      expect(report.diagnostics).toEqual([]);
      expect(report.valid).toBe(true);
    }
  });

  it('writes org.url from --org-url, normalised, and the repository validates with or without OKTA_ORG_URL', async () => {
    const root = temporary();
    expect((await cli(['init', root, '--org-url', 'HTTPS://Acme.Okta.com:443/'])).code).toBe(0);
    const config = readFileSync(path.join(root, 'okta-access.yaml'), 'utf8');
    expect(config).toMatch(/^org:\n {2}url: "https:\/\/acme\.okta\.com"$/m);
    expect((await validate(root)).report.diagnostics).toEqual([]);
    expect((await validate(root, { OKTA_ORG_URL: 'https://acme.okta.com' })).report.diagnostics).toEqual([]);

    const local = temporary();
    expect((await cli(['init', local, '--org-url', 'http://127.0.0.1:8080'])).code).toBe(0);
    expect(readFileSync(path.join(local, 'okta-access.yaml'), 'utf8')).toContain(
      'url: "http://127.0.0.1:8080"',
    );
  });
});

describe('okta-access init into a directory that is not empty', () => {
  it('refuses without --force, with a code and a hint, and writes nothing', async () => {
    const root = temporary();
    writeFileSync(path.join(root, 'notes.txt'), 'mine\n');
    const result = await cli(['init', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error INIT_NOT_EMPTY:');
    expect(result.stderr).toContain('notes.txt');
    expect(result.stderr).toMatch(/hint: .*--force/);
    expect(result.stdout).toBe('');
    expect(filesUnder(root)).toEqual(['notes.txt']);
  });

  it('refuses a file as the directory', async () => {
    const file = path.join(temporary(), 'plain');
    writeFileSync(file, 'x');
    const result = await cli(['init', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error INIT_NOT_DIRECTORY:');
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('with --force writes only the missing files: okta-access.yaml and every other file are kept, .gitignore gains its rules', async () => {
    const root = temporary();
    const config = 'version: 1\nnaming:\n  group: "app-{app}-{entitlement}"\n';
    const csv =
      'firstName,lastName,email,managerEmail,appName,groupName\nAda,Lovelace,ada@example.com,,Payroll,Admin\n';
    writeFileSync(path.join(root, 'okta-access.yaml'), config);
    mkdirSync(path.join(root, 'apps'));
    writeFileSync(path.join(root, 'apps', 'payroll.csv'), csv);
    writeFileSync(path.join(root, '.gitignore'), 'node_modules/\norg.json');

    const result = await cli(['init', root, '--force']);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(root, 'okta-access.yaml'), 'utf8')).toBe(config);
    expect(readFileSync(path.join(root, 'apps', 'payroll.csv'), 'utf8')).toBe(csv);
    expect(result.stdout).toMatch(/kept {4}okta-access\.yaml .*it exists/);
    expect(result.stdout).toMatch(/kept {4}apps\/payroll\.csv/);
    expect(result.stdout).toMatch(/updated .gitignore/);
    expect(result.stdout).toMatch(/wrote {3}apps\/payroll\.yaml/);
    expect(result.stdout).toMatch(/wrote {3}\.github\/workflows\/okta-access-plan\.yml/);
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8')).toBe(
      'node_modules/\norg.json\n# okta-access: the apply journal and lock, and local emulator state\n.okta-access/\n*.state.json\n',
    );
    // The kept config's naming rule is the one in force.
    const { report } = await validate(root);
    expect(report.valid).toBe(true);

    // Again: everything exists, nothing changes.
    const before = filesUnder(root).map((file) => readFileSync(path.join(root, file), 'utf8'));
    const again = await cli(['init', root, '--force']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/wrote|updated/);
    expect(filesUnder(root).map((file) => readFileSync(path.join(root, file), 'utf8'))).toEqual(before);
  });

  it('with --force refuses, before writing anything, a path whose folder is a file', async () => {
    const root = temporary();
    writeFileSync(path.join(root, 'apps'), 'not a folder');
    const result = await cli(['init', root, '--force']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error INIT_PATH_BLOCKED: cannot write apps/payroll.yaml: apps is not a directory',
    );
    expect(filesUnder(root)).toEqual(['apps']);
  });
});

describe('okta-access init refuses hostile options', () => {
  const hostileApps = [
    'Pay\nroll',
    'Payroll\r',
    '[Payroll](https://evil.example.com)',
    '**Payroll**',
    '<img src=x onerror=alert(1)>',
    'Payroll`rm -rf`',
    '${OKTA_API_TOKEN}',
    'Pay${OKTA_API_TOKEN}roll',
    'http://evil',
    '../../etc/passwd',
    '.hidden',
    'Pay\u202eroll',
    'Pay\u001b[31mroll',
    ' Payroll',
    'Payroll ',
    'Pay,roll',
    'Pay"roll',
    '',
    'A'.repeat(101),
  ];

  it.each(hostileApps)('--app %j: INIT_APP_INVALID, nothing written', async (app) => {
    const root = path.join(temporary(), 'repo');
    const result = await cli(['init', root, '--app', app]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error INIT_APP_INVALID:');
    expect(result.stderr).toContain('hint:');
    // What the value holds is shown, never sent to the terminal: one line of error, one of hint.
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(result.stdout).toBe('');
    expect(() => readdirSync(root)).toThrow();
  });

  const hostileUrls = [
    'http://evil',
    'http://evil.example.com',
    '${OKTA_API_TOKEN}',
    'https://${OKTA_API_TOKEN}.okta.com',
    'https://acme.okta.com\n[click](https://evil.example.com)',
    'https://acme.okta.com/\u001b[2J',
    'https://acme.okta.com/path',
    'https://acme.okta.com?x=1',
    'https://user:secret@acme.okta.com',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'acme.okta.com',
    'https://acme.okta.com ',
  ];

  it.each(hostileUrls)('--org-url %j: INIT_ORG_URL_INVALID, nothing written', async (url) => {
    const root = path.join(temporary(), 'repo');
    const result = await cli(['init', root, '--org-url', url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error INIT_ORG_URL_INVALID:');
    // A password in the URL is never repeated.
    expect(result.stderr).not.toContain('secret');
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(() => readdirSync(root)).toThrow();
  });
});
