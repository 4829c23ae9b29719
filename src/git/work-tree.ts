import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';

/** The commit a work tree has checked out, and the top of that work tree (real path). */
export type CheckedOut =
  | { readonly ok: true; readonly root: string; readonly head: string }
  | { readonly ok: false; readonly reason: 'not-a-repository' | 'no-commit' };

export async function checkedOutCommit(directory: string): Promise<CheckedOut> {
  const git = simpleGit({ baseDir: directory });
  let root: string;
  try {
    root = await realpath((await git.revparse(['--show-toplevel'])).trim());
  } catch {
    return { ok: false, reason: 'not-a-repository' };
  }
  try {
    const head = (await git.revparse(['--verify', '--quiet', 'HEAD^{commit}'])).trim();
    if (!/^[0-9a-f]{40,64}$/.test(head)) return { ok: false, reason: 'no-commit' };
    return { ok: true, root, head };
  } catch {
    return { ok: false, reason: 'no-commit' };
  }
}

/** A file whose working copy is not what the checked-out commit holds. */
export interface UncommittedFile {
  /** Relative to the work tree's top, with `/`. */
  readonly path: string;
  readonly state: 'modified' | 'added' | 'deleted' | 'renamed' | 'untracked' | 'ignored';
}

/**
 * The files below `directory` that differ from HEAD and matter: any of `files` (absolute paths) that is modified,
 * staged, untracked or ignored, and any tracked file below `directory` that is deleted or renamed (it may have been
 * one of them at HEAD). One `git status`; paths come NUL-separated, so no name is quoted or misread.
 */
export async function uncommittedFiles(
  root: string,
  directory: string,
  files: readonly string[],
): Promise<UncommittedFile[]> {
  const relative = async (file: string): Promise<string> => {
    const real = await realpath(path.dirname(file)).catch(() => path.dirname(file));
    return path
      .relative(root, path.join(real, path.basename(file)))
      .split(path.sep)
      .join('/');
  };
  const watched = new Set(await Promise.all(files.map(relative)));
  const under = (await relative(directory)) || '.';
  const output = await simpleGit({ baseDir: root }).raw([
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=all',
    '--ignored=matching',
    '--no-renames',
    '--',
    under,
  ]);
  const found: UncommittedFile[] = [];
  const fields = output.split('\0');
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index] ?? '';
    if (field.length < 4) continue;
    const code = field.slice(0, 2);
    const file = field.slice(3);
    // With renames detected a second field (the old name) follows; --no-renames should prevent it.
    if (code.includes('R') || code.includes('C')) {
      index++;
      found.push({ path: file, state: 'renamed' });
      continue;
    }
    if (code.includes('D')) {
      found.push({ path: file, state: 'deleted' });
      continue;
    }
    // An ignored or untracked directory (`dir/`) hides every file below it.
    const matches = file.endsWith('/')
      ? [...watched].some((watchedFile) => watchedFile.startsWith(file))
      : watched.has(file);
    if (!matches) continue;
    found.push({ path: file, state: stateOf(code) });
  }
  return found;
}

function stateOf(code: string): UncommittedFile['state'] {
  if (code === '??') return 'untracked';
  if (code === '!!') return 'ignored';
  if (code.includes('A')) return 'added';
  return 'modified';
}
