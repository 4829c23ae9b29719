import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubBodyTooLongError, GitHubRequestError, githubBodyLimit } from '../../src/github/errors.js';
import { createGitHubPort } from '../../src/github/octokit.js';
import type { GitHubPort } from '../../src/github/port.js';
import { type GitHubStandIn, startGitHubStandIn } from '../github/stand-in.js';

const owner = 'acme';
const repo = 'access';
const token = 'ghs_pullRequestStandInToken0123456789abcd';
const shas: Record<string, string> = {
  main: 'a'.repeat(40),
  'okta-access/remediate-q1': 'b'.repeat(40),
  'okta-access/remediate-empty': 'a'.repeat(40),
};

describe('opening a pull request through the GitHub port', () => {
  let standIn: GitHubStandIn;
  let port: GitHubPort;

  beforeEach(async () => {
    standIn = await startGitHubStandIn({ owner, repo, token, branches: (name) => shas[name] });
    port = createGitHubPort({ token, owner, repo, baseUrl: standIn.url, retries: false });
  });

  afterEach(async () => {
    // Rejects when a request or a response broke GitHub's schema for pulls/create.
    await standIn.stop();
  });

  it('opens it from the pushed branch into the base, with the title and body given', async () => {
    const opened = await port.createPullRequest('okta-access/remediate-q1', 'main', 'Remove access', 'Body');
    expect(opened).toEqual({ number: 1, url: `https://github.com/${owner}/${repo}/pull/1` });
    expect(standIn.state.issue(1)).toMatchObject({
      title: 'Remove access',
      body: 'Body',
      state: 'open',
      pull: { headRef: 'okta-access/remediate-q1', headSha: 'b'.repeat(40), baseRef: 'main' },
    });
    expect(standIn.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      `POST /repos/${owner}/${repo}/pulls 201`,
    ]);
  });

  it("surfaces GitHub's refusals: a second one for the branch, an unknown branch, no commits over the base", async () => {
    await port.createPullRequest('okta-access/remediate-q1', 'main', 'Remove access', 'Body');
    const refused = async (head: string) => {
      try {
        await port.createPullRequest(head, 'main', 'Remove access', 'Body');
      } catch (error) {
        return error;
      }
      throw new Error('GitHub accepted the pull request');
    };
    const duplicate = await refused('okta-access/remediate-q1');
    expect(duplicate).toBeInstanceOf(GitHubRequestError);
    expect(duplicate).toMatchObject({
      status: 422,
      endpoint: 'POST /repos/{owner}/{repo}/pulls',
      summary: `Validation Failed: A pull request already exists for ${owner}:okta-access/remediate-q1.`,
    });
    expect(await refused('okta-access/never-pushed')).toMatchObject({ status: 422, summary: /head invalid/ });
    expect(await refused('okta-access/remediate-empty')).toMatchObject({
      status: 422,
      summary: /No commits between main and okta-access\/remediate-empty/,
    });
  });

  it('refuses a body longer than GitHub accepts before sending anything', async () => {
    await expect(
      port.createPullRequest(
        'okta-access/remediate-q1',
        'main',
        'Remove access',
        'x'.repeat(githubBodyLimit + 1),
      ),
    ).rejects.toThrow(GitHubBodyTooLongError);
    expect(standIn.requests).toEqual([]);
  });
});
