import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayHistory } from '../../src/audit/replay.js';
import { whoHas } from '../../src/audit/who-has.js';
import { openAuditRepository } from '../../src/git/history.js';
import { buildStory, type Story } from './story.js';

let story: Story;
beforeAll(() => {
  story = buildStory();
});
afterAll(() => story.repo.remove());

describe('replaying the first-parent line', () => {
  it('agrees with who-has at every commit, for every app (all people at once)', async () => {
    const { git, configPath } = await openAuditRepository(story.config);
    try {
      const commits = await git.firstParentHistory(story.shas.c8);
      expect(commits.map((commit) => commit.sha)).toEqual(
        ['c1', 'c2', 'm1', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'].map((name) => story.shas[name as 'c1']),
      );
      const replay = await replayHistory({
        commits,
        configPath,
        readBlob: (oid) => git.readBlob(oid),
        env: {},
      });
      expect(replay.warnings).toEqual([]);
      const population = new Map<string, Set<string>>();
      for (const [index, commit] of commits.entries()) {
        for (const change of replay.changes.filter((c) => c.commit === index)) {
          const members = population.get(change.app) ?? new Set<string>();
          const key = `${change.entitlement} ${change.key}`;
          if (change.action === 'grant') members.add(key);
          else members.delete(key);
          population.set(change.app, members);
        }
        for (const app of ['Payroll', 'Wiki']) {
          const report = await whoHas({ git, configPath, app, at: commit.sha, ref: 'HEAD', env: {} });
          const expected = report.members.map((m) => `${m.entitlement} ${m.email.toLowerCase()}`).sort();
          expect([...(population.get(app) ?? [])].sort(), `${app} at ${commit.subject}`).toEqual(expected);
        }
      }
      // Each CSV version is parsed once: 10 versions in the story.
      expect(replay.csvVersions).toBe(10);
    } finally {
      await git.close();
    }
  });
});
