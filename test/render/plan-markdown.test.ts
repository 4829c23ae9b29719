import { describe, expect, it } from 'vitest';
import { changeKinds } from '../../src/model/change.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { buildPlan, change, diagnostic, largePlan, realisticPlan } from './plan-fixture.js';

const githubLimit = 65_536;
const changeLine = /^- (add|remove|create|update|assign|unassign|delete) /;
const sourceUrl = (file: string, line: number) =>
  `https://github.com/acme/access/blob/4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39/${file}#L${line}`;

function changeLines(markdown: string): string[] {
  return markdown.split('\n').filter((line) => changeLine.test(line));
}

function lastLine(markdown: string): string {
  return markdown.trimEnd().split('\n').at(-1) ?? '';
}

describe('renderPlanMarkdown', () => {
  it('renders a realistic plan as a PR comment', async () => {
    await expect(renderPlanMarkdown(realisticPlan(), { sourceUrl })).toMatchFileSnapshot(
      '__snapshots__/plan-comment.md',
    );
  });

  it('says there is nothing to do when the plan is empty', () => {
    expect(renderPlanMarkdown(buildPlan([]))).toMatchInlineSnapshot(`
      "### Okta access plan: no changes

      Org \`https://acme.okta.com\` · config \`okta-access.yaml\` · commit \`4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\`

      No changes. Okta matches the access repository.
      "
    `);
  });

  it('shows the blockers of a plan that cannot be applied first, then the errors, then the changes', () => {
    const plan = buildPlan([change.remove('Payroll', 'Admin', 'bob@example.com')], {
      applicable: false,
      blockers: ['1 error in the inputs', '1 removal exceeds maxDeletes (0)'],
      diagnostics: [diagnostic('error', 4, 'not an email: "bob@"'), diagnostic('warning', 1, 'unused')],
    });
    expect(renderPlanMarkdown(plan)).toMatchInlineSnapshot(`
      "### Okta access plan: 0 to create, 0 to add, 1 to remove, 0 to delete

      Org \`https://acme.okta.com\` · config \`okta-access.yaml\` · commit \`4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\`

      | Change | Kind | Count |
      | :-- | :-- | --: |
      | Create app | \`app.create\` | 0 |
      | Create group | \`group.create\` | 0 |
      | Update group | \`group.update\` | 0 |
      | Assign group to app | \`assignment.add\` | 0 |
      | Add member | \`membership.add\` | 0 |
      | Remove member | \`membership.remove\` | 1 |
      | Unassign group from app | \`assignment.remove\` | 0 |
      | Delete group | \`group.delete\` | 0 |
      | **Destructive** (removes access or objects) | | **1** |
      | Total | | 1 |

      > [!CAUTION]
      > **This plan cannot be applied:**
      > - 1 error in the inputs
      > - 1 removal exceeds maxDeletes (0)

      #### Errors (1)

      - \`apps/payroll.csv:4:3\` \`CSV_INVALID_EMAIL\` not an email: "bob@"

      #### Destructive changes (1)

      ##### Payroll

      **Payroll-Admin** — 1 member to remove

      - remove bob@example.com — no row in apps/payroll.csv

      #### Warnings (1)

      - \`apps/payroll.csv:1:3\` \`ENTITLEMENT_UNUSED\` unused
      "
    `);
  });

  it('escapes user data so that it cannot format, link, tabulate or inject HTML', () => {
    const plan = buildPlan([
      change.remove('Pay|roll', 'Ad*min_<script>', 'o`brien_x@example.com'),
      change.add('Pay|roll', 'Ad*min_<script>', '@octocat', 2),
    ]);
    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toContain('- add @\u200boctocat ·');
    expect(markdown).not.toContain('<script>');
    expect(markdown).toMatchInlineSnapshot(`
      "### Okta access plan: 0 to create, 1 to add, 1 to remove, 0 to delete

      Org \`https://acme.okta.com\` · config \`okta-access.yaml\` · commit \`4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\`

      | Change | Kind | Count |
      | :-- | :-- | --: |
      | Create app | \`app.create\` | 0 |
      | Create group | \`group.create\` | 0 |
      | Update group | \`group.update\` | 0 |
      | Assign group to app | \`assignment.add\` | 0 |
      | Add member | \`membership.add\` | 1 |
      | Remove member | \`membership.remove\` | 1 |
      | Unassign group from app | \`assignment.remove\` | 0 |
      | Delete group | \`group.delete\` | 0 |
      | **Destructive** (removes access or objects) | | **1** |
      | Total | | 2 |

      #### Destructive changes (1)

      ##### Pay\\|roll

      **Pay\\|roll-Ad\\*min\\_\\<script\\>** — 1 member to remove

      - remove o\\\`brien\\_x@example.com — no row in apps/pay\\|roll.csv

      #### Additions and updates (1)

      ##### Pay\\|roll

      <details><summary>Pay|roll-Ad*min_&lt;script&gt;: 1 member to add</summary>

      - add @​octocat · \`apps/pay|roll.csv:2\`

      </details>
      "
    `);
  });

  it('links each source when given a URL for a file and line', () => {
    const markdown = renderPlanMarkdown(buildPlan([change.add('Payroll', 'Admin', 'erin@example.com', 7)]), {
      sourceUrl: (file, line) => `https://example.com/${file} (x)#L${line}`,
    });
    expect(markdown).toContain(
      '- add erin@example.com · [`apps/payroll.csv:7`](https://example.com/apps/payroll.csv%20%28x%29#L7)',
    );
  });

  it('is byte-identical for the same plan, whatever the order of its changes', () => {
    const plan = realisticPlan();
    const reversed = buildPlan([...plan.changes].reverse(), {
      unmanaged: plan.unmanaged,
      diagnostics: plan.diagnostics,
    });
    expect(renderPlanMarkdown(reversed)).toBe(renderPlanMarkdown(plan));
  });

  describe('a plan longer than maxChars', () => {
    const plan = largePlan();
    const markdown = renderPlanMarkdown(plan);

    it('stays under GitHub’s limit', () => {
      expect(plan.changes).toHaveLength(50_000);
      expect(markdown.length).toBeLessThan(githubLimit);
      expect(markdown.length).toBeLessThanOrEqual(60_000);
    });

    it('keeps the summary table with every count', () => {
      for (const kind of changeKinds) {
        const count = plan.summary.byKind[kind].toLocaleString('en-US');
        expect(markdown).toMatch(
          new RegExp(`^\\| [^|]+ \\| \`${kind.replace('.', '\\.')}\` \\| ${count} \\|$`, 'm'),
        );
      }
      expect(markdown).toContain('| **Destructive** (removes access or objects) | | **308** |');
      expect(markdown).toContain('| Total | | 50,000 |');
    });

    it('lists every destructive change and cuts additions first', () => {
      const lines = changeLines(markdown);
      expect(lines.filter((line) => line.startsWith('- delete group '))).toHaveLength(3);
      expect(lines.filter((line) => line.startsWith('- unassign from app '))).toHaveLength(5);
      expect(lines.filter((line) => line.startsWith('- remove '))).toHaveLength(300);
      expect(markdown).toContain('#### Destructive changes (308)');
      expect(markdown).not.toContain('more destructive change');
      expect(lines.filter((line) => line.startsWith('- add ')).length).toBeGreaterThan(100);
    });

    it('ends with the exact number of changes not shown', () => {
      const hidden = 50_000 - changeLines(markdown).length;
      expect(lastLine(markdown)).toBe(
        `… ${hidden.toLocaleString('en-US')} more changes not shown (the full plan is in the job summary / plan.json)`,
      );
    });

    it('says how many of a group’s changes a cut group shows', () => {
      expect(markdown).toMatch(/<summary>App0-E\d+: \d+ members to add \(\d+ of \d+ shown\)<\/summary>/);
    });
  });

  it('cuts destructive changes only when additions are gone, membership removals before deletions', () => {
    const markdown = renderPlanMarkdown(largePlan(), { maxChars: 8_000 });
    expect(markdown.length).toBeLessThanOrEqual(8_000);
    expect(changeLines(markdown).filter((line) => line.startsWith('- add '))).toHaveLength(0);
    const destructiveShown = changeLines(markdown).length;
    expect(changeLines(markdown).filter((line) => line.startsWith('- remove ')).length).toBeGreaterThan(0);
    expect(changeLines(markdown).filter((line) => line.startsWith('- delete group '))).toHaveLength(3);
    expect(changeLines(markdown).filter((line) => line.startsWith('- unassign from app '))).toHaveLength(5);
    expect(markdown).toContain(`_… ${308 - destructiveShown} more destructive changes not shown._`);
    expect(markdown).toContain('| Delete group | `group.delete` | 3 |');
    expect(markdown).toMatch(/\*\*App\d-E000\*\* — 100 members to remove \(\d+ of 100 shown\)/);
    expect(lastLine(markdown)).toBe(
      `… ${(50_000 - destructiveShown).toLocaleString('en-US')} more changes not shown (the full plan is in the job summary / plan.json)`,
    );
  });

  it('shows everything when the plan fits exactly, and cuts when it is one character over', () => {
    const plan = realisticPlan();
    const full = renderPlanMarkdown(plan);
    expect(renderPlanMarkdown(plan, { maxChars: full.length })).toBe(full);
    const cut = renderPlanMarkdown(plan, { maxChars: full.length - 1 });
    expect(cut.length).toBeLessThan(full.length);
    expect(cut).toContain('#### Destructive changes (5)');
  });
});
