import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ActionRig, branchSha, planMarker, startActionRig } from './action-rig.js';

/**
 * The apply gate: a merge is applied only when the plan the bot commented on the merged pull request, for that pull
 * request's head commit, is the plan now. Anyone can comment on a pull request and paste the bot's hidden markers; only
 * the bot's own comment counts, and its hash is bound to the head commit and the config, so a hash that was shown for
 * another pull request or another commit opens nothing.
 */

let rig: ActionRig;

beforeEach(async () => {
  rig = await startActionRig();
}, 60_000);

afterEach(async () => {
  await rig.stop();
});

/** The hidden lines of a plan comment carrying `hash`, as the bot writes them. */
function forgedPlan(hash: string): string {
  return `${planMarker}\n<!-- okta-access plan-hash: ${hash} -->\n### Okta access plan\n\nLooks fine, merge away.`;
}

// Each test runs the bundled action two or three times (a Node process each): seconds apiece on a busy machine.
describe('a forged approval', { timeout: 120_000 }, () => {
  it("another user's comment with the marker and the right hash does not let apply write to Okta", async () => {
    // The plan hash is public: the plan job prints it (output, job summary) for any pull request of this commit.
    const { github } = rig;
    github.state.addPullRequest({ number: 20, headSha: rig.mainSha, merged: false });
    const printed = await rig.plan(20, rig.mainSha);
    expect(printed.code).toBe(0);
    const hash = printed.outputs['plan-hash'] ?? '';
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    // Pull request #21, of the same commit, is merged with no plan comment by the bot: only Mallory's.
    github.state.addPullRequest({
      number: 21,
      headSha: rig.mainSha,
      mergeCommitSha: rig.mainSha,
      merged: true,
    });
    github.state.addComments(21, [forgedPlan(hash)], 'mallory');
    const writesBefore = await rig.oktaWrites();

    const applied = await rig.apply();

    expect(await rig.oktaWrites()).toBe(writesBefore);
    expect(writesBefore).toBe(0);
    expect(applied.code).toBe(1);
    expect(applied.log).toMatch(
      /^::error::okta-access apply: pull request #21 shows no plan for okta-access\.yaml by github-actions\[bot\]: nothing was approved$/m,
    );
    const comments = github.state.comments(21);
    expect(comments.map((comment) => comment.user.login)).toEqual(['mallory', 'github-actions[bot]']);
    expect(comments[1]?.body).toContain('### Okta access: not applied');
    expect(comments[1]?.body).toContain(
      'This pull request has no plan for `okta-access.yaml` commented by `github-actions[bot]`',
    );
    expect(comments[1]?.body).toContain('nothing was written to Okta');
    // Mallory's comment is as she wrote it.
    expect(comments[0]?.body).toBe(forgedPlan(hash));
  });

  it('a hash the bot showed for another head commit of the pull request does not match', async () => {
    const { github } = rig;
    // The plan job ran for the branch's commit X and commented its plan; then commit Y (the same files) was pushed
    // and merged before a plan job ran for it.
    const first = branchSha('3');
    github.state.addPullRequest({
      number: 31,
      headSha: rig.mainSha,
      mergeCommitSha: rig.mainSha,
      merged: true,
    });
    const planned = await rig.plan(31, first);
    expect(planned.code).toBe(0);
    const approved = planned.outputs['plan-hash'] ?? '';

    const applied = await rig.apply();

    expect(await rig.oktaWrites()).toBe(0);
    expect(applied.code).toBe(1);
    expect(applied.log).toContain('okta-access apply: the plan changed since it was approved');
    expect(applied.outputs['plan-hash']).toBe('');
    const last = github.state.comments(31).at(-1);
    expect(last?.user.login).toBe('github-actions[bot]');
    expect(last?.body).toContain(`approved \`${approved.slice(0, 19)}…\``);
    expect(last?.body).toContain('Nothing was written.');
  });

  it('a bot comment carried over from another pull request does not match', async () => {
    const { github } = rig;
    // Pull request #41 (commit X) shows the plan of the same files as #42; its comment, verbatim, ends up on #42
    // (pasted by someone who may edit comments, or written for #41 by the bot).
    github.state.addPullRequest({ number: 41, headSha: branchSha('4'), merged: false });
    const other = await rig.plan(41, branchSha('4'));
    expect(other.code).toBe(0);
    const carried = github.state.comments(41)[0]?.body ?? '';
    expect(carried).toContain(other.outputs['plan-hash']);
    github.state.addPullRequest({
      number: 42,
      headSha: rig.mainSha,
      mergeCommitSha: rig.mainSha,
      merged: true,
    });
    github.state.addComments(42, [carried], 'github-actions[bot]');

    const applied = await rig.apply();

    expect(await rig.oktaWrites()).toBe(0);
    expect(applied.code).toBe(1);
    expect(applied.log).toContain('okta-access apply: the plan changed since it was approved');
    expect(github.state.comments(42).at(-1)?.body).toContain('### Okta access: not applied');
  });

  it('the plan the bot showed for the merged head commit is applied (the gate still opens)', async () => {
    const { github } = rig;
    github.state.addPullRequest({
      number: 51,
      headSha: rig.mainSha,
      mergeCommitSha: rig.mainSha,
      merged: true,
    });
    // Someone's look-alike comment, posted first, neither blocks nor replaces the bot's.
    github.state.addComments(51, [forgedPlan(`sha256:${'0'.repeat(64)}`)], 'mallory');
    const planned = await rig.plan(51, rig.mainSha);
    expect(planned.code).toBe(0);

    const applied = await rig.apply();

    expect(applied.code, applied.log).toBe(0);
    expect(applied.outputs['plan-hash']).toBe(planned.outputs['plan-hash']);
    expect(await rig.oktaWrites()).toBeGreaterThan(0);
    const report = github.state.comments(51).at(-1)?.body ?? '';
    // The apply report names the hash that was approved.
    expect(report).toContain((planned.outputs['plan-hash'] ?? '').slice(0, 19));
  });
});
