import { describe, expect, it } from 'vitest';
import { plainStyles, type Styles } from '../../src/render/diagnostics.js';
import { planRenderers } from '../../src/render/plan.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import {
  buildPlan,
  campaignBody,
  campaignChangeList,
  campaignNotes,
  change,
  diagnostic,
  realisticPlan,
} from './plan-fixture.js';

/** Shows which style wraps which text. */
const tagStyles: Styles = {
  red: (text) => `<red>${text}</red>`,
  yellow: (text) => `<yellow>${text}</yellow>`,
  green: (text) => `<green>${text}</green>`,
  dim: (text) => `<dim>${text}</dim>`,
  bold: (text) => `<b>${text}</b>`,
};

describe('renderPlanText', () => {
  it('groups changes by app and group, with signs, sources, reasons, unmanaged groups, warnings and counts', () => {
    expect(renderPlanText(realisticPlan())).toMatchInlineSnapshot(`
      "Okta access plan · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39

      Payroll
        Payroll-Admin
          ~ update group Payroll-Admin description: (none) → "Managed by okta-access-gitops"  # description differs
          + erin@example.com  apps/payroll.csv:7
          - bob@example.com   # no row in apps/payroll.csv
        Payroll-Auditors  unmanaged, left alone: no ownership marker in its description
        Payroll-Legacy
          - unassign from app Payroll    # entitlement no longer declared
          - delete group Payroll-Legacy  # entitlement no longer declared
        Payroll-Viewer
          - amy@example.com  # no row in apps/payroll.csv
          - zoe@example.com  # no row in apps/payroll.csv

      Travel
        + create app Travel (bookmark https://travel.example.com)  apps/travel.yaml:2  # declared in apps/travel.yaml with create: bookmark
        Travel-Booker
          + create group Travel-Booker  apps/travel.yaml:5  # entitlement Booker declared
          + assign to app Travel        apps/travel.yaml:5  # group not assigned to the app
          + carl@example.com            apps/travel.csv:2
          + dana@example.com            apps/travel.csv:3

      apps/payroll.csv:1:3 warning ENTITLEMENT_UNUSED entitlement Viewer has no rows

      Plan: 2 to create, 1 to update, 4 to add, 4 to remove, 1 to delete.
      "
    `);
  });

  it('colours the sign by what the change does and dims the source', () => {
    const plan = buildPlan([
      change.add('Payroll', 'Admin', 'erin@example.com', 7),
      change.groupUpdate('Payroll', 'Admin', 'old', 'new'),
      change.remove('Payroll', 'Admin', 'bob@example.com'),
    ]);
    expect(renderPlanText(plan, tagStyles)).toMatchInlineSnapshot(`
      "<b>Okta access plan · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39</b>

      <b>Payroll</b>
        Payroll-Admin
          <yellow>~</yellow> update group Payroll-Admin description: "old" → "new"  <dim># description differs</dim>
          <green>+</green> erin@example.com  <dim>apps/payroll.csv:7</dim>
          <red>-</red> bob@example.com   <dim># no row in apps/payroll.csv</dim>

      <b>Plan:</b> 0 to create, 1 to update, 1 to add, 1 to remove, 0 to delete.
      "
    `);
  });

  it('says there is nothing to do when the plan is empty', () => {
    expect(renderPlanText(buildPlan([]))).toMatchInlineSnapshot(`
      "Okta access plan · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39

      No changes. Okta matches the access repository.
      "
    `);
  });

  it('lists every blocker of a plan that cannot be applied, with errors, and keeps the summary line last', () => {
    const plan = buildPlan([change.remove('Payroll', 'Admin', 'bob@example.com')], {
      commit: null,
      applicable: false,
      blockers: ['1 error in the inputs', '1 removal exceeds maxDeletes (0)'],
      diagnostics: [diagnostic('error', 4, 'not an email: "bob@"')],
    });
    expect(renderPlanText(plan)).toMatchInlineSnapshot(`
      "Okta access plan · org https://acme.okta.com · config okta-access.yaml · commit (none)

      Payroll
        Payroll-Admin
          - bob@example.com  # no row in apps/payroll.csv

      apps/payroll.csv:4:3 error CSV_INVALID_EMAIL not an email: "bob@"

      This plan cannot be applied:
        - 1 error in the inputs
        - 1 removal exceeds maxDeletes (0)

      Plan: 0 to create, 0 to add, 1 to remove, 0 to delete.
      "
    `);
  });

  it('is byte-identical for the same changes in any order', () => {
    const plan = realisticPlan();
    const reversed = buildPlan([...plan.changes].reverse(), {
      unmanaged: plan.unmanaged,
      diagnostics: plan.diagnostics,
    });
    expect(renderPlanText(reversed)).toBe(renderPlanText(plan));
  });

  it("lists a group's members in CSV order (file, then line), not by email, so line numbers read top-down", () => {
    const plan = buildPlan([
      change.add('Payroll', 'Admin', 'amy@example.com', 9),
      change.add('Payroll', 'Admin', 'zoe@example.com', 2),
      change.add('Payroll', 'Admin', 'bob@example.com', 5),
      change.remove('Payroll', 'Admin', 'yan@example.com'),
      change.remove('Payroll', 'Admin', 'cat@example.com'),
    ]);
    const members = renderPlanText(plan)
      .split('\n')
      .filter((line) => line.startsWith('    '))
      .map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '));
    expect(members).toEqual([
      '+ zoe@example.com',
      '+ bob@example.com',
      '+ amy@example.com',
      '- cat@example.com',
      '- yan@example.com',
    ]);
  });

  it("counts each group's additions on its heading with countAdditions, and lists every other change", () => {
    const text = renderPlanText(realisticPlan(), plainStyles, { countAdditions: true });
    expect(text).toContain('  Travel-Booker: + 2 members to add\n    + create group Travel-Booker');
    expect(text).toContain('  Payroll-Admin: + 1 member to add\n');
    expect(text).not.toContain('dana@example.com');
    expect(text).toContain('- bob@example.com');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      renderPlanText(realisticPlan()).trimEnd().split('\n').at(-1),
    );
  });

  it('lists every destructive change, however many', () => {
    const removals = Array.from({ length: 5000 }, (_, i) =>
      change.remove('Payroll', 'Admin', `u${i}@example.com`),
    );
    const lines = renderPlanText(buildPlan(removals)).split('\n');
    expect(lines.filter((line) => line.startsWith('    - u'))).toHaveLength(5000);
  });

  it('shows control characters in names instead of sending them to the terminal', () => {
    const plan = buildPlan([change.groupDelete('Pay\u001b[2Jroll', 'Admin\nInjected')]);
    const text = renderPlanText(plan);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('delete group Pay\\u001b[2Jroll-Admin\\u000aInjected');
  });

  it('is the text entry of the renderer registry, beside JSON and Markdown', () => {
    const plan = realisticPlan();
    expect(planRenderers.text(plan, tagStyles)).toBe(renderPlanText(plan, tagStyles));
    expect(JSON.parse(planRenderers.json(plan, tagStyles))).toEqual(plan);
    expect(planRenderers.json(plan, tagStyles).endsWith('}\n')).toBe(true);
    expect(planRenderers.markdown(plan, tagStyles)).toMatch(/^### Okta access plan: /);
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

    it('lists campaign changes after the apps, with the create body and changed fields, then the campaigns left alone', () => {
      expect(renderPlanText(plan)).toMatchInlineSnapshot(`
        "Okta access plan · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39

        Payroll
          Payroll-Admin
            + erin@example.com  apps/payroll.csv:7
            - bob@example.com   # no row in apps/payroll.csv

        Campaigns
          - end campaign "Finance 2026 review"  campaigns/finance-2026-review.yaml:31  # end: true, and the campaign is active
          + create campaign "Payroll quarterly access review"  campaigns/payroll-quarterly-access-review.yaml:1  # declared, not in Okta
            one-off from 2027-04-12T16:00:00Z for 21 days · reviewer type MANAGER · 2 target groups · launch on apply
          » launch campaign "Payroll quarterly access review"  campaigns/payroll-quarterly-access-review.yaml:30  # launch: on-apply
          ~ replace campaign "Travel bookers review" (scheduled: deleted and created again, Okta has no update)  campaigns/travel-bookers-review.yaml:1  # the definition differs from the scheduled campaign
            /scheduleSettings/durationInDays: 21 → 30
            /reviewerSettings/type: "USER" → "MANAGER"
            /notificationSettings/remindersSettings/reminderDays: (unset) → [1,3,7]
          = campaign "Payroll 2026 Q4 review" (completed: 38 of 38 reviews decided)
          = campaign "Payroll 2027 Q1 review" (active: 12 of 40 reviews decided)  # the definition changed; an active campaign is left alone (Okta has no update)
          = campaign "Travel annual review" (scheduled)

        Plan: 0 to create, 1 to add, 1 to remove, 0 to delete; 1 campaign to create, 1 to replace, 1 to launch, 1 to end.
        "
      `);
    });

    it('colours the launch sign, dims the status sign and shows a status note in yellow', () => {
      const small = buildPlan(
        [
          change.campaignLaunch('Payroll', 'Payroll 2027 Q2 review', 'icr1'),
          change.campaignEnd('Payroll', 'Payroll 2027 Q1 review'),
        ],
        { campaigns: campaignNotes.slice(1, 2) },
      );
      expect(renderPlanText(small, tagStyles)).toMatchInlineSnapshot(`
        "<b>Okta access plan · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39</b>

        <b>Campaigns</b>
          <red>-</red> end campaign "Payroll 2027 Q1 review"     <dim>campaigns/payroll-2027-q1-review.yaml:31  # end: true, and the campaign is active</dim>
          <yellow>»</yellow> launch campaign "Payroll 2027 Q2 review"  <dim>campaigns/payroll-2027-q2-review.yaml:30  # launch: on-apply</dim>
          <dim>=</dim> campaign "Payroll 2027 Q1 review" (active: 12 of 40 reviews decided)  <yellow># the definition changed; an active campaign is left alone (Okta has no update)</yellow>

        <b>Plan:</b> 1 campaign to launch, 1 to end.
        "
      `);
    });

    it('summarizes a create that Okta launches at its start date, and a recurring schedule', () => {
      const recurring = campaignBody('Travel monthly review', {
        scheduleSettings: {
          type: 'RECURRING',
          startDate: '2027-05-03T08:00:00Z',
          durationInDays: 1,
          timeZone: 'UTC',
          recurrence: { interval: 'P1M' },
        },
        reviewerSettings: { type: 'RESOURCE_OWNER' },
      });
      const text = renderPlanText(
        buildPlan([change.campaignCreate('Travel', 'Travel monthly review', ['Travel-Booker'], recurring)]),
      );
      expect(text).toContain(
        '\n    recurring every P1M from 2027-05-03T08:00:00Z for 1 day · reviewer type RESOURCE_OWNER · 1 target group · launch at start date\n',
      );
      expect(text.trimEnd().split('\n').at(-1)).toBe('Plan: 1 campaign to create.');
    });

    it('counts campaign changes after the access changes in the summary line', () => {
      expect(renderPlanText(plan).trimEnd().split('\n').at(-1)).toBe(
        'Plan: 0 to create, 1 to add, 1 to remove, 0 to delete; 1 campaign to create, 1 to replace, 1 to launch, 1 to end.',
      );
      const launches = buildPlan([
        change.campaignLaunch('Payroll', 'A', 'icr1'),
        change.campaignLaunch('Payroll', 'B', 'icr2'),
      ]);
      expect(renderPlanText(launches).trimEnd().split('\n').at(-1)).toBe('Plan: 2 campaigns to launch.');
    });

    it('lists the status of managed campaigns when nothing changes', () => {
      expect(renderPlanText(buildPlan([], { campaigns: campaignNotes }))).toMatchInlineSnapshot(`
        "Okta access plan · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39

        Campaigns
          = campaign "Payroll 2026 Q4 review" (completed: 38 of 38 reviews decided)
          = campaign "Payroll 2027 Q1 review" (active: 12 of 40 reviews decided)  # the definition changed; an active campaign is left alone (Okta has no update)
          = campaign "Travel annual review" (scheduled)

        No changes. Okta matches the access repository, except for 1 campaign left alone (see Campaigns).
        "
      `);
    });

    it('is byte-identical for the same changes in any order', () => {
      const reversed = buildPlan([...plan.changes].reverse(), {
        campaigns: [...plan.campaigns].reverse(),
      });
      expect(renderPlanText(reversed)).toBe(renderPlanText(plan));
    });

    it('shows control characters in campaign names, fields and notes instead of sending them to the terminal', () => {
      const text = renderPlanText(
        buildPlan(
          [
            change.campaignReplace('Payroll', 'Q1\u001b[2J', [
              { op: 'replace', path: '/name', from: 'a\u0007', to: 'b' },
            ]),
          ],
          { campaigns: [{ campaign: 'x\ny', status: 'ACTIVE', note: 'bad\u001b' }] },
        ),
      );
      expect([...text].filter((char) => char !== '\n' && char.charCodeAt(0) < 0x20)).toEqual([]);
      expect(text).toContain('replace campaign "Q1\\u001b[2J"');
      expect(text).toContain('= campaign "x\\ny" (active)');
    });
  });
});
