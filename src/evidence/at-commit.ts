import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportTree, type Repository } from '../git/snapshot.js';
import { loadDesired } from '../load/index.js';
import type { DesiredState } from '../model/state.js';
import type { RowPlaces } from './population.js';

/** The repository as it was at a commit, loaded; what it says is read before the copy is removed. */
export interface RepositoryAt<T> {
  readonly result: T;
  /** Why the repository at that commit could not be fully read, if it could not. */
  readonly warnings: readonly string[];
}

/**
 * Writes the access repository's folder at `commit` to a temporary directory, loads it (with `now` set to `at`, so
 * that date rules judge it as of then), hands the state to `read`, and removes the copy.
 */
export async function atCommit<T>(
  repository: Repository,
  commit: string,
  configName: string,
  options: { readonly env: Readonly<Record<string, string | undefined>>; readonly at: Date },
  read: (state: DesiredState | undefined, places: RowPlaces) => T,
): Promise<RepositoryAt<T>> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'okta-access-evidence-'));
  try {
    const root = path.join(scratch, 'tree');
    await exportTree(repository, commit, repository.prefix, root);
    const loaded = await loadDesired({
      configPath: path.join(root, configName),
      env: options.env,
      now: options.at,
    });
    const places = { root, prefix: repository.prefix, cwd: process.cwd() };
    const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const short = commit.slice(0, 12);
    const warnings: string[] = [];
    if (loaded.state === undefined) {
      warnings.push(`the repository at ${short} has no readable ${repository.prefix}${configName}`);
    } else if (errors.length > 0) {
      const codes = [...new Set(errors.map((diagnostic) => diagnostic.code))].sort().join(', ');
      warnings.push(
        `the repository at ${short} had ${errors.length} validation error(s) (${codes}): the population lists the rows that loaded`,
      );
    }
    return { result: read(loaded.state, places), warnings };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
