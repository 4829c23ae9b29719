import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/model/change.js';
import { renderApplyMarkdown } from '../../src/render/apply-markdown.js';
import { renderApplyText } from '../../src/render/apply-text.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { buildReport, result } from './apply-fixture.js';
import { buildPlan, change } from './plan-fixture.js';

function sourcing(count: number): Change {
  return {
    kind: 'user.source',
    identitySourceId: '0oasrc',
    people: Array.from({ length: count }, (_, i) => ({
      email: `p${String(i).padStart(3, '0')}@example.com`,
      firstName: `P${i}`,
      lastName: 'Person',
      ...(i === 0 ? {} : { managerExternalId: 'p000@example.com' }),
      source: { file: 'apps/payroll.csv', line: i + 2 },
    })),
    reason: `${count} people in the CSVs unknown to Okta`,
    destructive: false,
  };
}

const deactivation: Change = {
  kind: 'user.deactivate',
  identitySourceId: '0oasrc',
  people: [{ email: 'gone@example.com', externalId: 'gone@example.com', userId: '00ugone' }],
  reason: 'the identity source owns them and no CSV names them any more (users.deactivateRemoved)',
  destructive: true,
};

describe('user changes in the renderers', () => {
  it('apply text: user results are listed even when applied (their notes tell how sourcing went), memberships counted', () => {
    const text = renderApplyText(
      buildReport([
        { ...result.applied(sourcing(3)), detail: '3 people in 1 bulk request, 1 session' },
        result.failed(deactivation),
        result.applied(change.add('Payroll', 'Admin', 'p001@example.com', 3)),
      ]),
    );
    expect(text).toMatch(/^Users\n {2}✔ \+ source 3 people .*3 people in 1 bulk request, 1 session$/m);
    expect(text).toMatch(/^ {2}✖ - deactivate 1 person/m);
    expect(text).not.toContain('p001@example.com');
    expect(text).toContain('✔ Applied: users sourced, 1 member added.');
  });

  it('plan text: a Users section first, the people folded after 20', () => {
    const text = renderPlanText(buildPlan([sourcing(25), deactivation]));
    expect(text.split('\n').slice(1, 27).join('\n')).toMatchInlineSnapshot(`
      "
      Users
        + source 25 people through identity source 0oasrc  # 25 people in the CSVs unknown to Okta
          p000@example.com  P0 Person  apps/payroll.csv:2
          p001@example.com  P1 Person  manager p000@example.com  apps/payroll.csv:3
          p002@example.com  P2 Person  manager p000@example.com  apps/payroll.csv:4
          p003@example.com  P3 Person  manager p000@example.com  apps/payroll.csv:5
          p004@example.com  P4 Person  manager p000@example.com  apps/payroll.csv:6
          p005@example.com  P5 Person  manager p000@example.com  apps/payroll.csv:7
          p006@example.com  P6 Person  manager p000@example.com  apps/payroll.csv:8
          p007@example.com  P7 Person  manager p000@example.com  apps/payroll.csv:9
          p008@example.com  P8 Person  manager p000@example.com  apps/payroll.csv:10
          p009@example.com  P9 Person  manager p000@example.com  apps/payroll.csv:11
          p010@example.com  P10 Person  manager p000@example.com  apps/payroll.csv:12
          p011@example.com  P11 Person  manager p000@example.com  apps/payroll.csv:13
          p012@example.com  P12 Person  manager p000@example.com  apps/payroll.csv:14
          p013@example.com  P13 Person  manager p000@example.com  apps/payroll.csv:15
          p014@example.com  P14 Person  manager p000@example.com  apps/payroll.csv:16
          p015@example.com  P15 Person  manager p000@example.com  apps/payroll.csv:17
          p016@example.com  P16 Person  manager p000@example.com  apps/payroll.csv:18
          p017@example.com  P17 Person  manager p000@example.com  apps/payroll.csv:19
          p018@example.com  P18 Person  manager p000@example.com  apps/payroll.csv:20
          p019@example.com  P19 Person  manager p000@example.com  apps/payroll.csv:21
          … and 5 more (the JSON plan lists all)
        - deactivate 1 person through identity source 0oasrc  # the identity source owns them and no CSV names them any more (users.deactivateRemoved)
          gone@example.com (00ugone)"
    `);
  });

  it('plan markdown: counts people, folds sourcing, shows deactivations in the open, and names the kinds in the table', () => {
    const markdown = renderPlanMarkdown(buildPlan([sourcing(3), deactivation]));
    expect(markdown).toContain('#### Users (4)');
    expect(markdown).toContain(
      '- source 3 people through identity source 0oasrc — 3 people in the CSVs unknown to Okta\n\n  <details><summary>the 3 people</summary>',
    );
    expect(markdown).toContain(
      '- **destructive:** deactivate 1 person through identity source 0oasrc — the identity source owns them and no CSV names them any more (users.deactivateRemoved)\n  - gone@example.com (00ugone)',
    );
    expect(markdown).toMatch(/^\| Source user \| `user\.source` \| 3 \|$/m);
    expect(markdown).toContain(
      '### Okta access plan: 3 people to source, 1 person to deactivate, 0 to create',
    );
  });

  it('apply markdown: the user results in their own section, and failures first', () => {
    const markdown = renderApplyMarkdown(
      buildReport([
        { ...result.applied(sourcing(3)), detail: '3 people in 1 bulk request, 1 session' },
        result.failed(deactivation),
      ]),
    );
    expect(markdown).toContain(
      '#### Users applied\n\n- Users: source 3 people through identity source 0oasrc — 3 people in 1 bulk request, 1 session',
    );
    expect(markdown).toContain(
      '#### Failures (1)\n\n- Users: deactivate 1 person through identity source 0oasrc',
    );
  });
});
