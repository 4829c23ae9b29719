import { readFileAtRef } from '../git/file-at-ref.js';
import type { GitHubPort } from '../github/port.js';
import { type TrustedGuardrails, trustedGuardrails } from '../load/guardrails.js';

type Env = Readonly<Record<string, string | undefined>>;

/** `plan --base-ref REF`: the guardrails of the config as REF holds it, read from Git (the work tree is left alone). */
export async function guardrailsAtRef(configPath: string, ref: string, env: Env): Promise<TrustedGuardrails> {
  const read = await readFileAtRef(configPath, ref);
  return trustedGuardrails(read.file, { configPath, env, ref, commit: read.commit });
}

/** A pull request's base: its branch, the commit the event names, and where the config lies in the repository. */
export interface PullRequestBase {
  readonly ref: string;
  readonly sha: string;
  /** The config's path from the repository's root, with forward slashes. */
  readonly configPath: string;
}

/**
 * In the Action, on a pull request: the guardrails of the config at the base commit, through GitHub's contents API
 * (a pull request's checkout is shallow and holds only the merge commit).
 */
export async function guardrailsOnGitHub(
  github: GitHubPort,
  base: PullRequestBase,
  configPath: string,
  env: Env,
): Promise<TrustedGuardrails> {
  const file = await github.readFile(base.configPath, base.sha);
  return trustedGuardrails(file, { configPath, env, ref: base.ref, commit: base.sha });
}

/** Without a known base (an event that names none): the built-in guardrails, never the pull request's own. */
export function basePlaceholder(configPath: string, env: Env): TrustedGuardrails {
  return trustedGuardrails({ kind: 'missing' }, { configPath, env, ref: 'the base branch', commit: null });
}
