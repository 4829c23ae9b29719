import { simpleGit } from 'simple-git';
import type { Repository } from './snapshot.js';

/** A ref as a user may name it: no option-like start, no whitespace, no control characters, no `..` ranges. */
export function isPlainRef(ref: string): boolean {
  return /^[A-Za-z0-9_./@^~{}+-]{1,255}$/.test(ref) && !ref.startsWith('-') && !ref.includes('..');
}

/** The commit a ref names (`git rev-parse --verify REF^{commit}`), or null when Git knows none. */
export async function commitOf(repository: Repository, ref: string): Promise<string | null> {
  try {
    const out = await simpleGit({ baseDir: repository.top }).raw([
      'rev-parse',
      '--verify',
      '--quiet',
      `${ref}^{commit}`,
    ]);
    return out.trim() === '' ? null : out.trim();
  } catch {
    return null;
  }
}

/** The best common ancestor of two commits (`git merge-base`), or null when they share none. */
export async function mergeBase(repository: Repository, a: string, b: string): Promise<string | null> {
  try {
    const out = await simpleGit({ baseDir: repository.top }).raw(['merge-base', a, b]);
    return out.trim() === '' ? null : out.trim();
  } catch {
    return null;
  }
}

/** The first parent of a commit (`C^1`): what a merge commit merged into. Null for a root commit. */
export async function firstParent(repository: Repository, commit: string): Promise<string | null> {
  return commitOf(repository, `${commit}^1`);
}
