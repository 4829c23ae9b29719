import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ActionRig, planMarker, startActionRig } from '../security/action-rig.js';

// `scope: auto` through the bundled action, the Okta emulator and the GitHub stand-in: the pull request's plan reads
// only the groups its change touches; the merged push re-plans the same scope and applies it; drift in Okta outside
// the scope does not block the apply, drift inside it does.

let rig: ActionRig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const addedRow = 'Kwame,Mensah,kwame.mensah@example.com,sofia.marchetti@example.com,Warehouse,Admin';
const removedRow = 'Zara,Ahmed,zara.ahmed@example.com,rosa.delgado@example.com,Warehouse,Picker';

/** Git in the rig's workspace (a clone of origin, on main). */
function gitIn(workspace: string) {
  return (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: workspace,
      encoding: 'utf8',
    }).trim();
}

/**
 * A pull request on a branch off main that edits warehouse.csv, merged with a merge commit: returns its head and the
 * merge commit, which the workspace then holds (as actions/checkout leaves a pull request's merge ref).
 */
function mergedPullRequest(current: ActionRig, branch: string, edit: (csv: string) => string) {
  const git = gitIn(current.workspace);
  const csv = path.join(current.workspace, 'apps', 'warehouse.csv');
  const base = git('rev-parse', 'HEAD');
  git('checkout', '--quiet', '-b', branch);
  writeFileSync(csv, edit(readFileSync(csv, 'utf8')));
  git('commit', '--quiet', '-am', `Change warehouse access (${branch})`);
  const head = git('rev-parse', 'HEAD');
  git('checkout', '--quiet', 'main');
  git('merge', '--quiet', '--no-ff', '-m', `Merge ${branch}`, branch);
  return { base, head, merge: git('rev-parse', 'HEAD') };
}

function members(current: ActionRig, group: string): string[] {
  const { store } = current.emulator;
  const id = store.groupByName(group)?.id ?? '';
  return [...store.membersOf(id)].map((userId) => String(store.requireUser(userId).profile.email)).sort();
}

describe('scope: auto in the bundled action', () => {
  it('plans a pull request scoped, applies it on merge past drift elsewhere, and refuses it after drift in scope', async () => {
    const current = await startActionRig();
    rig = current;
    const { emulator, github, workspace, mainSha } = current;
    github.state.setFile(mainSha, 'okta-access.yaml', readFileSync(path.join(workspace, 'okta-access.yaml')));

    // The org as main says: the first pull request (main itself), planned and applied in full.
    github.state.addPullRequest({ number: 1, headSha: mainSha, mergeCommitSha: mainSha, merged: true });
    expect((await current.plan(1, mainSha)).code).toBe(0);
    expect((await current.apply()).code).toBe(0);

    // #2 grants Warehouse Admin to one person and takes Warehouse Picker from another.
    const second = mergedPullRequest(
      current,
      'pr-2',
      (csv) => `${csv.replace(`${removedRow}\n`, '')}${addedRow}\n`,
    );
    github.state.setFile(
      second.base,
      'okta-access.yaml',
      readFileSync(path.join(workspace, 'okta-access.yaml')),
    );
    github.state.addPullRequest({
      number: 2,
      headSha: second.head,
      mergeCommitSha: second.merge,
      merged: true,
    });
    const event = { base: { ref: 'main', sha: second.base }, sha: second.merge };
    const fullBefore = emulator.counts().total;
    expect((await current.plan(2, second.head, {}, event)).code).toBe(0);
    const fullPlan = emulator.counts().total - fullBefore;
    const before = emulator.counts().total;
    const planned = await current.plan(
      2,
      second.head,
      { scope: 'auto' },
      { base: { ref: 'main', sha: second.base }, sha: second.merge },
    );
    expect(planned.log).not.toMatch(/::error/);
    expect(planned.code).toBe(0);
    // Warehouse by label and its assignments, the two groups (one list), their members, the new row's user — and,
    // since the repository has campaigns, the campaigns and their reviews (revoked memberships are held).
    const scoped = emulator.counts().total - before;
    const management = emulator
      .log()
      .slice(-scoped)
      .filter((request) => !request.path.startsWith('/governance/'));
    expect(management.length).toBeLessThanOrEqual(2 * 2 + 5);
    expect(scoped).toBeLessThan(fullPlan);
    const comment = github.state.comments(2).find((c) => c.body.startsWith(planMarker))?.body ?? '';
    expect(comment).toContain('scoped to 2 of');
    expect(comment).toContain('the scheduled drift check covers the rest');
    expect(comment).toContain('kwame.mensah@example.com');
    expect(comment).toContain('zara.ahmed@example.com');

    // Meanwhile someone grants Payroll Viewer in Okta: a group the change does not touch.
    const { store } = emulator;
    const viewer = store.groupByName('Payroll-Viewer')?.id ?? '';
    store.addMember(viewer, store.requireUser('tyrone.jackson@example.com').id);
    const applied = await current.apply({ scope: 'auto' }, second.merge);
    expect(applied.log).not.toMatch(/::error/);
    expect(applied.code).toBe(0);
    expect(applied.outputs['plan-hash']).toBe(planned.outputs['plan-hash']);
    expect(applied.outputs.summary).toBe('applied 2, unchanged 0, skipped 0, failed 0');
    expect(members(current, 'Warehouse-Admin')).toContain('kwame.mensah@example.com');
    expect(members(current, 'Warehouse-Picker')).not.toContain('zara.ahmed@example.com');
    // The drift outside the scope is left for the drift check.
    expect(members(current, 'Payroll-Viewer')).toContain('tyrone.jackson@example.com');

    // #3 grants Warehouse Admin to one more person; before it merges, someone takes Warehouse Admin away from the
    // person #2 granted it to, in Okta: the touched group changed.
    const third = mergedPullRequest(
      current,
      'pr-3',
      (csv) => `${csv}Aiko,Nakamura,aiko.nakamura@example.com,olivia.brennan@example.com,Warehouse,Admin\n`,
    );
    github.state.setFile(
      third.base,
      'okta-access.yaml',
      readFileSync(path.join(workspace, 'okta-access.yaml')),
    );
    github.state.addPullRequest({
      number: 3,
      headSha: third.head,
      mergeCommitSha: third.merge,
      merged: true,
    });
    const planned3 = await current.plan(
      3,
      third.head,
      { scope: 'auto' },
      { base: { ref: 'main', sha: third.base }, sha: third.merge },
    );
    expect(planned3.code).toBe(0);
    const admin = store.groupByName('Warehouse-Admin')?.id ?? '';
    store.removeMember(admin, store.requireUser('kwame.mensah@example.com').id);
    const writes = await current.oktaWrites();
    const refused = await current.apply({ scope: 'auto' }, third.merge);
    expect(refused.code).not.toBe(0);
    expect(refused.outputs.summary).toMatch(/the plan changed since it was approved/);
    expect(await current.oktaWrites()).toBe(writes);
    expect(members(current, 'Warehouse-Admin')).not.toContain('aiko.nakamura@example.com');
  });

  it('refuses a scope input other than auto or none', async () => {
    const current = await startActionRig();
    rig = current;
    const run = await current.plan(4, current.mainSha, { scope: 'git:main...HEAD' });
    expect(run.code).not.toBe(0);
    expect(run.log).toContain('input scope must be auto or none');
    expect(await current.oktaWrites()).toBe(0);
  });
});
