import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';

/**
 * Reading the repository as it was at a commit: which commit last changed a file, a file's bytes at a commit, the
 * commit that was current at a moment, and a folder's tree at a commit written out to a directory. Never touches the
 * work tree, the index or any ref.
 */
export interface Repository {
  /** The top-level folder of the work tree; paths below are relative to it, with forward slashes. */
  readonly top: string;
  /** Where `directory` lies below the top level: `''` or `sub/dir/`. */
  readonly prefix: string;
  /** The commit checked out. */
  readonly head: string;
}

/** The repository `directory` belongs to, or null when it is not in a Git work tree with a commit. */
export async function repositoryOf(directory: string): Promise<Repository | null> {
  try {
    const git = simpleGit({ baseDir: directory });
    if (!(await git.checkIsRepo())) return null;
    const [top, prefix, head] = await Promise.all([
      git.revparse(['--show-toplevel']),
      git.revparse(['--show-prefix']),
      git.revparse(['HEAD']),
    ]);
    return { top: top.trim(), prefix: prefix.trim(), head: head.trim() };
  } catch {
    return null;
  }
}

/**
 * The last commit reachable from the repository's head that changed `file` (`git log -1 --format=%H <head> -- file`),
 * null if none did.
 */
export async function lastCommitTouching(repository: Repository, file: string): Promise<string | null> {
  const out = await simpleGit({ baseDir: repository.top }).raw([
    'log',
    '-1',
    '--format=%H',
    repository.head,
    '--',
    file,
  ]);
  return out.trim() === '' ? null : out.trim();
}

/** The exact bytes of `file` at `commit`, and its blob id. */
export async function fileAtCommit(
  repository: Repository,
  commit: string,
  file: string,
): Promise<{ bytes: Buffer; blob: string }> {
  const git = simpleGit({ baseDir: repository.top });
  const [bytes, blob] = await Promise.all([
    git.showBuffer([`${commit}:${file}`]),
    git.revparse([`${commit}:${file}`]),
  ]);
  return { bytes, blob: blob.trim() };
}

/**
 * The last commit on the head's first-parent line committed at or before `instant` (ISO-8601): what the main line held
 * then, a merged branch's own commits left out. Null when every commit is later.
 */
export async function commitAtOrBefore(repository: Repository, instant: string): Promise<string | null> {
  const out = await simpleGit({ baseDir: repository.top }).raw([
    'rev-list',
    '-1',
    '--first-parent',
    `--before=${instant}`,
    repository.head,
  ]);
  return out.trim() === '' ? null : out.trim();
}

/**
 * Writes the tree of `folder` (relative to the top level; `''` for all of it) at `commit` into `target`, through a
 * temporary index file so that the repository's own index and work tree are left alone.
 */
export async function exportTree(
  repository: Repository,
  commit: string,
  folder: string,
  target: string,
): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'okta-access-index-'));
  try {
    const git = simpleGit({ baseDir: repository.top, allowEnvironment: ['GIT_INDEX_FILE'] }).env({
      ...plainEnvironment(),
      GIT_INDEX_FILE: path.join(scratch, 'index'),
    });
    const tree = `${commit}:${folder.replace(/\/+$/, '')}`;
    await git.raw(['read-tree', tree]);
    await git.raw([
      'checkout-index',
      '--all',
      `--prefix=${target.endsWith(path.sep) ? target : target + path.sep}`,
    ]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Variables simple-git refuses when they are passed explicitly (they can make Git run programs). */
const guarded = new Set(['editor', 'pager', 'prefix', 'ssh_askpass', 'visual']);

/** The process environment without Git's own variables and those simple-git guards. */
function plainEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    const name = key.toLowerCase();
    if (value === undefined || name.startsWith('git_') || guarded.has(name)) continue;
    environment[key] = value;
  }
  return environment;
}
