import { describe, expect, it } from 'vitest';
import { changeKey } from '../../src/model/change.js';
import {
  defaultApplyMaxChars,
  moreResultsNote,
  renderApplyMarkdown,
} from '../../src/render/apply-markdown.js';
import { buildReport, campaignReport, largeReport, realisticReport, result } from './apply-fixture.js';
import { change } from './plan-fixture.js';

const githubLimit = 65_536;

/** Every shown result is one list item. */
function listItems(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('- '));
}

function lastLine(markdown: string): string {
  return markdown.trimEnd().split('\n').at(-1) ?? '';
}

/** The lines between a `#### heading` and the next one. */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`#### ${heading}`));
  if (start < 0) return [];
  const end = lines.findIndex((line, index) => index > start && line.startsWith('#### '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('renderApplyMarkdown', () => {
  it('renders a small report: title, counts, failures first, destructive changes, folded additions', () => {
    const report = buildReport([
      result.applied(change.add('Payroll', 'Admin', 'erin@example.com', 7)),
      result.applied(change.remove('Payroll', 'Admin', 'bob@example.com')),
      result.failed(change.add('Payroll', 'Viewer', 'dana@example.com', 4)),
      result.unchanged(change.add('Payroll', 'Admin', 'carl@example.com', 3)),
    ]);
    expect(renderApplyMarkdown(report)).toMatchInlineSnapshot(`
      "### Okta access apply failed: 2 applied, 1 unchanged, 0 skipped, 1 failed

      Org \`https://acme.okta.com\` · config \`okta-access.yaml\` · commit \`4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\` · plan \`sha256:9b1e0c7d5a3f\`

      > [!CAUTION]
      > **1 change failed**; listed first below.

      Before apply: the org is as it was when the plan was made.

      | Change | Kind | Applied | Unchanged | Skipped | Failed |
      | :-- | :-- | --: | --: | --: | --: |
      | Create app | \`app.create\` | 0 | 0 | 0 | 0 |
      | Create group | \`group.create\` | 0 | 0 | 0 | 0 |
      | Update group | \`group.update\` | 0 | 0 | 0 | 0 |
      | Assign group to app | \`assignment.add\` | 0 | 0 | 0 | 0 |
      | Add member | \`membership.add\` | 1 | 1 | 0 | 1 |
      | Remove member | \`membership.remove\` | 1 | 0 | 0 | 0 |
      | Unassign group from app | \`assignment.remove\` | 0 | 0 | 0 | 0 |
      | Delete group | \`group.delete\` | 0 | 0 | 0 | 0 |
      | Replace campaign | \`campaign.replace\` | 0 | 0 | 0 | 0 |
      | Create campaign | \`campaign.create\` | 0 | 0 | 0 | 0 |
      | Launch campaign | \`campaign.launch\` | 0 | 0 | 0 | 0 |
      | End campaign | \`campaign.end\` | 0 | 0 | 0 | 0 |
      | **Total** | | 2 | 1 | 0 | 1 |

      Verification: the org was read back; every change took.

      Okta: 14 requests · 1 retry · 1 rate-limited (429) · 3.2 s waited · took 1 min 5 s.

      #### Failures (1)

      - Payroll › Payroll-Viewer: add dana@example.com · \`apps/payroll.csv:4\` — **failed** \`E0000007\` · error id \`oaeXk3Q2\`: Okta answered 404 E0000007 to PUT /api/v1/groups/{id}/users/{id}: Not found: Resource not found

      #### Destructive changes applied (1)

      ##### Payroll

      **Payroll-Admin** — 1 member removed

      - remove bob@example.com — no row in apps/payroll.csv

      #### Additions and updates applied (1)

      ##### Payroll

      <details><summary>Payroll-Admin: 1 member added</summary>

      - add erin@example.com · \`apps/payroll.csv:7\`

      </details>

      #### Unchanged and skipped (1)

      <details><summary>1 unchanged, 0 skipped</summary>

      - Payroll › Payroll-Admin: add carl@example.com · \`apps/payroll.csv:3\` — unchanged: Okta already held it

      </details>
      "
    `);
  });

  it('says "apply complete" in the title and has no caution when nothing failed', () => {
    const report = buildReport([result.applied(change.add('Payroll', 'Admin', 'erin@example.com', 7))]);
    const markdown = renderApplyMarkdown(report);
    expect(markdown.split('\n')[0]).toBe(
      '### Okta access apply complete: 1 applied, 0 unchanged, 0 skipped, 0 failed',
    );
    expect(markdown).not.toContain('[!CAUTION]');
    expect(markdown).not.toContain('#### Failures');
    const failed = renderApplyMarkdown(realisticReport());
    expect(failed.split('\n')[0]).toBe(
      '### Okta access apply failed: 7 applied, 1 unchanged, 1 skipped, 1 failed',
    );
    expect(failed).toContain('> **1 change failed**; listed first below.');
  });

  it('marks a change the read-back shows did not take, and one Okta refused without ids', () => {
    const legacy = change.groupDelete('Payroll', 'Legacy');
    const report = buildReport([
      result.didNotTake(change.add('Payroll', 'Admin', 'erin@example.com', 7)),
      {
        key: changeKey(legacy),
        change: legacy,
        outcome: 'failed',
        detail: 'Okta did not answer DELETE /api/v1/groups/{id}: ECONNRESET',
      },
    ]);
    expect(section(renderApplyMarkdown(report), 'Failures')).toEqual([
      '',
      '- Payroll › Payroll-Admin: add erin@example.com · `apps/payroll.csv:7` — **did not take**: written, but reading the org back shows it did not take',
      '- Payroll › Payroll-Legacy: delete group — **failed**: Okta did not answer DELETE /api/v1/groups/{id}: ECONNRESET',
      '',
    ]);
  });

  it('fits a 20,000-result report under the cap, lists every failure and counts exactly what is not shown', () => {
    const report = largeReport(20_000);
    const markdown = renderApplyMarkdown(report);
    expect(markdown.length).toBeLessThanOrEqual(defaultApplyMaxChars);
    expect(markdown.length).toBeLessThan(githubLimit);
    expect(markdown.length).toBeGreaterThan(defaultApplyMaxChars - 2_000);

    const failures = report.results.filter((entry) => entry.outcome === 'failed');
    expect(failures.length).toBe(40);
    const failureLines = section(markdown, 'Failures (40)').filter((line) => line.startsWith('- '));
    expect(failureLines).toHaveLength(40);
    for (const failure of failures) {
      const failed = failure.change;
      if (failed.kind !== 'membership.add') throw new Error('fixture: failures are additions');
      const line = failureLines.find((text) => text.includes(` ${failed.email} `));
      expect(line).toBeDefined();
      expect(line).toContain(
        failure.verifyFailed === true ? '**did not take**' : '`E0000007` · error id `oaeXk3Q2`',
      );
    }

    const hidden = report.results.length - listItems(markdown).length;
    expect(hidden).toBeGreaterThan(0);
    expect(lastLine(markdown)).toBe(`… ${hidden.toLocaleString('en-US')} ${moreResultsNote}`);
    expect(markdown.split('\n')[0]).toBe(
      '### Okta access apply failed: 19,940 applied, 20 unchanged, 0 skipped, 40 failed',
    );
  });

  it('cuts unchanged results, then additions, then destructive changes, and failures last', () => {
    const report = buildReport([
      ...Array.from({ length: 30 }, (_, i) =>
        result.failed(change.add('Payroll', 'Admin', `f${i}@example.com`, i)),
      ),
      ...Array.from({ length: 30 }, (_, i) =>
        result.applied(change.remove('Payroll', 'Admin', `r${i}@example.com`)),
      ),
      ...Array.from({ length: 30 }, (_, i) =>
        result.applied(change.add('Payroll', 'Admin', `a${i}@example.com`, i)),
      ),
      ...Array.from({ length: 30 }, (_, i) =>
        result.unchanged(change.add('Payroll', 'Viewer', `u${i}@example.com`, i)),
      ),
    ]);
    const full = renderApplyMarkdown(report, { maxChars: 1_000_000 });
    expect(listItems(full)).toHaveLength(120);
    expect(full).not.toContain(moreResultsNote);

    const budget = full.length - 3_000;
    const cut = renderApplyMarkdown(report, { maxChars: budget });
    expect(cut.length).toBeLessThanOrEqual(budget);
    const shown = listItems(cut);
    expect(shown.filter((line) => line.includes('**failed**'))).toHaveLength(30);
    expect(shown.filter((line) => line.startsWith('- remove r'))).toHaveLength(30);
    expect(shown.filter((line) => line.includes('unchanged:'))).toHaveLength(0);
    expect(lastLine(cut)).toBe(`… ${120 - shown.length} ${moreResultsNote}`);

    const tiny = renderApplyMarkdown(report, { maxChars: 4_000 });
    expect(tiny.length).toBeLessThanOrEqual(4_000);
    expect(listItems(tiny).every((line) => line.includes('**failed**'))).toBe(true);
    expect(tiny).toContain('| **Total** | | 60 | 30 | 0 | 30 |');
  });

  it('escapes user data: names, emails, error ids and details cannot format, link, mention or inject HTML', () => {
    const group = { ...change.add('Pay*roll', '<b>Admin</b>', '@team_lead|x@example.com', 3) };
    const report = buildReport([
      {
        ...result.failed(group, 'E0000`7', 'oae<id>'),
        detail: 'see [here](https://evil.example) ![x](y) <img src=x>\nnew line',
      },
      result.applied({ ...change.add('Pay*roll', '<b>Admin</b>', 'ok@example.com', 4) }),
    ]);
    const markdown = renderApplyMarkdown(report);
    expect(section(markdown, 'Failures')[1]).toBe(
      '- Pay\\*roll › Pay\\*roll-&lt;b&gt;Admin&lt;/b&gt;: add @\u2060team\\_lead\\|x@example.com · `apps/pay*roll.csv:3` — **failed** ``E0000`7`` · error id <code>oae&lt;id&gt;</code>: see \\[here\\](https\u2060://evil.example) \\!\\[x\\](y) &lt;img src=x&gt; new line',
    );
    expect(markdown).toContain(
      '<details><summary>Pay*roll-&lt;b&gt;Admin&lt;/b&gt;: 1 member added</summary>',
    );
    expect(markdown).toContain('##### Pay\\*roll');
    expect(markdown).not.toMatch(/(^|[^\\])<(img|b>)/m);
  });

  it('is byte-identical for the same report, whatever the order of its results', () => {
    const report = largeReport(3_000);
    const markdown = renderApplyMarkdown(report);
    expect(renderApplyMarkdown(buildReport([...report.results].reverse()))).toBe(markdown);
  });

  describe('campaigns', () => {
    it('lists applied campaign changes in their own section, failures first and skipped ones with the rest', () => {
      expect(renderApplyMarkdown(campaignReport())).toMatchInlineSnapshot(`
        "### Okta access apply failed: 3 applied, 0 unchanged, 1 skipped, 1 failed

        Org \`https://acme.okta.com\` · config \`okta-access.yaml\` · commit \`4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\` · plan \`sha256:9b1e0c7d5a3f\`

        > [!CAUTION]
        > **1 change failed**; listed first below.

        Before apply: the org is as it was when the plan was made.

        | Change | Kind | Applied | Unchanged | Skipped | Failed |
        | :-- | :-- | --: | --: | --: | --: |
        | Create app | \`app.create\` | 0 | 0 | 0 | 0 |
        | Create group | \`group.create\` | 0 | 0 | 0 | 0 |
        | Update group | \`group.update\` | 0 | 0 | 0 | 0 |
        | Assign group to app | \`assignment.add\` | 0 | 0 | 0 | 0 |
        | Add member | \`membership.add\` | 1 | 0 | 0 | 0 |
        | Remove member | \`membership.remove\` | 0 | 0 | 0 | 0 |
        | Unassign group from app | \`assignment.remove\` | 0 | 0 | 0 | 0 |
        | Delete group | \`group.delete\` | 0 | 0 | 0 | 0 |
        | Replace campaign | \`campaign.replace\` | 0 | 0 | 0 | 1 |
        | Create campaign | \`campaign.create\` | 1 | 0 | 0 | 0 |
        | Launch campaign | \`campaign.launch\` | 1 | 0 | 0 | 0 |
        | End campaign | \`campaign.end\` | 0 | 0 | 1 | 0 |
        | **Total** | | 3 | 0 | 1 | 1 |

        Verification: the org was read back; every change took.

        Okta: 14 requests · 1 retry · 1 rate-limited (429) · 3.2 s waited · took 1 min 5 s.

        #### Failures (1)

        - Travel: replace campaign “Travel bookers review” (scheduled: deleted and created again, Okta has no update) · \`campaigns/travel-bookers-review.yaml:1\` — **failed** \`E0000001\` · error id \`oaeCmp9\`: Okta answered 400 E0000001 to DELETE /governance/api/v1/campaigns/{id}: Api validation failed: campaign is not scheduled

        #### Additions and updates applied (1)

        ##### Payroll

        <details><summary>Payroll-Admin: 1 member added</summary>

        - add erin@example.com · \`apps/payroll.csv:7\`

        </details>

        #### Campaigns applied (2 changes)

        - create campaign “Payroll quarterly access review” · \`campaigns/payroll-quarterly-access-review.yaml:1\` — declared, not in Okta
          - one-off from 2027-04-12T16:00:00Z for 21 days · reviewer type MANAGER · 2 target groups · launch on apply
        - launch campaign “Payroll quarterly access review” · \`campaigns/payroll-quarterly-access-review.yaml:30\` — launch: on-apply

        #### Unchanged and skipped (1)

        <details><summary>0 unchanged, 1 skipped</summary>

        - Finance: end campaign “Finance 2026 review” · \`campaigns/finance-2026-review.yaml:31\` — skipped: done by an earlier run of this plan (journal)

        </details>
        "
      `);
    });

    it('marks an applied destructive campaign change and counts it on the heading', () => {
      const report = buildReport([
        result.applied(change.campaignEnd('Payroll', 'Payroll 2027 Q1 review')),
        result.applied(change.campaignLaunch('Payroll', 'Payroll 2027 Q2 review', 'icr1')),
      ]);
      expect(section(renderApplyMarkdown(report), 'Campaigns applied')).toEqual([
        '',
        '- **destructive:** end campaign “Payroll 2027 Q1 review” · `campaigns/payroll-2027-q1-review.yaml:31` — end: true, and the campaign is active',
        '- launch campaign “Payroll 2027 Q2 review” · `campaigns/payroll-2027-q2-review.yaml:30` — launch: on-apply',
        '',
      ]);
      expect(renderApplyMarkdown(report)).toContain('#### Campaigns applied (2 changes, 1 destructive)');
    });

    it('cuts additions before campaign changes and counts exactly what is not shown', () => {
      const report = buildReport([
        ...Array.from({ length: 200 }, (_, i) =>
          result.applied(change.add('Payroll', 'Admin', `a${i}@example.com`, i)),
        ),
        ...Array.from({ length: 10 }, (_, i) =>
          result.applied(change.campaignCreate('Payroll', `Review ${i}`)),
        ),
      ]);
      const full = renderApplyMarkdown(report, { maxChars: 1_000_000 });
      const cut = renderApplyMarkdown(report, { maxChars: full.length - 2_000 });
      const shown = listItems(cut);
      expect(shown.filter((line) => line.startsWith('- create campaign '))).toHaveLength(10);
      expect(lastLine(cut)).toBe(`… ${210 - shown.length} ${moreResultsNote}`);
    });
  });
});
