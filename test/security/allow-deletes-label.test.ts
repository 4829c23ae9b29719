import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { type ActionRig, startActionRig } from './action-rig.js';

/**
 * Deletions past the limits of okta-access.yaml are allowed per pull request, by the label okta-access:allow-deletes
 * on the merged pull request — and only when the person who added it holds the maintain or admin role. The bundled
 * action against the emulator and the GitHub stand-in: Okta holds the quickstart, the merge removes three Payroll
 * memberships (and what goes with them) under `safety.maxDeletes: 1`.
 */

const label = 'okta-access:allow-deletes';
const removed = ['kwame.mensah@example.com', 'aiko.nakamura@example.com', 'olivia.brennan@example.com'];

let rig: ActionRig | undefined;

afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

/** The rig with Okta holding the quickstart, and a merged pull request `number` that deletes past the limits. */
async function mergedDeletions(
  number: number,
  pull: { readonly title?: string; readonly body?: string; readonly headRef?: string } = {},
): Promise<{ rig: ActionRig; sha: string }> {
  const started = await startActionRig();
  rig = started;
  const config = path.join(started.workspace, 'okta-access.yaml');
  let out = '';
  const code = await run(['apply', '--config', config, '--auto-approve'], {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (out += text) },
    env: { ...started.oktaEnv },
    interactive: false,
  });
  expect(code, out).toBe(0);

  const csv = path.join(started.workspace, 'apps', 'payroll.csv');
  const kept = readFileSync(csv, 'utf8')
    .split('\n')
    .filter((line) => !removed.some((email) => line.includes(`,${email},`)));
  writeFileSync(csv, kept.join('\n'));
  writeFileSync(config, readFileSync(config, 'utf8').replace('maxDeletes: 25', 'maxDeletes: 1'));
  const sha = started.commit('Remove three Payroll memberships');
  started.github.state.addPullRequest({ number, headSha: sha, mergeCommitSha: sha, merged: true, ...pull });
  // The plan comment the merge is checked against, under the base branch's limits (maxDeletes: 1 there too): blocked,
  // with the hash shown anyway and what would allow it at merge.
  const base = { ref: 'main', sha: 'b0'.repeat(20) };
  started.github.state.setFile(base.sha, 'okta-access.yaml', readFileSync(config, 'utf8'));
  const planned = await started.plan(number, sha, {}, { base });
  expect(planned.code, planned.log).toBe(1);
  const comment = started.github.state.comments(number)[0]?.body ?? '';
  expect(comment).toContain('plan-hash: sha256:');
  expect(comment).toContain(
    `merging applies them only if a maintainer (maintain or admin role) has added the label \`${label}\``,
  );
  return { rig: started, sha };
}

function note(workspace: string, sha: string): Record<string, unknown> {
  return JSON.parse(
    execFileSync('git', ['notes', '--ref', 'okta-access', 'show', sha], { cwd: workspace, encoding: 'utf8' }),
  ) as Record<string, unknown>;
}

function hasNote(workspace: string, sha: string): boolean {
  try {
    note(workspace, sha);
    return true;
  } catch {
    return false;
  }
}

// Each test applies once through the CLI and runs the bundled action two or three times (a Node process each).
describe('deletions past the limits on merge', { timeout: 240_000 }, () => {
  it('are applied when a maintainer added the label, and the labeler is in the comment and the apply record', async () => {
    const { rig, sha } = await mergedDeletions(31);
    rig.github.state.setRole('maya', 'maintain');
    rig.github.state.addLabel(31, label, 'maya');
    const before = await rig.oktaWrites();

    const applied = await rig.apply({}, sha);

    expect(applied.code, applied.log).toBe(0);
    expect(applied.outputs.summary).toMatch(/deletions past the limits allowed by maya's label$/);
    expect(await rig.oktaWrites()).toBeGreaterThanOrEqual(before + removed.length);
    const comment = rig.github.state.comments(31).at(-1)?.body ?? '';
    expect(comment).toContain(
      `were allowed by the label \`${label}\`, added by \`maya\` (role \`maintain\`).`,
    );
    expect(note(rig.workspace, sha)).toMatchObject({ ok: true, allowDeletesBy: 'maya' });
    expect(note(rig.workspace, sha)).not.toHaveProperty('allowDeletesInput');
    expect(applied.log).not.toContain('input allow-deletes is deprecated');
  });

  it("are refused, with a comment naming whose label did not count, when the last labeler's role is below maintain", async () => {
    const { rig, sha } = await mergedDeletions(32);
    rig.github.state.setRole('maya', 'maintain');
    rig.github.state.setRole('trent', 'triage');
    rig.github.state.setRole('wes', { custom: 'access-reviewer', base: 'write' });
    // A maintainer's label, taken off, then put back by someone who may add labels but not decide this.
    rig.github.state.addLabel(32, label, 'maya');
    rig.github.state.removeLabel(32, label, 'maya');
    rig.github.state.addLabel(32, label, 'trent');
    const before = await rig.oktaWrites();

    const refused = await rig.apply({}, sha);

    expect(refused.code).toBe(1);
    expect(refused.log).toMatch(
      /^::error::okta-access apply: \d+ destructive changes exceed the deletion limits and no maintainer allowed them; the label okta-access:allow-deletes was added by trent, whose role \(triage\) is below maintain; nothing was applied$/m,
    );
    expect(await rig.oktaWrites()).toBe(before);
    const comment = rig.github.state.comments(32).at(-1)?.body ?? '';
    expect(comment).toMatch(/^### Okta access: not applied/);
    expect(comment).toMatch(/This merge would make \d+ destructive changes, more than the limits/);
    expect(comment).toContain(`The label \`${label}\` was added by \`trent\`, whose role here is \`triage\``);
    expect(comment).toContain('Nothing was written to Okta.');
    expect(hasNote(rig.workspace, sha)).toBe(false);

    // A custom role counts by the base GitHub reports for it: write is not maintain.
    rig.github.state.removeLabel(32, label, 'trent');
    rig.github.state.addLabel(32, label, 'wes');
    const custom = await rig.apply({}, sha);
    expect(custom.code).toBe(1);
    expect(rig.github.state.comments(32).at(-1)?.body).toContain(
      'added by `wes`, whose role here is `access-reviewer`',
    );
    expect(await rig.oktaWrites()).toBe(before);
  });

  it('are refused without the exact label, whatever the title, body, branch, comments or look-alike labels say', async () => {
    const { rig, sha } = await mergedDeletions(33, {
      title: `Remove leavers ${label}`,
      body: `Approved: ${label}\n\n<!-- ${label} -->\n\nlabels: [${label}]`,
      headRef: 'okta-access/allow-deletes',
    });
    rig.github.state.setRole('ada', 'admin');
    rig.github.state.addComments(33, [`/label ${label}`, label], 'ada');
    // Labels an admin added whose names only look like it: a trailing space, Cyrillic е (U+0435), another case.
    rig.github.state.addLabel(33, `${label} `, 'ada');
    rig.github.state.addLabel(33, 'okta-access:allow-delet\u0435s', 'ada');
    rig.github.state.addLabel(33, 'okta-access:allow-deletes-all', 'ada');
    rig.github.state.addLabel(33, 'Okta-Access:Allow-Deletes', 'ada');
    const before = await rig.oktaWrites();

    const refused = await rig.apply({}, sha);

    expect(refused.code).toBe(1);
    expect(refused.outputs.summary).toMatch(
      /^\d+ destructive changes exceed the deletion limits and no maintainer allowed them; nothing was applied$/,
    );
    expect(await rig.oktaWrites()).toBe(before);
    const comment = rig.github.state.comments(33).at(-1)?.body ?? '';
    expect(comment).toContain(`a maintainer (maintain or admin role) adds the label \`${label}\``);
    expect(comment).not.toContain('was added by');
    // None of them was the label: its events were never asked for.
    expect(rig.github.requests.filter((request) => request.operationId === 'issues/list-events')).toEqual([]);
    expect(hasNote(rig.workspace, sha)).toBe(false);

    // The deprecated input still allows them, with a warning, and the record says so.
    const forced = await rig.apply({ 'allow-deletes': 'true' }, sha);
    expect(forced.code, forced.log).toBe(0);
    expect(forced.log).toMatch(/^::warning::input allow-deletes is deprecated/m);
    expect(await rig.oktaWrites()).toBeGreaterThan(before);
    expect(note(rig.workspace, sha)).toMatchObject({ ok: true, allowDeletesInput: true });
    expect(note(rig.workspace, sha)).not.toHaveProperty('allowDeletesBy');
    expect(rig.github.state.comments(33).at(-1)?.body).toContain(
      "the workflow's deprecated `allow-deletes` input",
    );
  });
});
