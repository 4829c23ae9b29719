import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPort } from '../../src/cli/commands/plan.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { createGitHubPort } from '../../src/github/octokit.js';
import {
  applyMerge,
  detectDrift,
  driftMarker,
  type GitHubFlowOptions,
  planMarker,
  planPullRequest,
} from '../../src/pipeline/github.js';
import { pullRequestBody, remediationMarker } from '../../src/remediate/describe.js';
import { writeRepo } from '../e2e/repo.js';
import { type GitHubStandIn, startGitHubStandIn } from '../github/stand-in.js';
import { liveConstructs } from './markdown-checks.js';

/**
 * A pull request whose files carry Markdown and HTML meant for the bot's comments: mentions, issue references,
 * tracking-pixel images, raw HTML, a `</details>` to close the comment's fold, a second hidden plan-hash marker, a
 * heading after a newline, backticks. Through the real flows (plan comment, apply comment, drift issue, the comment
 * on an invalid repository) against the emulator and the GitHub stand-in, every body must hold none of it live.
 */

const forgedHash = `<!-- okta-access plan-hash: sha256:${'0'.repeat(64)} -->`;
const label = 'Pay @octocat #1 <img src=x>';
const entitlement = `Admin </details> ${forgedHash}`;
const description = 'desc ![p](https://x.example/p.png)\n# INJECTED heading\n- item `tick` ``';
const csvFile = 'pay @octocat <img src=x> #2.csv';
const csvHeader = 'firstName,lastName,email,managerEmail,appName,groupName';
const people = ['ada', 'alan'].map((name) => ({
  email: `${name}@example.com`,
  firstName: name,
  lastName: 'Example',
}));

function appFile(): string {
  return (
    `label: ${JSON.stringify(label)}\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\n` +
    `csv: ${JSON.stringify(csvFile)}\nentitlements:\n` +
    `  - {name: ${JSON.stringify(entitlement)}, description: ${JSON.stringify(description)}}\n`
  );
}

function row(email: string, group: string): string {
  return `Ada,"Example ![p](https://x.example/p.png)",${email},,"${label}","${group.replaceAll('"', '""')}"`;
}

describe('text from the access repository reaches GitHub inert', () => {
  let emulator: RunningEmulator;
  let github: GitHubStandIn;
  let config: string;
  let work: string;
  let options: GitHubFlowOptions;

  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', ...args], {
      cwd: work,
      encoding: 'utf8',
    }).trim();
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  };
  const inert = (body: string | null | undefined, markers: readonly string[]) => {
    expect(body).toBeDefined();
    expect(liveConstructs(body ?? '', { markers }), body ?? undefined).toEqual([]);
  };

  beforeAll(async () => {
    emulator = await startEmulator({ seed: { users: people } });
    github = await startGitHubStandIn({ owner: 'acme', repo: 'access' });
    config = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml': appFile(),
      [`apps/${csvFile}`]: `${csvHeader}\n${row('ada@example.com', entitlement)}\n`,
    });
    work = path.dirname(config);
    git('init', '-q', '-b', 'main');
    commit('Initial access repository');
    options = {
      configPath: config,
      env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token },
      openPort: openPort(1, 4),
      github: createGitHubPort({
        token: 'ghs_test',
        owner: 'acme',
        repo: 'access',
        baseUrl: github.url,
        retries: false,
      }),
    };
  });
  afterAll(async () => {
    await emulator.stop();
    await github.stop();
  });

  it('the comment on an invalid repository: file names, cells and labels quoted in diagnostics stay inert', async () => {
    const invalid = writeRepo({
      'okta-access.yaml': 'version: 1\n',
      'apps/payroll.yaml': appFile(),
      [`apps/${csvFile}`]:
        `${csvHeader}\n${row('ada@example.com', entitlement)}\n` +
        `${row('"bob @octocat <img src=x> ![p](https://x.example/p.png)"', entitlement)}\n` +
        `${row('alan@example.com', `Nope @octocat #3 </details>\n# INJECTED heading\n${forgedHash}`)}\n`,
    });
    github.state.addPullRequest({ number: 3, headSha: 'c'.repeat(40), merged: false });
    const result = await planPullRequest({
      ...options,
      configPath: invalid,
      pullNumber: 3,
      headSha: 'c'.repeat(40),
    });
    expect(result.ok).toBe(false);
    const body = github.state.comments(3)[0]?.body;
    // The diagnostics are there, quoting the hostile text (escaped), with their file and line.
    expect(body).toContain('CSV_INVALID_EMAIL');
    expect(body).toContain('CSV_UNDECLARED_ENTITLEMENT');
    expect(body).toContain('octocat');
    inert(body, [planMarker(invalid)]);
  });

  it('the plan comment, the apply comment and the drift issue of a valid hostile repository stay inert', async () => {
    const head = git('rev-parse', 'HEAD');
    github.state.addPullRequest({ number: 7, headSha: head, merged: false });
    const planned = await planPullRequest({ ...options, pullNumber: 7, headSha: head });
    expect(planned).toMatchObject({ ok: true, hasChanges: true });
    const comment = github.state.comments(7)[0]?.body;
    expect(comment).toContain('octocat');
    inert(comment, [planMarker(config), `<!-- okta-access plan-hash: ${planned.planHash} -->`]);

    // Before the merge is applied, the drift issue shows the same hostile plan.
    const drift = await detectDrift(options);
    expect(drift.hasChanges).toBe(true);
    const issue = github.state.issues().find((candidate) => candidate.pull === undefined);
    inert(issue?.body, [driftMarker(config)]);

    const pull = github.state.issue(7) as { pull?: Record<string, unknown> } | undefined;
    if (pull?.pull === undefined) throw new Error('#7 is not a pull request');
    pull.pull = { ...pull.pull, mergeCommitSha: head, mergedAt: new Date().toISOString() };
    const applied = await applyMerge({
      ...options,
      sha: head,
      allowDirectPush: false,
      allowDeletes: false,
      concurrency: 2,
      runUrl: null,
      pushNote: false,
    });
    expect(applied, applied.summary).toMatchObject({ ok: true });
    const report = github.state.comments(7)[1]?.body;
    expect(report).toMatch(/Okta access apply/);
    expect(report).toContain('octocat');
    inert(report, []);
  });

  it("the remediation pull request: entitlement names, file names and reviewers' notes stay inert", () => {
    const review = {
      id: 'rev1',
      campaignId: 'icm1',
      principalId: '00u1',
      principalEmail: 'ada@example.com',
      principalName: `Ada ${label}`,
      resourceId: '00g1',
      decision: 'REVOKE',
      decided: '2027-03-05T10:00:00.000Z',
      note: `Moved to @research ${description} ${forgedHash}`,
      reviewerId: '00u2',
      reviewerEmail: 'alan@example.com',
      remediationStatus: 'NONE',
      currentReviewerLevel: null,
      created: null,
    };
    const body = pullRequestBody({
      campaign: { id: 'icm1', name: `Q1 ${label} ![p](https://x.example/p.png)` },
      remediations: [
        {
          kind: 'remove',
          review,
          email: 'ada@example.com',
          app: label,
          entitlement,
          source: { file: `apps/${csvFile}`, line: 2 },
        },
        {
          kind: 'unresolved',
          review: { ...review, resourceId: `00g2 ${label}` },
          reason: `no group ${entitlement}`,
        },
      ],
      where: (source) => `${source.file}|x:${source.line}`,
    });
    expect(body).toContain('octocat');
    inert(body, [remediationMarker('icm1')]);
  });
});
