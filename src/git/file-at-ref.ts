import path from 'node:path';
import { simpleGit } from 'simple-git';
import { UserError } from '../model/errors.js';
import { repositoryOf } from './snapshot.js';

/** A file of the repository as a ref (branch, tag, commit) holds it: its bytes, or why there are none. */
export interface FileAtRef {
  /** The commit the ref names. */
  readonly commit: string;
  readonly file:
    | { readonly kind: 'file'; readonly bytes: Buffer }
    | { readonly kind: 'missing' }
    | { readonly kind: 'unusable'; readonly reason: string };
}

/**
 * Reads `file` (an absolute path in a work tree) as `ref` holds it, from Git's objects: the work tree, the index and
 * every ref stay as they are. A ref Git does not know, or a file outside any repository, is the user's to fix.
 */
export async function readFileAtRef(file: string, ref: string): Promise<FileAtRef> {
  if (ref === '' || ref.startsWith('-') || /[\s\0]/.test(ref)) {
    throw new UserError('BASE_REF_UNKNOWN', `--base-ref "${ref}" is not a branch, tag or commit name`);
  }
  const absolute = path.resolve(file);
  const repository = await repositoryOf(path.dirname(absolute));
  if (repository === null) {
    throw new UserError('BASE_REF_NOT_GIT', `--base-ref needs a Git repository, and ${file} is in none`, {
      hint: 'run the plan in a clone of the access repository',
    });
  }
  const git = simpleGit({ baseDir: repository.top });
  let commit: string;
  try {
    commit = (await git.raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch {
    commit = '';
  }
  if (!/^[0-9a-f]{40,64}$/.test(commit)) {
    throw new UserError('BASE_REF_UNKNOWN', `--base-ref ${ref} names no commit of the repository`, {
      hint: 'fetch it first (git fetch origin main), or give a branch, tag or commit this clone has',
    });
  }
  const inRepository = path.relative(repository.top, absolute).split(path.sep).join('/');
  if (inRepository.startsWith('../') || path.isAbsolute(inRepository)) {
    return { commit, file: { kind: 'unusable', reason: 'the config is outside the repository' } };
  }
  const object = `${commit}:${inRepository}`;
  let type: string;
  try {
    type = (await git.raw(['cat-file', '-t', object])).trim();
  } catch {
    return { commit, file: { kind: 'missing' } };
  }
  if (type !== 'blob') return { commit, file: { kind: 'unusable', reason: `it is a ${type}, not a file` } };
  return { commit, file: { kind: 'file', bytes: await git.showBuffer([object]) } };
}
