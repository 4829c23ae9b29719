import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  GitHubBodyTooLongError,
  GitHubLoginMismatchError,
  GitHubRequestError,
  githubBodyLimit,
} from '../../src/github/errors.js';
import { createGitHubPort, type GitHubPortOptions } from '../../src/github/octokit.js';
import type { GitHubPort } from '../../src/github/port.js';
import { descriptionSource, listOperations, responseProblems } from './openapi.js';
import { actorFor, type GitHubStandIn, type RecordedRequest, startGitHubStandIn } from './stand-in.js';
import type { JsonObject } from './stand-in-json.js';

const owner = 'acme';
const repo = 'okta-access';
const token = 'ghs_standInToken0123456789abcdefABCDEF';
const marker = '<!-- okta-access plan: okta-access.yaml -->';
const driftMarker = '<!-- okta-access drift: okta-access.yaml -->';

const bot = 'github-actions[bot]';

function writes(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => request.method !== 'GET');
}

/** The requests for one operation: `GET /user` (the identity, once per port) left out of the counts that follow. */
function requestsFor(requests: readonly RecordedRequest[], operationId: string): RecordedRequest[] {
  return requests.filter((request) => request.operationId === operationId);
}

/** The object at `path` inside a parsed body; fails the test when there is none. */
function dig(value: unknown, ...path: (string | number)[]): JsonObject {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) throw new Error(`no ${path.join('.')} in the body`);
    current = (current as Record<string | number, unknown>)[key];
  }
  if (typeof current !== 'object' || current === null) throw new Error(`no object at ${path.join('.')}`);
  return current as JsonObject;
}

function everythingAbout(error: unknown): string {
  const fields = error instanceof Error ? { ...error, message: error.message, stack: error.stack } : error;
  return `${String(error)}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(fields)}`;
}

describe('the GitHub port against the stand-in', () => {
  let standIn: GitHubStandIn;
  let port: GitHubPort;

  function openPort(overrides: Partial<GitHubPortOptions> = {}): GitHubPort {
    return createGitHubPort({ token, owner, repo, baseUrl: standIn.url, retries: false, ...overrides });
  }

  beforeEach(async () => {
    standIn = await startGitHubStandIn({ owner, repo, token });
    port = openPort();
  });

  afterEach(async () => {
    // Rejects when the stand-in saw a body that breaks GitHub's schema or a route it does not serve.
    await standIn.stop();
  });

  describe('the sticky comment', () => {
    it('is created, then updated in place, then left alone when unchanged', async () => {
      standIn.state.addPullRequest({ number: 12, headSha: 'a'.repeat(40), merged: false });
      standIn.state.addComments(12, [
        'Looks good to me',
        `Quoting the bot's marker in prose is fine: okta-access`,
      ]);

      const first = await port.upsertComment(12, marker, `${marker}\nPlan: 3 to add`);
      expect(first.action).toBe('created');

      const second = await port.upsertComment(12, marker, `${marker}\nPlan: 4 to add`);
      expect(second).toEqual({ action: 'updated', id: first.id });

      const before = standIn.requests.length;
      const third = await port.upsertComment(12, marker, `${marker}\nPlan: 4 to add`);
      expect(third).toEqual({ action: 'unchanged', id: first.id });
      const after = standIn.requests.slice(before);
      expect(after.map((request) => `${request.method} ${request.status}`)).toEqual(['GET 200']);

      const comments = standIn.state.comments(12);
      expect(comments.filter((comment) => comment.body.includes(marker))).toHaveLength(1);
      expect(comments.at(-1)?.body).toBe(`${marker}\nPlan: 4 to add`);
      expect(writes(standIn.requests).map((request) => `${request.method} ${request.operationId}`)).toEqual([
        'POST issues/create-comment',
        'PATCH issues/update-comment',
      ]);
    });

    it('finds the marked comment beyond the first page of 100', async () => {
      standIn.state.addPullRequest({ number: 3, headSha: 'b'.repeat(40), merged: false });
      standIn.state.addComments(
        3,
        Array.from({ length: 230 }, (_, index) => `review comment ${index + 1}`),
      );
      const [markedId] = standIn.state.addComments(3, [`${marker}\nold plan`], bot);
      standIn.state.addComments(3, [`${marker}\na later copy someone pasted`]);

      const found = await port.findComment(3, marker);
      expect(found).toEqual({ id: markedId, body: `${marker}\nold plan` });
      expect(requestsFor(standIn.requests, 'issues/list-comments').map((request) => request.query)).toEqual([
        'per_page=100',
        'per_page=100&page=2',
        'per_page=100&page=3',
      ]);

      const result = await port.upsertComment(3, marker, `${marker}\nnew plan`);
      expect(result).toEqual({ action: 'updated', id: markedId });
      expect(standIn.state.comments(3)).toHaveLength(232);
    });

    it('stops paging at the first match', async () => {
      standIn.state.addPullRequest({ number: 4, headSha: 'c'.repeat(40), merged: false });
      standIn.state.addComments(4, [`${marker}\nplan`], bot);
      standIn.state.addComments(
        4,
        Array.from({ length: 250 }, (_, index) => `chatter ${index}`),
      );
      expect((await port.findComment(4, marker))?.body).toBe(`${marker}\nplan`);
      expect(requestsFor(standIn.requests, 'issues/list-comments')).toHaveLength(1);
    });

    it('is undefined on a pull request without one', async () => {
      standIn.state.addPullRequest({ number: 5, headSha: 'd'.repeat(40), merged: false });
      expect(await port.findComment(5, marker)).toBeUndefined();
    });

    it('refuses a body without its marker before any request', async () => {
      await expect(port.upsertComment(5, marker, 'Plan: no marker')).rejects.toThrow(
        /must contain its marker/,
      );
      await expect(port.findComment(5, '  ')).rejects.toThrow(/must not be empty/);
      expect(standIn.requests).toHaveLength(0);
    });

    it('adds a plain comment and returns its id', async () => {
      standIn.state.addPullRequest({
        number: 6,
        headSha: 'e'.repeat(40),
        merged: true,
        mergeCommitSha: 'f'.repeat(40),
      });
      const id = await port.addComment(6, '### Okta access: applied');
      expect(standIn.state.comments(6)).toEqual([
        expect.objectContaining({ id, body: '### Okta access: applied' }),
      ]);
    });
  });

  describe('whose comments and issues count', () => {
    it('asks GitHub once who the token is; the job token is github-actions[bot]', async () => {
      expect(await port.identity()).toBe(bot);
      expect(await port.identity()).toBe(bot);
      expect(
        standIn.requests.map((request) => `${request.method} ${request.path} ${request.status}`),
      ).toEqual(['GET /user 403']);
    });

    it("takes a user token's login from GET /user", async () => {
      const userStandIn = await startGitHubStandIn({ owner, repo, actor: actorFor('ada-lovelace') });
      try {
        const userPort = createGitHubPort({ token, owner, repo, baseUrl: userStandIn.url, retries: false });
        expect(await userPort.identity()).toBe('ada-lovelace');
        userStandIn.state.addPullRequest({ number: 2, headSha: '02'.repeat(20), merged: false });
        // Her earlier comment is hers, found whatever case the login is compared in.
        const [own] = userStandIn.state.addComments(2, [`${marker}\nplan`], 'Ada-Lovelace');
        expect((await userPort.findComment(2, marker))?.id).toBe(own);
        const mismatched = createGitHubPort({
          token,
          owner,
          repo,
          baseUrl: userStandIn.url,
          retries: false,
          login: 'okta-access-ci[bot]',
        });
        const error = await mismatched.identity().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(GitHubLoginMismatchError);
        expect(error).toMatchObject({
          code: 'GITHUB_LOGIN_MISMATCH',
          message: 'the GitHub token belongs to ada-lovelace, not okta-access-ci[bot] as configured',
        });
      } finally {
        await userStandIn.stop();
      }
    });

    it("takes a GitHub App's bot login from the configuration, which GitHub cannot give", async () => {
      const appBot = 'okta-access-ci[bot]';
      const appStandIn = await startGitHubStandIn({ owner, repo, actor: actorFor(appBot) });
      try {
        appStandIn.state.addPullRequest({ number: 2, headSha: '02'.repeat(20), merged: false });
        const configured = createGitHubPort({
          token,
          owner,
          repo,
          baseUrl: appStandIn.url,
          retries: false,
          login: appBot,
        });
        const created = await configured.upsertComment(2, marker, `${marker}\nplan 1`);
        expect(appStandIn.state.comments(2)[0]?.user.login).toBe(appBot);
        expect(await configured.upsertComment(2, marker, `${marker}\nplan 2`)).toEqual({
          action: 'updated',
          id: created.id,
        });
        // Unconfigured, the port takes the app's token for the job token and does not recognise its comment.
        const unconfigured = createGitHubPort({
          token,
          owner,
          repo,
          baseUrl: appStandIn.url,
          retries: false,
        });
        expect(await unconfigured.identity()).toBe(bot);
        expect(await unconfigured.findComment(2, marker)).toBeUndefined();
      } finally {
        await appStandIn.stop();
      }
    });

    it('does not take any refusal of GET /user for an installation token', async () => {
      standIn.failNext('users/get-authenticated', 'rate-limit');
      await expect(port.identity()).rejects.toMatchObject({
        status: 403,
        endpoint: 'GET /user',
        summary: 'API rate limit exceeded for installation ID 4242.',
      });
    });

    it('ignores marked comments by anyone else: the bot creates its own and leaves theirs as they are', async () => {
      standIn.state.addPullRequest({ number: 13, headSha: '13'.repeat(20), merged: false });
      const [forged] = standIn.state.addComments(13, [`${marker}\nforged plan`], 'mallory');
      const [imitation] = standIn.state.addComments(13, [`${marker}\nimitation`], 'github-actions');
      expect(await port.findComment(13, marker)).toBeUndefined();

      const created = await port.upsertComment(13, marker, `${marker}\nplan`);
      expect(created.action).toBe('created');
      expect(await port.findComment(13, marker)).toEqual({ id: created.id, body: `${marker}\nplan` });
      expect(await port.upsertComment(13, marker, `${marker}\nplan 2`)).toEqual({
        action: 'updated',
        id: created.id,
      });
      const bodies = new Map(standIn.state.comments(13).map((comment) => [comment.id, comment.body]));
      expect(bodies.get(forged ?? 0)).toBe(`${marker}\nforged plan`);
      expect(bodies.get(imitation ?? 0)).toBe(`${marker}\nimitation`);
      expect(requestsFor(standIn.requests, 'issues/update-comment')).toHaveLength(1);
    });

    it('ignores an open issue carrying the drift marker that someone else opened', async () => {
      standIn.state.addIssue({ title: 'Okta drift', body: `${driftMarker}\nfake`, author: 'mallory' });
      expect(await port.findOpenIssue(driftMarker)).toBeUndefined();
      const own = standIn.state.addIssue({ title: 'Okta drift', body: `${driftMarker}\nreal`, author: bot });
      expect(await port.findOpenIssue(driftMarker)).toEqual({ number: own, body: `${driftMarker}\nreal` });
    });
  });

  describe('pullRequestForCommit', () => {
    const mergeSha = '9f'.repeat(20);

    it('finds the merged pull request of a merge commit, before an open one sharing the commit', async () => {
      standIn.state.addPullRequest({
        number: 41,
        headSha: '41'.repeat(20),
        merged: true,
        mergeCommitSha: mergeSha,
      });
      // A branch cut from main after the merge, opened as a pull request whose head is still the merge commit.
      standIn.state.addPullRequest({ number: 42, headSha: mergeSha, merged: false });
      expect(await port.pullRequestForCommit(mergeSha)).toEqual({
        number: 41,
        merged: true,
        headSha: '41'.repeat(20),
        labels: [],
      });
      expect(standIn.requests).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/repos/${owner}/${repo}/commits/${mergeSha}/pulls`,
          status: 200,
          operationId: 'repos/list-pull-requests-associated-with-commit',
        }),
      ]);
    });

    it('falls back to an open pull request whose head is the commit', async () => {
      standIn.state.addPullRequest({
        number: 43,
        headSha: '43'.repeat(20),
        merged: false,
        mergeCommitSha: '0a'.repeat(20),
      });
      expect(await port.pullRequestForCommit('43'.repeat(20))).toEqual({
        number: 43,
        merged: false,
        headSha: '43'.repeat(20),
        labels: [],
      });
      // GitHub's test merge commit of an open pull request is not on main: it does not count.
      expect(await port.pullRequestForCommit('0a'.repeat(20))).toBeUndefined();
    });

    it('is undefined for a direct push', async () => {
      standIn.state.addPullRequest({
        number: 44,
        headSha: '44'.repeat(20),
        merged: true,
        mergeCommitSha: mergeSha,
      });
      expect(await port.pullRequestForCommit('d1'.repeat(20))).toBeUndefined();
    });
  });

  describe('labels, who added them, and their role', () => {
    const label = 'okta-access:allow-deletes';

    it('gives the merged pull request its labels exactly as GitHub holds them', async () => {
      const sha = '5a'.repeat(20);
      standIn.state.addPullRequest({
        number: 51,
        headSha: '51'.repeat(20),
        merged: true,
        mergeCommitSha: sha,
      });
      standIn.state.addLabel(51, `${label} `, 'mona');
      standIn.state.addLabel(51, 'Okta-Access:Allow-Deletes', 'mona');
      expect((await port.pullRequestForCommit(sha))?.labels).toEqual([
        `${label} `,
        'Okta-Access:Allow-Deletes',
      ]);
    });

    it('names who added a label last, across pages of events, by its exact name', async () => {
      standIn.state.addPullRequest({ number: 52, headSha: '52'.repeat(20), merged: false });
      standIn.state.addLabel(52, label, 'maya');
      // More than one page of events (100 per page): the last labeled event is on the second.
      for (let index = 0; index < 60; index++) {
        standIn.state.addLabel(52, `noise-${index}`, 'mona');
        standIn.state.removeLabel(52, `noise-${index}`, 'mona');
      }
      standIn.state.removeLabel(52, label, 'maya');
      standIn.state.addLabel(52, label, 'trent');
      standIn.state.addLabel(52, `${label} `, 'mallory');
      expect(await port.labeledBy(52, label)).toBe('trent');
      expect(await port.labeledBy(52, 'okta-access:allow-deletes-all')).toBeUndefined();
      const pages = requestsFor(standIn.requests, 'issues/list-events');
      expect(pages.map((request) => request.query)).toEqual([
        'per_page=100',
        'per_page=100&page=2',
        'per_page=100',
        'per_page=100&page=2',
      ]);
    });

    it("reads a collaborator's role, and someone who is not one as none", async () => {
      standIn.state.setRole('maya', 'maintain');
      standIn.state.setRole('ada', 'admin');
      standIn.state.setRole('trent', 'triage');
      standIn.state.setRole('wes', { custom: 'access-reviewer', base: 'write' });
      expect(await port.repositoryRole('maya')).toEqual({ permission: 'write', role: 'maintain' });
      expect(await port.repositoryRole('ada')).toEqual({ permission: 'admin', role: 'admin' });
      expect(await port.repositoryRole('trent')).toEqual({ permission: 'read', role: 'triage' });
      expect(await port.repositoryRole('wes')).toEqual({ permission: 'write', role: 'access-reviewer' });
      expect(await port.repositoryRole('stranger')).toEqual({ permission: 'none', role: 'none' });
      expect(
        requestsFor(standIn.requests, 'repos/get-collaborator-permission-level').map((r) => r.status),
      ).toEqual([200, 200, 200, 200, 404]);
    });

    it('fails on any other error reading a role, rather than guessing', async () => {
      standIn.state.setRole('maya', 'maintain');
      standIn.failNext('repos/get-collaborator-permission-level', 'server-error');
      await expect(port.repositoryRole('maya')).rejects.toBeInstanceOf(GitHubRequestError);
    });
  });

  describe('pullRequestApprovals', () => {
    it('keeps the reviewers whose latest review approves, sorted by login', async () => {
      standIn.state.addPullRequest({ number: 51, headSha: '51'.repeat(20), merged: true });
      standIn.state.addReview(51, { login: 'zoe', state: 'APPROVED' });
      standIn.state.addReview(51, { login: 'carol', state: 'APPROVED' });
      standIn.state.addReview(51, { login: 'carol', state: 'CHANGES_REQUESTED', body: 'not this group' });
      standIn.state.addReview(51, { login: 'alice', state: 'CHANGES_REQUESTED' });
      standIn.state.addReview(51, { login: 'alice', state: 'APPROVED' });
      standIn.state.addReview(51, { login: 'zoe', state: 'COMMENTED', body: 'nit' });
      standIn.state.addReview(51, { login: 'bob', state: 'COMMENTED' });

      expect(await port.pullRequestApprovals(51)).toEqual([{ login: 'alice' }, { login: 'zoe' }]);
      expect(standIn.requests).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/repos/${owner}/${repo}/pulls/51/reviews`,
          query: 'per_page=100',
          status: 200,
          operationId: 'pulls/list-reviews',
        }),
      ]);
    });

    it('reads every page and is empty without approvals', async () => {
      standIn.state.addPullRequest({ number: 52, headSha: '52'.repeat(20), merged: true });
      for (let index = 0; index < 120; index++) {
        standIn.state.addReview(52, { login: `reviewer-${index}`, state: 'COMMENTED' });
      }
      standIn.state.addReview(52, { login: 'reviewer-7', state: 'APPROVED' });
      expect(await port.pullRequestApprovals(52)).toEqual([{ login: 'reviewer-7' }]);
      expect(standIn.requests.map((request) => request.query)).toEqual([
        'per_page=100',
        'per_page=100&page=2',
      ]);

      standIn.state.addPullRequest({ number: 53, headSha: '53'.repeat(20), merged: true });
      expect(await port.pullRequestApprovals(53)).toEqual([]);
    });
  });

  describe('readFile', () => {
    const base = 'b'.repeat(40);

    it('reads a file at a ref through the contents API, and tells a missing path, a folder and a large file apart', async () => {
      const config = 'version: 1\nsafety:\n  maxDeletes: 5 # ünïcode and `ticks`\n';
      standIn.state.setFile(base, 'access/okta-access.yaml', config);
      standIn.state.setFile(base, 'access/apps/payroll.csv', 'x'.repeat(1024 * 1024 + 1));

      const found = await port.readFile('access/okta-access.yaml', base);
      expect(found.kind === 'file' ? found.bytes.toString('utf8') : found).toBe(config);
      expect(await port.readFile('okta-access.yaml', base)).toEqual({ kind: 'missing' });
      expect(await port.readFile('access/okta-access.yaml', 'c'.repeat(40))).toEqual({ kind: 'missing' });
      expect(await port.readFile('access', base)).toEqual({ kind: 'unusable', reason: 'it is a directory' });
      expect(await port.readFile('access/apps/payroll.csv', base)).toEqual({
        kind: 'unusable',
        reason: "it is too large for GitHub's contents API to return (1048577 bytes)",
      });
      const reads = standIn.requests.filter((request) => request.operationId === 'repos/get-content');
      expect(reads.map((request) => `${request.status} ${request.path}?${request.query}`)).toEqual([
        `200 /repos/${owner}/${repo}/contents/access%2Fokta-access.yaml?ref=${base}`,
        `404 /repos/${owner}/${repo}/contents/okta-access.yaml?ref=${base}`,
        `404 /repos/${owner}/${repo}/contents/access%2Fokta-access.yaml?ref=${'c'.repeat(40)}`,
        `200 /repos/${owner}/${repo}/contents/access?ref=${base}`,
        `200 /repos/${owner}/${repo}/contents/access%2Fapps%2Fpayroll.csv?ref=${base}`,
      ]);
    });

    it('serves bodies that GitHub documents for a file and for a folder, and the check tells them apart', async () => {
      standIn.state.setFile(base, 'dir/okta-access.yaml', 'version: 1\n');
      const headers = { authorization: `token ${token}` };
      const api = `${standIn.url}/repos/${owner}/${repo}/contents`;
      const file = (await (
        await fetch(`${api}/dir%2Fokta-access.yaml?ref=${base}`, { headers })
      ).json()) as JsonObject;
      const folder = (await (await fetch(`${api}/dir?ref=${base}`, { headers })).json()) as JsonObject[];
      expect(file).toMatchObject({
        type: 'file',
        encoding: 'base64',
        path: 'dir/okta-access.yaml',
        size: 11,
      });
      expect(folder).toMatchObject([{ type: 'file', name: 'okta-access.yaml' }]);
      const { sha: _sha, ...withoutSha } = file;
      expect(responseProblems('repos/get-content', 200, withoutSha).join('\n')).toMatch(
        /required property 'sha'/,
      );
      const [entry] = folder;
      expect(responseProblems('repos/get-content', 200, [{ ...entry, type: 'pipe' }]).join('\n')).toMatch(
        /must be equal to one of the allowed values/,
      );
    });

    it('fails on anything but a 404, without the token in the error', async () => {
      standIn.failNext('repos/get-content', 'server-error');
      const error = await port.readFile('okta-access.yaml', base).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GitHubRequestError);
      expect((error as GitHubRequestError).status).toBe(502);
      expect(everythingAbout(error)).not.toContain(token);
    });
  });

  describe('the drift issue', () => {
    it('is opened, found, updated and closed with a comment and state_reason completed', async () => {
      // Neither a pull request nor a closed issue carrying the marker is the drift issue.
      standIn.state.addPullRequest({
        number: 1,
        headSha: '01'.repeat(20),
        merged: false,
        body: `${driftMarker}\ncopied`,
      });
      standIn.state.addIssue({ title: 'Old drift', body: `${driftMarker}\nold`, state: 'closed' });
      standIn.state.addIssue({ title: 'Unrelated', body: 'Something else' });
      expect(await port.findOpenIssue(driftMarker)).toBeUndefined();

      const number = await port.openIssue('Okta drift: 2 changes', `${driftMarker}\n2 changes`, [
        'okta-access',
        'drift',
      ]);
      expect(number).toBe(4);
      expect(standIn.state.issue(number)).toMatchObject({
        title: 'Okta drift: 2 changes',
        state: 'open',
        labels: [
          expect.objectContaining({ name: 'okta-access' }),
          expect.objectContaining({ name: 'drift' }),
        ],
      });
      expect(await port.findOpenIssue(driftMarker)).toEqual({ number, body: `${driftMarker}\n2 changes` });

      await port.updateIssue(number, `${driftMarker}\n5 changes`);
      expect(standIn.state.issue(number)?.body).toBe(`${driftMarker}\n5 changes`);

      const before = standIn.requests.length;
      await port.closeIssue(number, 'Okta matches the repository again.');
      expect(
        standIn.requests
          .slice(before)
          .map((request) => `${request.method} ${request.operationId} ${request.status}`),
      ).toEqual(['POST issues/create-comment 201', 'PATCH issues/update 200']);
      expect(standIn.state.issue(number)).toMatchObject({ state: 'closed', stateReason: 'completed' });
      expect(standIn.state.comments(number).map((comment) => comment.body)).toEqual([
        'Okta matches the repository again.',
      ]);
      expect(await port.findOpenIssue(driftMarker)).toBeUndefined();
    });

    it('is found among more than 100 open issues and pull requests', async () => {
      for (let index = 0; index < 60; index++) {
        standIn.state.addPullRequest({
          number: index * 2 + 1,
          headSha: index.toString(16).padStart(40, '0'),
          merged: false,
        });
        standIn.state.addIssue({ title: `Issue ${index}`, body: `an issue ${index}` });
      }
      const number = standIn.state.addIssue({
        title: 'Okta drift',
        body: `${driftMarker}\ndrift`,
        author: bot,
      });
      for (let index = 0; index < 110; index++) standIn.state.addIssue({ title: `Newer ${index}` });
      expect(await port.findOpenIssue(driftMarker)).toEqual({ number, body: `${driftMarker}\ndrift` });
      expect(requestsFor(standIn.requests, 'issues/list-for-repo').map((request) => request.query)).toEqual([
        'state=open&per_page=100',
        'state=open&per_page=100&page=2',
      ]);
    });
  });

  describe('failures', () => {
    it('surfaces a 401 as a GitHubRequestError that does not carry the token', async () => {
      const wrong = 'ghs_wrongToken9876543210zyxwvuZYXWVU';
      const error = await openPort({ token: wrong })
        .findComment(1, marker)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GitHubRequestError);
      // The first request is the identity's: a bad token is not mistaken for an installation token.
      expect(error).toMatchObject({
        status: 401,
        code: 'GITHUB_REQUEST_FAILED',
        endpoint: 'GET /user',
        summary: 'Bad credentials',
      });
      expect((error as Error).message).toBe('GitHub answered 401 to GET /user: Bad credentials');
      expect(everythingAbout(error)).not.toContain(wrong);
      expect(standIn.requests).toEqual([expect.objectContaining({ status: 401 })]);
    });

    it('answers 401 Requires authentication without a token', async () => {
      await expect(openPort({ token: '' }).openIssue('t', 'b', [])).rejects.toMatchObject({
        status: 401,
        summary: 'Requires authentication',
      });
    });

    it('surfaces a 404 for an issue that does not exist', async () => {
      await expect(port.updateIssue(999, 'body')).rejects.toMatchObject({
        name: 'GitHubRequestError',
        status: 404,
        summary: 'Not Found',
        documentationUrl: 'https://docs.github.com/rest/issues/issues#update-an-issue',
      });
    });

    it('refuses a body over 65,536 characters before any request', async () => {
      standIn.state.addPullRequest({ number: 8, headSha: '08'.repeat(20), merged: false });
      const long = `${marker}\n${'x'.repeat(githubBodyLimit)}`;
      const calls = [
        port.upsertComment(8, marker, long),
        port.addComment(8, long),
        port.openIssue('Drift', long, []),
        port.updateIssue(8, long),
        port.closeIssue(8, long),
      ];
      for (const call of calls) {
        await expect(call).rejects.toBeInstanceOf(GitHubBodyTooLongError);
      }
      await expect(port.addComment(8, long)).rejects.toThrow(
        `the comment is ${long.length} characters long; GitHub accepts at most 65536`,
      );
      expect(standIn.requests).toHaveLength(0);
    });

    it('sends a body of exactly 65,536 characters, counting characters rather than UTF-16 units', async () => {
      standIn.state.addPullRequest({ number: 9, headSha: '09'.repeat(20), merged: false });
      await port.addComment(9, 'y'.repeat(githubBodyLimit));
      // 40,000 emoji are 80,000 UTF-16 units but 40,000 characters: within GitHub's limit.
      await port.addComment(9, '🔐'.repeat(40_000));
      expect(standIn.state.comments(9)).toHaveLength(2);
    });
  });

  describe('configuration', () => {
    it('works with retries and throttling on (the default)', async () => {
      standIn.state.addPullRequest({ number: 10, headSha: '10'.repeat(20), merged: false });
      const throttled = openPort({ retries: true });
      expect(await throttled.upsertComment(10, marker, `${marker}\nplan`)).toMatchObject({
        action: 'created',
      });
    });

    it('retries a rate-limited request at most twice, logging no secret', async () => {
      standIn.state.addPullRequest({ number: 11, headSha: '11'.repeat(20), merged: false });
      const warnings: string[] = [];
      const throttled = openPort({
        retries: true,
        log: { warn: (message, meta) => warnings.push(`${message} ${JSON.stringify(meta)}`) },
      });

      standIn.failNext('issues/list-comments', 'rate-limit', 2);
      expect(await throttled.findComment(11, marker)).toBeUndefined();
      const listed = () => requestsFor(standIn.requests, 'issues/list-comments');
      expect(listed().map((request) => request.status)).toEqual([403, 403, 200]);

      standIn.failNext('issues/list-comments', 'rate-limit-429', 3);
      await expect(throttled.findComment(11, marker)).rejects.toMatchObject({ status: 429 });
      // Three attempts, not more: the retry plugin leaves 429 to the throttling plugin.
      expect(
        listed()
          .slice(3)
          .map((request) => request.status),
      ).toEqual([429, 429, 429]);
      // The identity's 403 (an installation token) is neither a rate limit nor retried.
      expect(requestsFor(standIn.requests, 'users/get-authenticated')).toHaveLength(1);

      expect(warnings).toHaveLength(5);
      expect(warnings[0]).toBe(
        'GitHub rate limit reached; retrying {"kind":"primary","method":"GET","path":"/repos/acme/okta-access/issues/11/comments","retryAfterSeconds":0,"retryCount":0}',
      );
      expect(warnings[4]).toMatch(/^GitHub rate limit reached; giving up .*"retryCount":2/);
      expect(warnings.join('\n')).not.toContain(token);
    });

    it('retries a server error (the retry plugin)', async () => {
      standIn.state.addPullRequest({ number: 12, headSha: '12'.repeat(20), merged: false });
      standIn.failNext('repos/list-pull-requests-associated-with-commit', 'server-error');
      const retrying = openPort({ retries: true });
      expect(await retrying.pullRequestForCommit('12'.repeat(20))).toEqual({
        number: 12,
        merged: false,
        headSha: '12'.repeat(20),
        labels: [],
      });
      expect(standIn.requests.map((request) => request.status)).toEqual([502, 200]);
      await expect(openPort().pullRequestForCommit('12'.repeat(20))).resolves.toBeDefined();
    });

    it('takes the API root from GITHUB_API_URL when no baseUrl is given', async () => {
      vi.stubEnv('GITHUB_API_URL', `${standIn.url}/`);
      try {
        const fromEnv = createGitHubPort({ token, owner, repo, retries: false });
        expect(await fromEnv.findOpenIssue(driftMarker)).toBeUndefined();
        expect(standIn.requests.map((request) => request.operationId)).toEqual([
          'users/get-authenticated',
          'issues/list-for-repo',
        ]);
      } finally {
        vi.unstubAllEnvs();
      }
    });
  });
});

describe('the stand-in', () => {
  it('records a violation, answers 500 and fails stop() when a response breaks GitHub schema', async () => {
    const standIn = await startGitHubStandIn({ owner, repo });
    standIn.state.addPullRequest({ number: 2, headSha: '02'.repeat(20), merged: false });
    const port = createGitHubPort({ token, owner, repo, baseUrl: standIn.url, retries: false });
    standIn.tamperNext('issues/create-comment', (body) => {
      const { node_id: _dropped, ...rest } = body as Record<string, unknown>;
      return { ...rest, id: 'not-a-number' };
    });
    await expect(port.addComment(2, 'hello')).rejects.toMatchObject({ status: 500 });
    expect(standIn.violations).toEqual([
      expect.objectContaining({
        kind: 'response',
        operationId: 'issues/create-comment',
        status: 201,
        problems: expect.arrayContaining([
          expect.stringMatching(/must have required property 'node_id'/),
          expect.stringMatching(/\/id must be integer/),
        ]),
      }),
    ]);
    expect(standIn.requests).toEqual([expect.objectContaining({ method: 'POST', status: 500 })]);
    await expect(standIn.stop()).rejects.toThrow(/1 violation\(s\)[\s\S]*node_id/);
  });

  it('records requests GitHub would refuse and routes it does not serve', async () => {
    const standIn = await startGitHubStandIn({ owner, repo });
    standIn.state.addIssue({ title: 'An issue' });
    const headers = { authorization: `token ${token}`, 'content-type': 'application/json' };
    const noBody = await fetch(`${standIn.url}/repos/${owner}/${repo}/issues/1/comments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: 'no body field' }),
    });
    expect(noBody.status).toBe(422);
    const unserved = await fetch(`${standIn.url}/repos/${owner}/${repo}/pulls/1`, { headers });
    expect(unserved.status).toBe(404);
    expect(await unserved.json()).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
    expect(standIn.violations.map((violation) => violation.kind)).toEqual(['request', 'unserved']);
    await expect(standIn.stop()).rejects.toThrow(/2 violation\(s\)/);
  });

  it('pages with GitHub Link headers and answers other repositories with 404', async () => {
    const standIn = await startGitHubStandIn({ owner, repo });
    const number = standIn.state.addIssue({ title: 'Busy' });
    standIn.state.addComments(
      number,
      Array.from({ length: 75 }, (_, index) => `c${index}`),
    );
    const headers = { authorization: `Bearer ${token}` };
    const base = `${standIn.url}/repos/${owner}/${repo}/issues/${number}/comments`;
    const second = await fetch(`${base}?per_page=30&page=2`, { headers });
    expect(second.headers.get('link')).toBe(
      [
        `<${base}?per_page=30&page=1>; rel="prev"`,
        `<${base}?per_page=30&page=3>; rel="next"`,
        `<${base}?per_page=30&page=3>; rel="last"`,
        `<${base}?per_page=30&page=1>; rel="first"`,
      ].join(', '),
    );
    expect(((await second.json()) as unknown[]).length).toBe(30);
    const other = await fetch(`${standIn.url}/repos/${owner}/elsewhere/issues/${number}/comments`, {
      headers,
    });
    expect(other.status).toBe(404);
    await standIn.stop();
  });

  it('fills what GitHub schemas require, down to nested objects', async () => {
    const standIn = await startGitHubStandIn({ owner, repo });
    const sha = 'ab'.repeat(20);
    standIn.state.addPullRequest({ number: 1, headSha: '01'.repeat(20), merged: true, mergeCommitSha: sha });
    standIn.state.addComments(1, ['a review comment']);
    const headers = { authorization: `token ${token}` };
    const api = `${standIn.url}/repos/${owner}/${repo}`;
    const pulls = (await (await fetch(`${api}/commits/${sha}/pulls`, { headers })).json()) as JsonObject[];
    const issues = (await (await fetch(`${api}/issues?state=all`, { headers })).json()) as JsonObject[];
    const comments = (await (await fetch(`${api}/issues/1/comments`, { headers })).json()) as JsonObject[];
    await standIn.stop();

    const operation = 'repos/list-pull-requests-associated-with-commit';
    expect(responseProblems(operation, 200, pulls)).toEqual([]);
    expect(pulls[0]).toMatchObject({ number: 1, merge_commit_sha: sha, merged_at: expect.any(String) });
    const pull = structuredClone(pulls);
    delete dig(pull, 0, 'head', 'repo', 'owner').login;
    expect(responseProblems(operation, 200, pull)).toEqual([
      expect.stringMatching(/\/0\/head\/repo\/owner must have required property 'login'/),
    ]);

    expect(responseProblems('issues/list-for-repo', 200, issues)).toEqual([]);
    const issue = structuredClone(issues);
    delete dig(issue, 0, 'pull_request').diff_url;
    expect(responseProblems('issues/list-for-repo', 200, issue).join('\n')).toMatch(/diff_url/);

    expect(responseProblems('issues/list-comments', 200, comments)).toEqual([]);
    const comment = structuredClone(comments);
    delete dig(comment, 0, 'reactions')['+1'];
    expect(responseProblems('issues/list-comments', 200, comment).join('\n')).toMatch(/'\+1'/);
  });

  it('checks bodies against the trimmed GitHub description it names', () => {
    expect(descriptionSource()).toMatchObject({ file: 'api.github.com.json', version: '23.0.2' });
    expect(
      listOperations()
        .map((operation) => `${operation.method} ${operation.path}`)
        .sort(),
    ).toEqual([
      'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
      'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
      'GET /repos/{owner}/{repo}/contents/{path}',
      'GET /repos/{owner}/{repo}/issues',
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'GET /repos/{owner}/{repo}/issues/{issue_number}/events',
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
      'GET /user',
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      'POST /repos/{owner}/{repo}/issues',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'POST /repos/{owner}/{repo}/pulls',
    ]);
    expect(responseProblems('issues/list-comments', 200, [{ id: 1 }])).not.toEqual([]);
    expect(responseProblems('issues/update-comment', 404, { message: 'Not Found' })).toEqual([]);
    expect(responseProblems('issues/update', 401, { message: 7 })).toEqual([
      expect.stringMatching(/^#\/components\/responses\/requires_authentication: \/message must be string/),
    ]);
    expect(responseProblems('issues/create', 418, {})).toEqual([
      expect.stringMatching(/does not document status 418/),
    ]);
  });
});
