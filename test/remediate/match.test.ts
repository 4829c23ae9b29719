import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesired } from '../../src/load/index.js';
import type { DesiredState } from '../../src/model/state.js';
import type { OktaReview } from '../../src/okta/port.js';
import { defaultBranch } from '../../src/remediate/branch-name.js';
import {
  commitMessage,
  type Described,
  pullRequestBody,
  summaryLines,
} from '../../src/remediate/describe.js';
import { csvFilesOf, rowEdits } from '../../src/remediate/edits.js';
import { matchDecisions } from '../../src/remediate/match.js';
import { escapeMarkdown } from '../../src/render/escape.js';

const header = 'firstName,lastName,email,managerEmail,appName,groupName';
const csv =
  `\uFEFF${header}\r\n` +
  'Ada,Example,ada@example.com,,Payroll,Admin\r\n' +
  '"Alan\r\n(on leave)","Example, Jr.",alan@example.com,,Payroll,Admin\r\n' +
  'Grace,Example,Grace@Example.COM,,Payroll,Viewer\r\n' +
  'Ken,"Ex""ample",ken@example.com,,Payroll,Viewer\r\n';

async function load(): Promise<{ state: DesiredState; root: string }> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'okta-access-remediate-')));
  const files: Record<string, string> = {
    'okta-access.yaml': 'version: 1\n',
    'apps/payroll.yaml':
      'label: Payroll\ncsv: payroll.csv\nentitlements:\n  - {name: Admin}\n  - {name: Viewer}\n',
    'apps/payroll.csv': csv,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const loaded = await loadDesired({ configPath: path.join(root, 'okta-access.yaml'), env: {} });
  expect(loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  if (loaded.state === undefined) throw new Error('the repository did not load');
  return { state: loaded.state, root };
}

function review(
  overrides: Partial<OktaReview> & Pick<OktaReview, 'id' | 'principalEmail' | 'resourceId'>,
): OktaReview {
  return {
    campaignId: 'icm1',
    principalId: `00u-${overrides.id}`,
    principalName: null,
    decision: 'REVOKE',
    decided: '2027-03-05T10:00:00.000Z',
    note: null,
    reviewerId: '00uada',
    reviewerEmail: 'ada@example.com',
    remediationStatus: 'NONE',
    currentReviewerLevel: 'FIRST',
    created: '2027-03-01T16:00:00.000Z',
    ...overrides,
  };
}

const groups = new Map([
  ['00gadmin', 'Payroll-Admin'],
  ['00gviewer', 'PAYROLL-viewer'],
  ['00gother', 'Finance-Reports'],
]);

describe('REVOKE decisions against the rows the loader read', () => {
  it('finds each row by group name and email without case, and removes exactly those records', async () => {
    const { state, root } = await load();
    const reviews = [
      review({
        id: 'r1',
        principalEmail: 'alan@example.com',
        resourceId: '00gadmin',
        note: 'Left | payroll @team',
      }),
      review({
        id: 'r2',
        principalEmail: 'grace@example.com',
        resourceId: '00gviewer',
        principalName: 'Grace Example',
      }),
      review({ id: 'r3', principalEmail: 'ken@example.com', resourceId: '00gviewer', decision: 'APPROVE' }),
      review({ id: 'r4', principalEmail: 'ken@example.com', resourceId: '00gadmin' }),
      review({ id: 'r5', principalEmail: 'ada@example.com', resourceId: '00gother' }),
      review({ id: 'r6', principalEmail: 'ada@example.com', resourceId: '0oaapp' }),
      review({ id: 'r7', principalEmail: null, resourceId: '00gadmin' }),
    ];
    const remediations = matchDecisions(reviews, groups, state.apps);
    expect(remediations.map((item) => [item.review.id, item.kind])).toEqual([
      ['r1', 'remove'],
      ['r2', 'remove'],
      ['r4', 'already-removed'],
      ['r5', 'already-removed'],
      ['r6', 'unresolved'],
      ['r7', 'unresolved'],
    ]);
    expect(remediations[0]).toMatchObject({ app: 'Payroll', entitlement: 'Admin', source: { line: 3 } });
    expect(remediations[1]).toMatchObject({
      email: 'grace@example.com',
      entitlement: 'Viewer',
      source: { line: 5 },
    });

    const files = await csvFilesOf(state.apps, root);
    const edits = rowEdits(remediations, files);
    expect(edits.map((edit) => edit.path)).toEqual(['apps/payroll.csv']);
    const edited = edits[0]?.edit(Buffer.from(csv, 'utf8'));
    expect(edited?.toString('utf8')).toBe(
      `\uFEFF${header}\r\nAda,Example,ada@example.com,,Payroll,Admin\r\nKen,"Ex""ample",ken@example.com,,Payroll,Viewer\r\n`,
    );

    const described: Described = {
      campaign: { id: 'icm1', name: 'Payroll access review' },
      remediations,
      where: (source) => `${files.repoPaths.get(source.file)}:${source.line}`,
    };
    const body = pullRequestBody(described);
    expect(body).toContain('<!-- okta-access remediate: campaign icm1 -->');
    expect(body).toContain(
      '| alan@example.com | Payroll Admin | ada@example.com | 2027-03-05T10:00:00.000Z | Left \\| payroll @\u2060team | `apps/payroll.csv:3` |',
    );
    expect(body).toContain('| Grace Example (grace@example.com) | Payroll Viewer | ada@example.com |');
    expect(body).toMatch(/### Revoked: already removed \(2\)/);
    expect(body).toMatch(/ken@example\.com \| Payroll Admin .*no row grants ken@example\.com Payroll Admin/);
    expect(body).toMatch(/group Finance-Reports .*no entitlement of the repository is group Finance-Reports/);
    expect(body).toMatch(/### Revoked: not matched to a row \(2\)/);
    expect(commitMessage(described)).toContain(
      '- alan@example.com Payroll Admin, revoked by ada@example.com at 2027-03-05T10:00:00.000Z: "Left | payroll @team" (apps/payroll.csv:3)',
    );
    expect(summaryLines(described)).toEqual([
      expect.stringMatching(/^removed apps\/payroll\.csv:3: alan@example\.com Payroll Admin/),
      expect.stringMatching(/^removed apps\/payroll\.csv:5: grace@example\.com Payroll Viewer/),
      expect.stringMatching(/^already removed: ken@example\.com Payroll Admin/),
      expect.stringMatching(/^already removed: ada@example\.com group Finance-Reports/),
      expect.stringMatching(/^not matched: review r6 \(0oaapp is not a group/),
      expect.stringMatching(/^not matched: review r7 \(Okta gives no email/),
    ]);
  });

  it('removes a row named by two decisions once', async () => {
    const { state, root } = await load();
    const reviews = [
      review({ id: 'r1', principalEmail: 'ada@example.com', resourceId: '00gadmin' }),
      review({
        id: 'r2',
        principalEmail: 'ADA@example.com',
        resourceId: '00gadmin',
        currentReviewerLevel: 'SECOND',
      }),
    ];
    const edits = rowEdits(matchDecisions(reviews, groups, state.apps), await csvFilesOf(state.apps, root));
    expect(edits[0]?.edit(Buffer.from(csv, 'utf8')).toString('utf8')).not.toContain('ada@example.com');
  });

  it('keeps the pull request body within what GitHub accepts, however many decisions there are', () => {
    const remediations = Array.from({ length: 3000 }, (_, index) => ({
      kind: 'remove' as const,
      review: review({
        id: `r${index}`,
        principalEmail: `user${index}@example.com`,
        resourceId: '00gadmin',
        note: 'n'.repeat(200),
      }),
      email: `user${index}@example.com`,
      app: 'Payroll',
      entitlement: 'Admin',
      source: { file: 'apps/payroll.csv', line: index + 2 },
    }));
    const described: Described = {
      campaign: { id: 'icm1', name: 'Payroll access review' },
      remediations,
      where: (source) => `${source.file}:${source.line}`,
    };
    const body = pullRequestBody(described);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('removes the 3000 rows');
    expect(body).toMatch(/…and \d+ more: the commit message lists them all\./);
    expect(
      commitMessage(described)
        .split('\n')
        .filter((line) => line.startsWith('- ')),
    ).toHaveLength(3000);
  });

  it('keeps Okta text inert in Markdown and names branches by the campaign', () => {
    expect(escapeMarkdown('a\n<b>*c*</b> [x](y) @someone mail@example.com')).toBe(
      'a &lt;b&gt;\\*c\\*&lt;/b&gt; \\[x\\](y) @\u2060someone mail@example.com',
    );
    expect(defaultBranch('Payroll: Q1 access review (Ärzte)', 'icm1')).toBe(
      'okta-access/remediate-payroll-q1-access-review-arzte',
    );
    expect(defaultBranch('***', 'icmAbC1')).toBe('okta-access/remediate-icmabc1');
  });
});
