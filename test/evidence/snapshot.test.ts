import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  commitAtOrBefore,
  exportTree,
  fileAtCommit,
  lastCommitTouching,
  repositoryOf,
} from '../../src/git/snapshot.js';
import { gitRepo } from './git-repo.js';

describe('the repository at a commit', () => {
  it('finds the last change of a file, its bytes then, and the commit current at a moment (same second included)', async () => {
    const repo = gitRepo();
    const first = repo.commit(
      { 'sub/a.yaml': 'one\r\n', 'sub/b.csv': 'x\n', 'top.txt': 't' },
      '2024-01-01T10:00:00Z',
      '1',
    );
    const second = repo.commit({ 'sub/b.csv': 'y\n' }, '2024-01-01T10:00:01Z', '2');
    const repository = await repositoryOf(path.join(repo.root, 'sub'));
    if (repository === null) throw new Error('not a repository');
    expect(repository).toMatchObject({ prefix: 'sub/', head: second });
    expect(await lastCommitTouching(repository, 'sub/a.yaml')).toBe(first);
    expect(await lastCommitTouching(repository, 'sub/missing.yaml')).toBeNull();
    const { bytes, blob } = await fileAtCommit(repository, first, 'sub/a.yaml');
    expect(bytes.toString('utf8')).toBe('one\r\n');
    expect(blob).toMatch(/^[0-9a-f]{40}$/);
    expect(await commitAtOrBefore(repository, '2024-01-01T10:00:00Z')).toBe(first);
    expect(await commitAtOrBefore(repository, '2024-01-01T10:00:01Z')).toBe(second);
    expect(await commitAtOrBefore(repository, '2023-12-31T23:59:59Z')).toBeNull();

    const target = path.join(mkdtempSync(path.join(tmpdir(), 'okta-access-export-')), 'tree');
    await exportTree(repository, first, repository.prefix, target);
    expect(readdirSync(target).sort()).toEqual(['a.yaml', 'b.csv']);
    expect(readFileSync(path.join(target, 'b.csv'), 'utf8')).toBe('x\n');
  });

  it('answers null outside a Git work tree', async () => {
    expect(await repositoryOf(mkdtempSync(path.join(tmpdir(), 'okta-access-nogit-')))).toBeNull();
  });
});
