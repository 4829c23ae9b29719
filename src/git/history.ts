import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import type { AuditGit, CommitSummary, HistoryCommit } from '../audit/port.js';
import { UserError } from '../model/errors.js';
import { openBlobReader } from './blobs.js';
import { firstParentLogArguments, isoFromSeconds, parseFirstParentLog } from './log-format.js';
import { notesRef } from './notes.js';

export interface AuditRepository {
  readonly git: AuditGit;
  /** The root config's path inside the repository, with `/` (`okta-access.yaml`, `access/okta-access.yaml`). */
  readonly configPath: string;
}

const notARepositoryHint =
  'run audit in a clone of the access repository (in GitHub Actions: actions/checkout with fetch-depth: 0)';

/**
 * Opens the Git work tree that holds `configPath` for the audit. The config file itself need not exist in the work
 * tree: it is read from each commit.
 */
export async function openAuditRepository(configPath: string): Promise<AuditRepository> {
  const absolute = path.resolve(configPath);
  const directory = path.dirname(absolute);
  if (!existsSync(directory)) {
    throw new UserError('AUDIT_NOT_A_REPOSITORY', `the folder of ${configPath} does not exist`, {
      hint: notARepositoryHint,
    });
  }
  let answer: string;
  try {
    answer = await simpleGit({ baseDir: directory }).raw([
      'rev-parse',
      '--is-shallow-repository',
      '--show-toplevel',
    ]);
  } catch (error) {
    throw new UserError('AUDIT_NOT_A_REPOSITORY', `${directory} is not inside a Git work tree`, {
      hint: notARepositoryHint,
      cause: error,
    });
  }
  const [shallow, top] = answer.trim().split('\n');
  if (top === undefined || top === '') {
    throw new UserError('AUDIT_NOT_A_REPOSITORY', `${directory} is not inside a Git work tree`, {
      hint: notARepositoryHint,
    });
  }
  const realTop = await realpath(top);
  const relative = path.relative(realTop, path.join(await realpath(directory), path.basename(absolute)));
  return {
    git: createAuditGit(realTop, shallow === 'true', 1),
    configPath: relative.split(path.sep).join('/'),
  };
}

/**
 * The AuditGit port over the work tree at `dir`: simple-git for the walks, one `git cat-file --batch` for blobs.
 * `earlierCalls` counts Git processes already run for it (finding the work tree).
 */
export function createAuditGit(dir: string, shallow: boolean, earlierCalls = 0): AuditGit {
  const git = simpleGit({ baseDir: dir });
  const blobs = openBlobReader(dir);
  let calls = earlierCalls;

  async function raw(args: string[]): Promise<string> {
    calls++;
    return git.raw(args);
  }

  return {
    dir,
    shallow,
    async firstParentHistory(commit): Promise<HistoryCommit[]> {
      return parseFirstParentLog(await raw(firstParentLogArguments(commit, notesRef)));
    },
    async resolveCommit(revision) {
      try {
        const sha = (
          await raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`])
        ).trim();
        return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
      } catch {
        return undefined;
      }
    },
    async lastCommitAtOrBefore(commit, at) {
      const seconds = Math.floor(at.getTime() / 1000);
      const sha = (
        await raw(['rev-list', '--first-parent', '--max-count=1', `--min-age=${seconds}`, commit, '--'])
      ).trim();
      return sha === '' ? undefined : sha;
    },
    async commitSummaries(shas) {
      const summaries = new Map<string, CommitSummary>();
      if (shas.length === 0) return summaries;
      const output = await raw([
        'log',
        '--no-walk=unsorted',
        '--no-notes',
        '--encoding=UTF-8',
        '--format=%x1e%H%x1f%an%x1f%ae%x1f%at%x1f%ct%x1f%s',
        ...new Set(shas),
        '--',
      ]);
      for (const record of output.split('\x1e')) {
        const [sha, name, email, authored, committed, subject] = record.replace(/\n$/, '').split('\x1f');
        if (sha === undefined || sha === '') continue;
        summaries.set(sha, {
          sha,
          subject: subject ?? '',
          author: { name: name ?? '', email: email ?? '' },
          authoredAt: isoFromSeconds(authored ?? '0'),
          committedAt: isoFromSeconds(committed ?? '0'),
        });
      }
      return summaries;
    },
    async tree(commit, under) {
      const output = await raw([
        'ls-tree',
        '-r',
        '-z',
        '--full-tree',
        commit,
        ...(under === '' ? [] : ['--', under]),
      ]);
      const files = new Map<string, string>();
      for (const entry of output.split('\0')) {
        const tab = entry.indexOf('\t');
        if (tab === -1) continue;
        const [, type, oid] = entry.slice(0, tab).split(' ');
        if (type === 'blob' && oid !== undefined) files.set(entry.slice(tab + 1), oid);
      }
      return files;
    },
    readBlob: (oid) => blobs.read(oid),
    invocations: () => calls + (blobs.started() ? 1 : 0),
    close: () => blobs.close(),
  };
}
