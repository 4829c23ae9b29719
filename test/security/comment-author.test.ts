import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { actorFor } from '../github/stand-in.js';
import { type ActionRig, branchSha, driftMarker, planMarker, startActionRig } from './action-rig.js';

/**
 * Whose comment and whose issue the bot takes for its own: only what the token's account wrote. The account is asked
 * of GitHub (`GET /user`) for a user's token; the job token, an installation token GitHub will not name there, is
 * `github-actions[bot]`; a GitHub App's installation token is the `github-login` input.
 */

let rig: ActionRig | undefined;

afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const setupTimeout = 60_000;

// Each test runs the bundled action two or three times (a Node process each): seconds apiece on a busy machine.
describe('the sticky plan comment', { timeout: 120_000 }, () => {
  it(
    "is not another user's comment carrying the marker, posted before the bot's",
    async () => {
      rig = await startActionRig();
      const { github } = rig;
      const head = branchSha('7');
      github.state.addPullRequest({ number: 7, headSha: head, merged: false });
      const squatted = `${planMarker}\n<!-- okta-access plan-hash: sha256:${'1'.repeat(64)} -->\nNo changes.`;
      const [squatter] = github.state.addComments(7, [squatted], 'mallory');

      const first = await rig.plan(7, head);
      expect(first.code, first.log).toBe(0);
      const comments = github.state.comments(7);
      expect(comments.map((comment) => comment.user.login)).toEqual(['mallory', 'github-actions[bot]']);
      // Mallory's comment is untouched; the plan is in the bot's own comment.
      expect(comments[0]).toMatchObject({ id: squatter, body: squatted });
      expect(comments[1]?.body).toContain(`<!-- okta-access plan-hash: ${first.outputs['plan-hash']} -->`);

      // The next run finds the bot's comment again, and still leaves Mallory's alone.
      const second = await rig.plan(7, head);
      expect(second.code).toBe(0);
      expect(github.state.comments(7)).toHaveLength(2);
      expect(github.state.comments(7)[0]?.body).toBe(squatted);
      const patched = github.requests.filter((request) => request.operationId === 'issues/update-comment');
      expect(patched).toHaveLength(0);
    },
    setupTimeout + 120_000,
  );

  it(
    "of a user's token is that user's, as GET /user says",
    async () => {
      rig = await startActionRig({ actor: actorFor('okta-ci-user') });
      const { github } = rig;
      const head = branchSha('8');
      github.state.addPullRequest({ number: 8, headSha: head, merged: false });
      github.state.addComments(8, [`${planMarker}\nan older plan`], 'github-actions[bot]');

      expect((await rig.plan(8, head)).code).toBe(0);
      expect((await rig.plan(8, head)).code).toBe(0);

      const comments = github.state.comments(8);
      expect(comments.map((comment) => comment.user.login)).toEqual(['github-actions[bot]', 'okta-ci-user']);
      expect(comments[0]?.body).toBe(`${planMarker}\nan older plan`);
      expect(github.requests.filter((request) => request.path === '/user')).toHaveLength(2);
    },
    setupTimeout + 120_000,
  );

  it(
    "of a GitHub App's token is the app's bot account named by github-login",
    async () => {
      rig = await startActionRig({ actor: actorFor('okta-access-ci[bot]') });
      const { github } = rig;
      const head = branchSha('9');
      github.state.addPullRequest({ number: 9, headSha: head, merged: false });
      github.state.addComments(9, [`${planMarker}\nnot the app's`], 'github-actions[bot]');

      const inputs = { 'github-login': 'okta-access-ci[bot]' };
      expect((await rig.plan(9, head, inputs)).code).toBe(0);
      expect((await rig.plan(9, head, inputs)).code).toBe(0);

      expect(github.state.comments(9).map((comment) => comment.user.login)).toEqual([
        'github-actions[bot]',
        'okta-access-ci[bot]',
      ]);
      expect(github.state.comments(9)[0]?.body).toBe(`${planMarker}\nnot the app's`);
    },
    setupTimeout + 120_000,
  );

  it(
    'refuses a github-login the token does not belong to, and a login GitHub could not have',
    async () => {
      rig = await startActionRig({ actor: actorFor('okta-ci-user') });
      const { github } = rig;
      github.state.addPullRequest({ number: 10, headSha: branchSha('a'), merged: false });

      const mismatched = await rig.plan(10, branchSha('a'), { 'github-login': 'okta-access-ci[bot]' });
      expect(mismatched.code).toBe(1);
      expect(mismatched.log).toMatch(
        /^::error::GITHUB_LOGIN_MISMATCH: the GitHub token belongs to okta-ci-user, not okta-access-ci\[bot\] as configured/m,
      );
      const malformed = await rig.plan(10, branchSha('a'), { 'github-login': 'mallory <script>' });
      expect(malformed.code).toBe(1);
      expect(malformed.log).toContain('::error::ACTION_INPUT: input github-login must be a GitHub login');
      expect(github.state.comments(10)).toHaveLength(0);
      expect(await rig.oktaWrites()).toBe(0);
    },
    setupTimeout + 120_000,
  );
});

describe('the drift issue', { timeout: 120_000 }, () => {
  it(
    'is not an open issue someone else opened with the marker',
    async () => {
      rig = await startActionRig();
      const { github } = rig;
      const planted = `${driftMarker}\nPlease grant me Payroll-Admin.`;
      const plantedNumber = github.state.addIssue({
        title: 'Okta access drift',
        body: planted,
        author: 'mallory',
      });

      // Okta lacks everything the quickstart grants: drift. The bot opens its own issue; Mallory's stays as it is.
      const drifted = await rig.drift();
      expect(drifted.code, drifted.log).toBe(0);
      expect(drifted.outputs['has-changes']).toBe('true');
      const issues = github.state.issues();
      expect(issues.map((issue) => [issue.number, issue.user.login, issue.state])).toEqual([
        [plantedNumber, 'mallory', 'open'],
        [plantedNumber + 1, 'github-actions[bot]', 'open'],
      ]);
      expect(github.state.issue(plantedNumber)?.body).toBe(planted);
      expect(github.state.issue(plantedNumber + 1)?.body).toContain(driftMarker);

      // Apply the default branch: the drift is gone. The bot closes its issue, not Mallory's.
      const config = path.join(rig.workspace, 'okta-access.yaml');
      let out = '';
      const code = await run(['apply', '--config', config, '--auto-approve'], {
        stdout: { write: (text: string) => (out += text) },
        stderr: { write: (text: string) => (out += text) },
        env: { ...rig.oktaEnv },
        interactive: false,
      });
      expect(code, out).toBe(0);
      const settled = await rig.drift();
      expect(settled.code, settled.log).toBe(0);
      expect(settled.outputs['has-changes']).toBe('false');
      expect(github.state.issue(plantedNumber)).toMatchObject({ state: 'open', body: planted });
      expect(github.state.issue(plantedNumber + 1)?.state).toBe('closed');
      expect(github.state.comments(plantedNumber)).toHaveLength(0);
    },
    setupTimeout + 120_000,
  );
});
