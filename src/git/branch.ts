import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { UserError } from '../model/errors.js';

/**
 * Branches made without touching the user's checkout: the new commit is built in a temporary worktree of the base
 * commit, so HEAD, the index and the working tree stay as they were, and the edited files go through Git's own
 * filters (line endings, attributes) as they would in `git add`.
 */

/** One file to change on the new branch: its path from the repository root, and how its base version changes. */
export interface FileEdit {
  readonly path: string;
  /** Receives the file as the base commit holds it (checked out); returns the new content. */
  readonly edit: (content: Buffer) => Buffer;
}

export interface NewBranch {
  readonly repoDir: string;
  /** The branch (or ref) the commit goes on top of, e.g. `main`; `origin/<base>` when there is no local one. */
  readonly base: string;
  readonly branch: string;
  readonly message: string;
  readonly edits: readonly FileEdit[];
}

/** The identity of commits when the repository configures none (as on CI runners). */
const fallbackIdentity = { name: 'okta-access', email: 'okta-access@users.noreply.github.com' };

/** The top of the Git work tree holding `directory` (real path). */
export async function repositoryRoot(directory: string): Promise<string> {
  try {
    const top = await simpleGit({ baseDir: directory }).revparse(['--show-toplevel']);
    return await realpath(top.trim());
  } catch (error) {
    throw new UserError('GIT_NOT_A_REPOSITORY', `${directory} is not inside a Git work tree`, {
      hint: 'run remediate in a clone of the access repository',
      cause: error,
    });
  }
}

/** The commit `base` names: the local branch, else `origin/<base>`. */
export async function resolveBase(repoDir: string, base: string): Promise<string> {
  const git = simpleGit({ baseDir: repoDir });
  for (const candidate of [base, `origin/${base}`]) {
    try {
      // With --quiet, Git answers an unknown name with no output and no message, which is no error to simple-git.
      const sha = (await git.revparse(['--verify', '--quiet', `${candidate}^{commit}`])).trim();
      if (sha !== '') return sha;
    } catch {
      // try the next candidate
    }
  }
  throw new UserError(
    'GIT_BASE_UNKNOWN',
    `the base branch "${base}" is neither a local branch nor origin/${base}`,
    {
      hint: 'pass --base with the branch pull requests go to, and fetch it first',
    },
  );
}

/**
 * The branch pull requests go to when none is named: the remote's default branch (origin/HEAD, as `git clone`
 * sets it), else the branch checked out, else `main`.
 */
export async function defaultBaseBranch(repoDir: string): Promise<string> {
  const git = simpleGit({ baseDir: repoDir });
  for (const args of [
    ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'],
    ['symbolic-ref', '--quiet', '--short', 'HEAD'],
  ]) {
    try {
      const name = (await git.raw(args)).trim().replace(/^origin\//, '');
      if (name !== '') return name;
    } catch {
      // no such reference: try the next
    }
  }
  return 'main';
}

/** Refuses a name Git would not accept for a branch, or one that already exists. */
export async function checkNewBranch(repoDir: string, branch: string): Promise<void> {
  const git = simpleGit({ baseDir: repoDir });
  try {
    await git.raw(['check-ref-format', '--branch', branch]);
  } catch (error) {
    throw new UserError('GIT_BRANCH_INVALID', `"${branch}" is not a valid branch name`, { cause: error });
  }
  const existing = await git.raw(['branch', '--list', branch]);
  if (existing.trim() !== '') {
    throw new UserError('GIT_BRANCH_EXISTS', `the branch ${branch} already exists`, {
      hint: `delete it (git branch -D ${branch}) or name another with --branch`,
    });
  }
}

/**
 * Commits the edits on a new local branch `branch` whose parent is `base`; returns the commit. Nothing of the
 * user's checkout changes; on failure no branch is left behind.
 */
export async function commitOnNewBranch(options: NewBranch): Promise<{ commit: string; base: string }> {
  await checkNewBranch(options.repoDir, options.branch);
  const base = await resolveBase(options.repoDir, options.base);
  const git = simpleGit({ baseDir: options.repoDir });
  const scratch = await mkdtemp(path.join(tmpdir(), 'okta-access-branch-'));
  const worktree = path.join(scratch, 'worktree');
  await git.raw(['worktree', 'add', '--detach', '--quiet', worktree, base]);
  try {
    const commit = await commitIn(worktree, options);
    await git.raw(['branch', options.branch, commit]);
    return { commit, base };
  } finally {
    await git.raw(['worktree', 'remove', '--force', worktree]).catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  }
}

async function commitIn(worktree: string, options: NewBranch): Promise<string> {
  const git = simpleGit({ baseDir: worktree });
  for (const { path: file, edit } of options.edits) {
    const absolute = path.join(worktree, ...file.split('/'));
    let content: Buffer;
    try {
      content = await readFile(absolute);
    } catch (error) {
      throw new UserError('GIT_FILE_NOT_IN_BASE', `${file} is not on ${options.base}`, {
        hint: `remediate changes files as ${options.base} holds them: merge or push them there first`,
        cause: error,
      });
    }
    await writeFile(absolute, edit(content));
  }
  await git.raw(['add', '--', ...options.edits.map((edit) => edit.path)]);
  const identity = await identityArgs(git);
  // A machine-made commit, reviewed in its pull request: the user's local hooks are not asked.
  await git.raw([...identity, 'commit', '--quiet', '--no-verify', '-m', options.message]);
  return (await git.revparse(['HEAD'])).trim();
}

async function identityArgs(git: ReturnType<typeof simpleGit>): Promise<string[]> {
  const name = (await git.getConfig('user.name')).value;
  const email = (await git.getConfig('user.email')).value;
  const args: string[] = [];
  if (name === null || name === '') args.push('-c', `user.name=${fallbackIdentity.name}`);
  if (email === null || email === '') args.push('-c', `user.email=${fallbackIdentity.email}`);
  return args;
}

/** Pushes the local branch to the same name on `origin`. */
export async function pushBranch(repoDir: string, branch: string): Promise<void> {
  try {
    await simpleGit({ baseDir: repoDir }).raw([
      'push',
      '--quiet',
      'origin',
      `refs/heads/${branch}:refs/heads/${branch}`,
    ]);
  } catch (error) {
    throw new UserError(
      'GIT_PUSH_FAILED',
      `pushing ${branch} to origin failed: ${redactUrls(messageOf(error))}`,
      {
        hint: `the branch is committed locally; push it yourself (git push origin ${branch}), or delete it and run again`,
        cause: error,
      },
    );
  }
}

/** The patch from `base` to `branch` (`git diff`), for people to read or `git apply`. */
export async function diffBranch(repoDir: string, base: string, branch: string): Promise<string> {
  return simpleGit({ baseDir: repoDir }).raw(['diff', '--no-color', '--no-ext-diff', base, branch, '--']);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim();
}

/** Git prints remote URLs, which may carry credentials (`https://x-access-token:…@github.com/…`). */
function redactUrls(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1[redacted]@');
}
