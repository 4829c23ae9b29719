import { simpleGit } from 'simple-git';

/** The commit checked out in `directory`, or null when it is not a Git work tree (or Git is missing). */
export async function currentCommit(directory: string): Promise<string | null> {
  try {
    const git = simpleGit({ baseDir: directory });
    if (!(await git.checkIsRepo())) return null;
    return (await git.revparse(['HEAD'])).trim();
  } catch {
    return null;
  }
}
