import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real Git repository built commit by commit, with fixed identities and dates (so the shas are fixed too). */
export interface ScriptedRepo {
  readonly dir: string;
  git(args: readonly string[], options?: { readonly date?: string; readonly author?: string }): string;
  write(files: Readonly<Record<string, string>>): void;
  /** Stages everything and commits; returns the sha. */
  commit(message: string, options: { readonly date: string; readonly author: string }): string;
  note(sha: string, record: Readonly<Record<string, unknown>>): void;
  remove(): void;
}

/** `Name <email>` → [name, email] */
function split(person: string): [string, string] {
  const match = /^(.*) <(.*)>$/.exec(person);
  if (match === null) throw new Error(`not "Name <email>": ${person}`);
  return [match[1] ?? '', match[2] ?? ''];
}

export function scriptedRepo(): ScriptedRepo {
  const dir = mkdtempSync(path.join(tmpdir(), 'okta-access-audit-'));
  const baseEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    TZ: 'UTC',
  };
  function git(args: readonly string[], options: { date?: string; author?: string } = {}): string {
    const [name, email] = split(options.author ?? 'Release Bot <bot@example.com>');
    const date = options.date ?? '2024-01-01T00:00:00Z';
    return execFileSync('git', ['-c', `user.name=${name}`, '-c', `user.email=${email}`, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...baseEnv, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    }).trim();
  }
  git(['init', '-q', '-b', 'main']);
  return {
    dir,
    git,
    write(files) {
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
      }
    },
    commit(message, options) {
      git(['add', '-A']);
      git(['commit', '-q', '--allow-empty', '-m', message], options);
      return git(['rev-parse', 'HEAD']);
    },
    note(sha, record) {
      git(['notes', '--ref', 'okta-access', 'add', '-m', JSON.stringify(record, null, 2), sha]);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const header = 'firstName,lastName,email,managerEmail,appName,groupName';

export function csv(rows: readonly string[]): string {
  return `${[header, ...rows].join('\n')}\n`;
}
