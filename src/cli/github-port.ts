import { createGitHubPort } from '../github/octokit.js';
import type { GitHubPort } from '../github/port.js';
import { UserError } from '../model/errors.js';
import type { CliIo } from './io.js';

/**
 * The GitHub port for a command given `--github-token` (undefined without one): the repository from `--repository`
 * or GITHUB_REPOSITORY, the API root from GITHUB_API_URL (GitHub Enterprise Server, or a stand-in in tests).
 * `purpose` completes "… needs the GitHub repository" in the error when the repository is missing; `login` is the
 * account the token writes as when GitHub cannot say (src/github/octokit.ts).
 */
export function githubPortFor(
  token: string | undefined,
  repositoryOption: string | undefined,
  io: CliIo,
  purpose: string,
  login?: string,
): GitHubPort | undefined {
  if (token === undefined || token === '') return undefined;
  const repository = repositoryOption ?? io.env.GITHUB_REPOSITORY ?? '';
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(repository);
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw new UserError(
      'GITHUB_REPOSITORY_MISSING',
      repository === ''
        ? `${purpose} needs the GitHub repository`
        : `--repository must be owner/repo, got "${repository}"`,
      { hint: 'pass --repository owner/repo (on GitHub Actions, GITHUB_REPOSITORY is used)' },
    );
  }
  const baseUrl = io.env.GITHUB_API_URL;
  return createGitHubPort({
    token,
    owner: match[1],
    repo: match[2],
    ...(baseUrl === undefined || baseUrl === '' ? {} : { baseUrl }),
    ...(login === undefined || login === '' ? {} : { login }),
    log: { warn: (message) => io.stderr.write(`${message}\n`) },
  });
}
