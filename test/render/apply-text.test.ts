import { describe, expect, it } from 'vitest';
import type { ApplyReport, ChangeResult } from '../../src/model/apply.js';
import { applyRenderers } from '../../src/render/apply.js';
import { listAllUpTo, renderApplyText } from '../../src/render/apply-text.js';
import { plainStyles, type Styles } from '../../src/render/diagnostics.js';
import { buildReport, campaignReport, largeReport, realisticReport, result } from './apply-fixture.js';
import { change } from './plan-fixture.js';

/** Shows which style wraps which text. */
const tagStyles: Styles = {
  red: (text) => `<red>${text}</red>`,
  yellow: (text) => `<yellow>${text}</yellow>`,
  green: (text) => `<green>${text}</green>`,
  dim: (text) => `<dim>${text}</dim>`,
  bold: (text) => `<b>${text}</b>`,
};

/** Every result listed, as `apply --verbose` prints it. */
function verboseText(report: ApplyReport, styles: Styles = plainStyles): string {
  return renderApplyText(report, styles, { verbose: true });
}

function lastLines(text: string, count: number): string[] {
  return text.trimEnd().split('\n').slice(-count);
}

describe('renderApplyText --verbose', () => {
  it('groups results by app and group with their outcome, then the summary, verification and requests', () => {
    expect(verboseText(realisticReport())).toMatchInlineSnapshot(`
      "Okta access apply · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 · plan sha256:9b1e0c7d5a3f
      The org is as it was when the plan was made.

      Payroll
        Payroll-Admin
          ✖ + erin@example.com  failed E0000007 · error id oaeXk3Q2: Okta answered 404 E0000007 to PUT /api/v1/groups/{id}/users/{id}: Not found: Resource not found
          ✔ - bob@example.com
        Payroll-Legacy
          ✔ - unassign from app Payroll
          ✔ - delete group Payroll-Legacy
        Payroll-Viewer
          » - zoe@example.com  skipped: done by an earlier run of this plan (journal)

      Travel
        ✔ + create app Travel (bookmark https://travel.example.com)
        Travel-Booker
          ✔ + create group Travel-Booker
          ✔ + assign to app Travel
          = + carl@example.com            unchanged: Okta already held it
          ✔ + dana@example.com

      Apply failed: 7 applied, 1 unchanged, 1 skipped, 1 failed.
      Verification: the org was read back; every change took.
      Okta: 14 requests · 1 retry · 1 rate-limited (429) · 3.2 s waited · took 1 min 5 s
      "
    `);
  });

  it('colours applied green, failed red and dims unchanged and skipped results', () => {
    const report = buildReport([
      result.applied(change.add('Payroll', 'Admin', 'erin@example.com', 7)),
      result.unchanged(change.add('Payroll', 'Admin', 'carl@example.com', 3)),
      result.skipped(change.remove('Payroll', 'Admin', 'zoe@example.com')),
      result.didNotTake(change.remove('Payroll', 'Admin', 'bob@example.com')),
    ]);
    expect(verboseText(report, tagStyles)).toMatchInlineSnapshot(`
      "<b>Okta access apply · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 · plan sha256:9b1e0c7d5a3f</b>
      <dim>The org is as it was when the plan was made.</dim>

      <b>Payroll</b>
        Payroll-Admin
          <dim>= + carl@example.com  unchanged: Okta already held it</dim>
          <green>✔</green> <green>+</green> erin@example.com
          <red>✖</red> <red>-</red> bob@example.com   <red>did not take: written, but reading the org back shows it did not take</red>
          <dim>» - zoe@example.com   skipped: done by an earlier run of this plan (journal)</dim>

      <red><b>Apply failed:</b></red> 1 applied, 1 unchanged, 1 skipped, 1 failed.
      <red>Verification: the org was read back; 1 change did not take.</red>
      <dim>Okta: 14 requests · 1 retry · 1 rate-limited (429) · 3.2 s waited · took 1 min 5 s</dim>
      "
    `);
  });

  it('says "Apply complete" when nothing failed and "Apply failed" when anything did', () => {
    const ok = buildReport([result.applied(change.add('Payroll', 'Admin', 'erin@example.com', 7))]);
    expect(lastLines(verboseText(ok), 3)[0]).toBe(
      'Apply complete: 1 applied, 0 unchanged, 0 skipped, 0 failed.',
    );
    const failed = buildReport([
      result.applied(change.add('Payroll', 'Admin', 'erin@example.com', 7)),
      result.failed(change.add('Payroll', 'Admin', 'bob@example.com', 8)),
    ]);
    expect(lastLines(verboseText(failed), 3)[0]).toBe(
      'Apply failed: 1 applied, 0 unchanged, 0 skipped, 1 failed.',
    );
  });

  it('shows a stale-but-valid plan, a report without commit, an unverified run and large request figures', () => {
    const report = buildReport([], {
      commit: null,
      staleness: {
        fresh: false,
        message: 'the org changed since this plan was made, but every remaining change is still valid',
      },
      verification: { checked: false, mismatches: 0 },
      requests: { total: 12_345, retries: 7, rateLimited: 3, waitedMs: 125_000 },
      finishedAt: '2027-03-31T13:02:00.000Z',
    });
    expect(verboseText(report, tagStyles)).toMatchInlineSnapshot(`
      "<b>Okta access apply · org https://acme.okta.com · config okta-access.yaml · commit (none) · plan sha256:9b1e0c7d5a3f</b>
      <yellow>The org changed since this plan was made, but every remaining change is still valid.</yellow>

      <green><b>Apply complete:</b></green> 0 applied, 0 unchanged, 0 skipped, 0 failed.
      Verification: the org was not read back.
      <dim>Okta: 12,345 requests · 7 retries · 3 rate-limited (429) · 2 min 5 s waited · took 1 h 2 min</dim>
      "
    `);
  });

  it(`lists every result up to ${listAllUpTo} results`, () => {
    const results = Array.from({ length: listAllUpTo }, (_, i) =>
      result.applied(change.add('Payroll', 'Admin', `u${i}@example.com`, i + 2)),
    );
    const lines = verboseText(buildReport(results)).split('\n');
    expect(lines.filter((line) => line.startsWith('    ✔ + u'))).toHaveLength(listAllUpTo);
    expect(lines).toContain('  Payroll-Admin');
  });

  it('above that, lists only failed, destructive and not-applied results and counts the rest per group', () => {
    const results: ChangeResult[] = [
      ...Array.from({ length: 950 }, (_, i) =>
        result.applied(change.add('Payroll', 'Admin', `u${i}@example.com`, i + 2)),
      ),
      result.applied(change.groupCreate('Payroll', 'Admin')),
      result.applied(change.remove('Payroll', 'Admin', 'bob@example.com')),
      result.unchanged(change.add('Payroll', 'Admin', 'carl@example.com', 999)),
      result.failed(change.add('Payroll', 'Admin', 'dana@example.com', 1000)),
      result.applied(change.add('Travel', 'Booker', 'erin@example.com', 2)),
    ];
    const text = verboseText(buildReport(results));
    expect(text.split('\n').slice(2, -5)).toEqual([
      '',
      'Payroll',
      '  Payroll-Admin: ✔ group created, 950 members added',
      '    = + carl@example.com  unchanged: Okta already held it',
      '    ✖ + dana@example.com  failed E0000007 · error id oaeXk3Q2: Okta answered 404 E0000007 to PUT /api/v1/groups/{id}/users/{id}: Not found: Resource not found',
      '    ✔ - bob@example.com',
      '',
      'Travel',
      '  Travel-Booker: ✔ 1 member added',
    ]);
  });

  it('is byte-identical for the same report, whatever the order of its results', () => {
    const report = largeReport(2_000);
    const shuffled = buildReport([...report.results].reverse());
    const text = verboseText(report);
    expect(verboseText(report)).toBe(text);
    expect(verboseText(shuffled)).toBe(text);
    expect(verboseText(buildReport([...realisticReport().results].reverse()))).toBe(
      verboseText(realisticReport()),
    );
  });

  it('shows control characters in names and errors instead of sending them to the terminal', () => {
    const report = buildReport([
      { ...result.failed(change.groupDelete('Pay\u001b[2Jroll', 'Admin\nInjected')), detail: 'bad\u0007' },
    ]);
    const text = verboseText(report);
    expect([...text].filter((char) => char !== '\n' && char.charCodeAt(0) < 0x20)).toEqual([]);
    expect(text).toContain('delete group Pay\\u001b[2Jroll-Admin\\u000aInjected');
    expect(text).toContain(': bad\\u0007');
  });

  it('is the text entry of the renderer registry, beside JSON and Markdown', () => {
    const report = realisticReport();
    expect(applyRenderers.text(report, tagStyles)).toBe(renderApplyText(report, tagStyles));
    expect(applyRenderers.text(report, tagStyles, { verbose: true })).toBe(verboseText(report, tagStyles));
    expect(JSON.parse(applyRenderers.json(report, tagStyles))).toEqual(report);
    expect(applyRenderers.json(report, tagStyles)).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(applyRenderers.markdown(report, tagStyles)).toMatch(/^### Okta access apply failed: /);
  });

  it('lists campaign results in their own section after the apps, with the create body and changed fields', () => {
    expect(verboseText(campaignReport())).toMatchInlineSnapshot(`
      "Okta access apply · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 · plan sha256:9b1e0c7d5a3f
      The org is as it was when the plan was made.

      Payroll
        Payroll-Admin
          ✔ + erin@example.com

      Campaigns
        » - end campaign "Finance 2026 review"  skipped: done by an earlier run of this plan (journal)
        ✔ + create campaign "Payroll quarterly access review"
            one-off from 2027-04-12T16:00:00Z for 21 days · reviewer type MANAGER · 2 target groups · launch on apply
        ✔ » launch campaign "Payroll quarterly access review"
        ✖ ~ replace campaign "Travel bookers review" (scheduled: deleted and created again, Okta has no update)  failed E0000001 · error id oaeCmp9: Okta answered 400 E0000001 to DELETE /governance/api/v1/campaigns/{id}: Api validation failed: campaign is not scheduled
            /scheduleSettings/durationInDays: 21 → 30
            /reviewerSettings/type: "USER" → "MANAGER"
            /notificationSettings/remindersSettings/reminderDays: (unset) → [1,3,7]

      Apply failed: 3 applied, 0 unchanged, 1 skipped, 1 failed.
      Verification: the org was read back; every change took.
      Okta: 14 requests · 1 retry · 1 rate-limited (429) · 3.2 s waited · took 1 min 5 s
      "
    `);
  });

  it('colours the sign of a launch yellow and of an end red', () => {
    const report = buildReport([
      result.applied(change.campaignLaunch('Payroll', 'Payroll 2027 Q2 review', 'icr1')),
      result.applied(change.campaignEnd('Payroll', 'Payroll 2027 Q1 review')),
    ]);
    expect(verboseText(report, tagStyles)).toMatchInlineSnapshot(`
      "<b>Okta access apply · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 · plan sha256:9b1e0c7d5a3f</b>
      <dim>The org is as it was when the plan was made.</dim>

      <b>Campaigns</b>
        <green>✔</green> <red>-</red> end campaign "Payroll 2027 Q1 review"
        <green>✔</green> <yellow>»</yellow> launch campaign "Payroll 2027 Q2 review"

      <green><b>Apply complete:</b></green> 2 applied, 0 unchanged, 0 skipped, 0 failed.
      Verification: the org was read back; every change took.
      <dim>Okta: 14 requests · 1 retry · 1 rate-limited (429) · 3.2 s waited · took 1 min 5 s</dim>
      "
    `);
  });

  it('lists every campaign result in a large report, where applied additions are only counted', () => {
    const report = buildReport([
      ...largeReport(listAllUpTo + 1).results,
      result.applied(change.campaignCreate('App0', 'App0 review')),
      result.applied(change.campaignLaunch('App0', 'App0 review')),
    ]);
    const lines = verboseText(report).split('\n');
    const start = lines.indexOf('Campaigns');
    expect(lines.slice(start, start + 4)).toEqual([
      'Campaigns',
      '  ✔ + create campaign "App0 review"',
      '      one-off from 2027-04-12T16:00:00Z for 21 days · reviewer type MANAGER · 2 target groups · launch on apply',
      '  ✔ » launch campaign "App0 review"',
    ]);
  });

  it('is byte-identical for a report with campaigns, whatever the order of its results', () => {
    const report = campaignReport();
    expect(verboseText(buildReport([...report.results].reverse()))).toBe(verboseText(report));
  });
});

describe('renderApplyText (default: counts and failures)', () => {
  it('counts the applied changes by kind and lists only the failures, under their app and group', () => {
    expect(renderApplyText(realisticReport())).toMatchInlineSnapshot(`
      "Okta access apply · org https://acme.okta.com · config okta-access.yaml · commit 4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 · plan sha256:9b1e0c7d5a3f
      The org is as it was when the plan was made.

      Payroll
        Payroll-Admin
          ✖ + erin@example.com  failed E0000007 · error id oaeXk3Q2: Okta answered 404 E0000007 to PUT /api/v1/groups/{id}/users/{id}: Not found: Resource not found

      ✔ Applied: app created, group created, assigned to app, 1 member added, 1 member removed, unassigned from app, group deleted.
      Apply failed: 7 applied, 1 unchanged, 1 skipped, 1 failed.
      Verification: the org was read back; every change took.
      Okta: 14 requests · 1 retry · 1 rate-limited (429) · 3.2 s waited · took 1 min 5 s
      "
    `);
  });

  it('lists no result at all when none failed, however many there are', () => {
    const results = Array.from({ length: 500 }, (_, i) =>
      result.applied(change.add('Payroll', 'Admin', `u${i}@example.com`, i + 2)),
    );
    const text = renderApplyText(buildReport([result.applied(change.appCreate('Payroll')), ...results]));
    expect(text).not.toContain('u1@example.com');
    expect(text.split('\n')).toContain('✔ Applied: app created, 500 members added.');
    expect(text.trimEnd().split('\n')).toHaveLength(7);
  });

  it('lists failed campaign results too, and is the same for any order of the results', () => {
    const report = campaignReport();
    const text = renderApplyText(report);
    expect(text).toContain('✖ ~ replace campaign');
    expect(text).not.toContain('erin@example.com');
    expect(renderApplyText(buildReport([...report.results].reverse()))).toBe(text);
  });

  it('shows control characters in failed names and errors as escapes', () => {
    const failed = result.failed(change.add('Pay\u001b[2Jroll', 'Admin', 'erin@example.com', 7));
    const text = renderApplyText(buildReport([{ ...failed, detail: 'Okta said \u001b]0;owned\u0007' }]));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('Pay\\u001b[2Jroll');
  });
});
