import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commitOf, isPlainRef, mergeBase } from '../git/merge-base.js';
import { exportTree, fileAtCommit, repositoryOf } from '../git/snapshot.js';
import { loadDesired } from '../load/index.js';
import { countBySeverity } from '../model/diagnostic.js';
import { UserError } from '../model/errors.js';
import type { ScopeDecision } from '../model/scope.js';
import type { DesiredState } from '../model/state.js';
import { decideScope } from '../plan/scope.js';

/** `--scope git:BASE...HEAD` (from their merge base), `git:BASE..HEAD` (from BASE itself), or `git:BASE` (…HEAD). */
export interface GitScopeSpec {
  readonly base: string;
  readonly head: string;
  /** Three dots: compare from the merge base of BASE and HEAD; two: from BASE itself (a merge commit's first parent). */
  readonly mergeBase: boolean;
}

const scopeHint =
  'write --scope git:BASE...HEAD (a branch, tag or commit on each side), e.g. --scope git:origin/main...HEAD';

/** Parses a scope option; anything else is the user's to fix. */
export function parseScopeSpec(spec: string): GitScopeSpec {
  if (!spec.startsWith('git:'))
    throw new UserError('SCOPE_INVALID', `--scope "${printable(spec)}" is not a Git range`, {
      hint: scopeHint,
    });
  const range = spec.slice('git:'.length);
  const three = range.indexOf('...');
  const two = three === -1 ? range.indexOf('..') : -1;
  const [base, head, viaMergeBase] =
    three !== -1
      ? [range.slice(0, three), range.slice(three + 3), true]
      : two !== -1
        ? [range.slice(0, two), range.slice(two + 2), false]
        : [range, 'HEAD', true];
  for (const ref of [base, head]) {
    if (!isPlainRef(ref))
      throw new UserError(
        'SCOPE_INVALID',
        `--scope "${printable(spec)}": "${printable(ref)}" is not a ref name`,
        {
          hint: scopeHint,
        },
      );
  }
  return { base, head, mergeBase: viaMergeBase };
}

/**
 * The scope of the change from BASE to the planned files: the desired state at the merge base (read from Git's
 * objects into a scratch folder, the work tree left alone) compared with the one loaded, and the root config's bytes
 * at both. A base that does not load gives a full plan.
 */
export async function scopeFromGit(
  configPath: string,
  spec: GitScopeSpec,
  head: DesiredState,
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
): Promise<ScopeDecision> {
  const config = await realpath(path.resolve(configPath));
  const repository = await repositoryOf(path.dirname(config));
  if (repository === null) {
    throw new UserError('SCOPE_NOT_GIT', `--scope needs a Git repository, and ${configPath} is in none`, {
      hint: 'run the plan in a clone of the access repository, or leave --scope out for a full plan',
    });
  }
  const [baseRef, headRef] = await Promise.all([
    commitOf(repository, spec.base),
    commitOf(repository, spec.head),
  ]);
  for (const [ref, commit] of [
    [spec.base, baseRef],
    [spec.head, headRef],
  ] as const) {
    if (commit === null)
      throw new UserError('SCOPE_REF_UNKNOWN', `--scope: Git knows no commit "${printable(ref)}"`, {
        hint: 'fetch the base branch first (actions/checkout with fetch-depth: 0), or check the name',
      });
  }
  const base = spec.mergeBase ? await mergeBase(repository, baseRef ?? '', headRef ?? '') : baseRef;
  if (base === null) {
    throw new UserError(
      'SCOPE_NO_MERGE_BASE',
      `--scope: ${spec.base} and ${spec.head} have no common ancestor`,
      {
        hint: 'fetch the whole history (actions/checkout with fetch-depth: 0)',
      },
    );
  }
  const top = await realpath(repository.top);
  const relativeConfig = path.relative(top, config).split(path.sep).join('/');
  const folder = path.posix.dirname(relativeConfig);
  let baseConfig: Buffer | undefined;
  try {
    baseConfig = (await fileAtCommit(repository, base, relativeConfig)).bytes;
  } catch {
    baseConfig = undefined;
  }
  const configChanged = baseConfig === undefined || !baseConfig.equals(await readFile(config));
  if (configChanged) {
    return decideScope({ base: head, head, configChanged, baseCommit: base, headCommit: headRef });
  }
  const scratch = await mkdtemp(path.join(tmpdir(), 'okta-access-scope-'));
  try {
    await exportTree(repository, base, folder === '.' ? '' : folder, scratch);
    const loaded = await loadDesired({ configPath: path.join(scratch, path.basename(config)), env, now });
    if (loaded.state === undefined || countBySeverity(loaded.diagnostics).errors > 0) {
      return {
        kind: 'full',
        reason: 'base-unreadable',
        detail: `the access repository at the base ${base.slice(0, 12)} does not load without errors`,
      };
    }
    return decideScope({ base: loaded.state, head, configChanged, baseCommit: base, headCommit: headRef });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A user's text in an error message: control characters shown as escapes, long values cut. */
function printable(text: string): string {
  const cut = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return JSON.stringify(cut).slice(1, -1);
}
