import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { setSecret, warning } from '@actions/core';
import { notesRef } from '../git/notes.js';

const run = promisify(execFile);

/**
 * Lets Git in this process (and only here) fetch and push the apply notes with the job's token: the checkout runs
 * with `persist-credentials: false`, so no credential is on disk. The token goes into Git's configuration through
 * GIT_CONFIG_COUNT/KEY/VALUE (Git 2.31+), the way actions/checkout would write it, but in memory. When the checkout
 * did persist a credential, that one is used and nothing is added (Git would send two Authorization headers).
 */
export async function authenticateGit(
  repoDir: string,
  serverUrl: string,
  token: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const config = await readFile(path.join(repoDir, '.git', 'config'), 'utf8').catch(() => '');
  if (/extraheader/i.test(config) || token === '') return;
  const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
  setSecret(basic);
  const index = Number(env.GIT_CONFIG_COUNT ?? '0') || 0;
  env[`GIT_CONFIG_KEY_${index}`] = `http.${serverUrl.replace(/\/+$/, '')}/.extraheader`;
  env[`GIT_CONFIG_VALUE_${index}`] = `AUTHORIZATION: basic ${basic}`;
  env.GIT_CONFIG_COUNT = String(index + 1);
  env.GIT_TERMINAL_PROMPT = '0';
}

/**
 * Fetches the notes ref, so the note written after the apply is pushed as a fast-forward on top of the earlier
 * ones. A repository without notes yet is fine; any other failure is a warning (the apply itself does not need it).
 */
export async function fetchNotes(repoDir: string): Promise<void> {
  const ref = `refs/notes/${notesRef}`;
  try {
    await run('git', ['fetch', '--no-tags', 'origin', `+${ref}:${ref}`], { cwd: repoDir });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    if (/couldn't find remote ref/i.test(stderr)) return;
    warning(`could not fetch ${ref} before the apply: ${stderr.trim() || String(error)}`);
  }
}
