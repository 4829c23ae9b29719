import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareApplyRecord } from '../../src/cli/apply-record.js';
import { checkedOutCommit, uncommittedFiles } from '../../src/git/work-tree.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A Git repository whose access repository lives in `access/`, committed. */
function repository() {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'okta-access-worktree-')));
  dirs.push(root);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  git('init', '-q', '-b', 'main');
  write('access/okta-access.yaml', 'version: 1\n');
  write(
    'access/apps/payroll.yaml',
    'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: data/payroll people.csv\n' +
      'entitlements:\n  - {name: Admin}\n',
  );
  write(
    'access/apps/data/payroll people.csv',
    'firstName,lastName,email,managerEmail,appName,groupName\nAda,Lovelace,ada@example.com,,Payroll,Admin\n',
  );
  write('README.md', 'the access repository\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'Start');
  return { root, git, write, config: path.join(root, 'access', 'okta-access.yaml') };
}

describe('the work tree check of apply --record', () => {
  it('names HEAD and the top of the work tree; says when there is no repository or no commit', async () => {
    const repo = repository();
    expect(await checkedOutCommit(path.join(repo.root, 'access', 'apps'))).toEqual({
      ok: true,
      root: repo.root,
      head: repo.git('rev-parse', 'HEAD'),
    });
    const empty = realpathSync(mkdtempSync(path.join(tmpdir(), 'okta-access-worktree-')));
    dirs.push(empty);
    expect(await checkedOutCommit(empty)).toEqual({ ok: false, reason: 'not-a-repository' });
    execFileSync('git', ['init', '-q'], { cwd: empty });
    expect(await checkedOutCommit(empty)).toEqual({ ok: false, reason: 'no-commit' });
    await expect(prepareApplyRecord(path.join(empty, 'okta-access.yaml'), {})).rejects.toMatchObject({
      code: 'RECORD_NO_COMMIT',
    });
  });

  it('finds managed files that differ from HEAD, in a subfolder, with spaces, ignored folders and deletions', async () => {
    const repo = repository();
    const csv = path.join(repo.root, 'access', 'apps', 'data', 'payroll people.csv');
    const managed = [repo.config, path.join(repo.root, 'access', 'apps', 'payroll.yaml'), csv];
    const access = path.join(repo.root, 'access');
    expect(await uncommittedFiles(repo.root, access, managed)).toEqual([]);
    // Not managed: a README, a journal, a saved plan.
    repo.write('README.md', 'changed\n');
    repo.write('access/.okta-access/apply-journal.jsonl', '{}\n');
    repo.write('access/plan.json', '{}\n');
    expect(await uncommittedFiles(repo.root, access, managed)).toEqual([]);
    await expect(prepareApplyRecord(repo.config, {})).resolves.toMatchObject({
      commit: repo.git('rev-parse', 'HEAD'),
    });

    repo.write('access/apps/data/payroll people.csv', 'changed\n');
    expect(await uncommittedFiles(repo.root, access, managed)).toEqual([
      { path: 'access/apps/data/payroll people.csv', state: 'modified' },
    ]);
    repo.git('checkout', '-q', '--', '.');

    // A managed file inside an ignored folder is not in HEAD either.
    repo.write('.gitignore', 'access/apps/data/\n');
    repo.git('rm', '-q', '--cached', 'access/apps/data/payroll people.csv');
    expect(await uncommittedFiles(repo.root, access, managed)).toEqual([
      { path: 'access/apps/data/payroll people.csv', state: 'deleted' },
      { path: 'access/apps/data/', state: 'ignored' },
    ]);
    await expect(prepareApplyRecord(repo.config, {})).rejects.toMatchObject({
      code: 'RECORD_UNCOMMITTED',
      message: expect.stringContaining(
        'access/apps/data/payroll people.csv (deleted), access/apps/data/ (ignored)',
      ),
    });
  });
});
