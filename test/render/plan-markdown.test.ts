import { describe, expect, it } from 'vitest';
import { adoptionKinds, changeKinds } from '../../src/model/change.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import {
  buildPlan,
  campaignChangeList,
  campaignNotes,
  change,
  diagnostic,
  largePlan,
  realisticPlan,
} from './plan-fixture.js';

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
      | Replace campaign | \`campaign.replace\` | 0 |
      | Create campaign | \`campaign.create\` | 0 |
      | Launch campaign | \`campaign.launch\` | 0 |
      | End campaign | \`campaign.end\` | 0 |
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
    expect(markdown).toContain('- add @\u2060octocat ·');
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
      | Replace campaign | \`campaign.replace\` | 0 |
      | Create campaign | \`campaign.create\` | 0 |
      | Launch campaign | \`campaign.launch\` | 0 |
      | End campaign | \`campaign.end\` | 0 |
      | **Destructive** (removes access or objects) | | **1** |
      | Total | | 2 |

      #### Destructive changes (1)

      ##### Pay\\|roll

      **Pay\\|roll-Ad\\*min\\_&lt;script&gt;** — 1 member to remove

      - remove o\\\`brien\\_x@example.com — no row in apps/pay\\|roll.csv

      #### Additions and updates (1)

      ##### Pay\\|roll

      <details><summary>Pay|roll-Ad*min_&lt;script&gt;: 1 member to add</summary>

      - add @⁠octocat · <code>apps/pay\\|roll.csv:2</code>

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
      // Adoption rows show only when the plan adopts something.
      for (const kind of changeKinds.filter(
        (k) => !adoptionKinds.includes(k) || plan.summary.byKind[k] > 0,
      )) {
        const count = plan.summary.byKind[kind].toLocaleString('en-US');
        // Sourcing is opt-in: its rows are left out of plans without user changes.
        if (kind.startsWith('user.') && plan.summary.byKind[kind] === 0) {
          expect(markdown).not.toContain(`\`${kind}\``);
          continue;
        }
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

  describe('campaigns', () => {
    const plan = buildPlan(
      [
        change.add('Payroll', 'Admin', 'erin@example.com', 7),
        change.remove('Payroll', 'Admin', 'bob@example.com'),
        ...campaignChangeList(),
      ],
      { campaigns: campaignNotes },
    );

    it('lists campaign changes in their own section after the apps, then a table of the campaigns left alone', () => {
      expect(renderPlanMarkdown(plan)).toMatchInlineSnapshot(`
        "### Okta access plan: 0 to create, 1 to add, 1 to remove, 0 to delete; 1 campaign to create, 1 to replace, 1 to launch, 1 to end

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
        | Replace campaign | \`campaign.replace\` | 1 |
        | Create campaign | \`campaign.create\` | 1 |
        | Launch campaign | \`campaign.launch\` | 1 |
        | End campaign | \`campaign.end\` | 1 |
        | **Destructive** (removes access or objects) | | **3** |
        | Total | | 6 |

        #### Destructive changes (1)

        ##### Payroll

        **Payroll-Admin** — 1 member to remove

        - remove bob@example.com — no row in apps/payroll.csv

        #### Additions and updates (1)

        ##### Payroll

        <details><summary>Payroll-Admin: 1 member to add</summary>

        - add erin@example.com · \`apps/payroll.csv:7\`

        </details>

        #### Campaigns (4 changes, 2 destructive)

        - **destructive:** end campaign “Finance 2026 review” · \`campaigns/finance-2026-review.yaml:31\` — end: true, and the campaign is active
        - create campaign “Payroll quarterly access review” · \`campaigns/payroll-quarterly-access-review.yaml:1\` — declared, not in Okta
          - one-off from 2027-04-12T16:00:00Z for 21 days · reviewer type MANAGER · 2 target groups · launch on apply
        - launch campaign “Payroll quarterly access review” · \`campaigns/payroll-quarterly-access-review.yaml:30\` — launch: on-apply
        - **destructive:** replace campaign “Travel bookers review” (scheduled: deleted and created again, Okta has no update) · \`campaigns/travel-bookers-review.yaml:1\` — the definition differs from the scheduled campaign
          - \`/scheduleSettings/durationInDays\`: \`21\` → \`30\`
          - \`/reviewerSettings/type\`: \`"USER"\` → \`"MANAGER"\`
          - \`/notificationSettings/remindersSettings/reminderDays\`: _(unset)_ → \`[1,3,7]\`

        Managed campaigns this plan does not change:

        | Campaign | Status | Note |
        | :-- | :-- | :-- |
        | Payroll 2026 Q4 review | completed: 38 of 38 reviews decided | |
        | Payroll 2027 Q1 review | active: 12 of 40 reviews decided | the definition changed; an active campaign is left alone (Okta has no update) |
        | Travel annual review | scheduled | |
        "
      `);
    });

    it('shows the status table when nothing changes, and says why Okta does not match', () => {
      expect(renderPlanMarkdown(buildPlan([], { campaigns: campaignNotes }))).toMatchInlineSnapshot(`
        "### Okta access plan: no changes

        Org \`https://acme.okta.com\` · config \`okta-access.yaml\` · commit \`4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39\`

        No changes. Okta matches the access repository, except for 1 campaign left alone (see Campaigns).

        #### Campaigns

        Managed campaigns this plan does not change:

        | Campaign | Status | Note |
        | :-- | :-- | :-- |
        | Payroll 2026 Q4 review | completed: 38 of 38 reviews decided | |
        | Payroll 2027 Q1 review | active: 12 of 40 reviews decided | the definition changed; an active campaign is left alone (Okta has no update) |
        | Travel annual review | scheduled | |
        "
      `);
    });

    it('escapes campaign names, field paths and values, and notes', () => {
      const markdown = renderPlanMarkdown(
        buildPlan(
          [
            change.campaignReplace('Pay|roll', '<b>Q1</b> @team', [
              { op: 'replace', path: '/name', from: 'a`b', to: '*c*' },
            ]),
          ],
          { campaigns: [{ campaign: 'x|y', status: 'ACTIVE', note: 'see [here](https://evil.example)' }] },
        ),
      );
      expect(markdown).toContain(
        '- **destructive:** replace campaign “&lt;b&gt;Q1&lt;/b&gt; @\u2060team” (scheduled:',
      );
      expect(markdown).toContain('  - `/name`: ``"a`b"`` → `"*c*"`');
      expect(markdown).toContain('| x\\|y | active | see \\[here\\](https\u2060://evil.example) |');
      expect(markdown).not.toMatch(/(^|[^\\])<b>/m);
    });

    it('is byte-identical for the same plan, whatever the order of its changes and campaigns', () => {
      const reversed = buildPlan([...plan.changes].reverse(), { campaigns: [...plan.campaigns].reverse() });
      expect(renderPlanMarkdown(reversed)).toBe(renderPlanMarkdown(plan));
    });

    it('keeps campaign changes and counts them when a long plan is cut', () => {
      const large = largePlan();
      const campaigns = Array.from({ length: 30 }, (_, i) =>
        change.campaignCreate('App0', `Review ${String(i).padStart(2, '0')}`),
      );
      const withCampaigns = buildPlan([...large.changes, ...campaigns], { campaigns: campaignNotes });
      const markdown = renderPlanMarkdown(withCampaigns);
      expect(markdown.length).toBeLessThanOrEqual(60_000);
      expect(markdown).toContain('| Create campaign | `campaign.create` | 30 |');
      expect(markdown).toContain('#### Campaigns (30 changes)');
      const items = markdown.split('\n').filter((line) => line.startsWith('- create campaign '));
      expect(items).toHaveLength(30);
      expect(markdown).toContain('| Payroll 2027 Q1 review | active: 12 of 40 reviews decided |');
      const hidden = 50_030 - changeLines(markdown).length;
      expect(lastLine(markdown)).toBe(
        `… ${hidden.toLocaleString('en-US')} more changes not shown (the full plan is in the job summary / plan.json)`,
      );

      const tight = renderPlanMarkdown(withCampaigns, { maxChars: 7_000 });
      expect(tight.length).toBeLessThanOrEqual(7_000);
      const shown = tight.split('\n').filter((line) => line.startsWith('- create campaign ')).length;
      expect(shown).toBeLessThan(30);
      expect(tight).toContain(`_… ${30 - shown} more campaign changes not shown._`);
      expect(tight).toContain('_… 3 more unchanged campaigns not shown._');
      expect(tight).toContain('- delete group App0-Retired');
      expect(changeLines(tight).filter((line) => line.startsWith('- remove '))).toHaveLength(0);
      expect(lastLine(tight)).toBe(
        `… ${(50_030 - changeLines(tight).length).toLocaleString('en-US')} more changes not shown (the full plan is in the job summary / plan.json)`,
      );
    });
  });
});
