import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real Git repository in a temporary folder, with commits at chosen times. */
export interface GitRepo {
  readonly root: string;
  readonly config: string;
  /** Writes files (by relative path) and commits them at `date` (ISO-8601); returns the commit. */
  commit(files: Record<string, string>, date: string, message: string): string;
}

export function gitRepo(): GitRepo {
  const root = mkdtempSync(path.join(tmpdir(), 'okta-access-evidence-repo-'));
  const git = (args: readonly string[], env: Record<string, string> = {}) =>
    execFileSync('git', [...args], {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: root,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
        ...env,
      },
    }).trim();
  git(['init', '--quiet', '--initial-branch=main']);
  return {
    root,
    config: path.join(root, 'okta-access.yaml'),
    commit(files, date, message) {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      }
      git(['add', '--all']);
      git(['-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', message], {
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      });
      return git(['rev-parse', 'HEAD']);
    },
  };
}
