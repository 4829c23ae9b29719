import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PlanScope } from '../../src/model/scope.js';
import { planHash } from '../../src/plan/hash.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { buildPlan, change } from '../render/plan-fixture.js';

const scope: PlanScope = {
  base: 'a'.repeat(40),
  head: 'b'.repeat(40),
  groups: ['payroll-admin', 'payroll-viewer', 'warehouse-picker'],
  apps: ['Payroll', 'Warehouse'],
  declaredGroups: 1000,
};
const changes = [change.add('Payroll', 'Admin', 'ada@example.com', 2)];
const commit = 'c'.repeat(40);

describe('a scoped plan document', () => {
  it('hashes its scope with its changes; an unscoped plan hashes as before', () => {
    const unscoped = planHash({ changes });
    const scoped = planHash({ changes, scope });
    expect(scoped).not.toBe(unscoped);
    // The scope's groups and apps are what count, not the commits it was computed from.
    expect(planHash({ changes, scope: { ...scope, base: 'd'.repeat(40), head: null } })).toBe(scoped);
    expect(planHash({ changes, scope: { ...scope, groups: ['payroll-admin'] } })).not.toBe(scoped);
    expect(planHash({ changes, scope: { ...scope, apps: ['Payroll'] } })).not.toBe(scoped);
    const essence = changes.map(({ reason: _r, source: _s, ...rest }) => rest);
    expect(scoped).toBe(
      `sha256:${createHash('sha256')
        .update(JSON.stringify({ scope: { groups: scope.groups, apps: scope.apps }, changes: essence }))
        .digest('hex')}`,
    );
    const bound = { commit, config: 'okta-access.yaml' };
    expect(planHash({ changes, scope }, bound)).not.toBe(planHash({ changes }, bound));
    expect(planHash({ changes, scope }, bound)).not.toBe(planHash({ changes, scope }));
  });

  it('says in one line what it covers, in the terminal and in the comment', () => {
    const plan = buildPlan(changes, { scope });
    const line = 'scoped to 3 of 1,000 entitlement groups; the scheduled drift check covers the rest';
    expect(renderPlanText(plan)).toContain(line);
    expect(renderPlanMarkdown(plan)).toContain(line);
    expect(renderPlanText(buildPlan(changes))).not.toContain('scoped to');
  });

  it('shows why a plan asked to be scoped is a full one, inert whatever the campaign is called', () => {
    const hostile = 'Q1 <img src=x onerror=alert(1)> [click](https://evil.example) \u001b[2J @team #1';
    const plan = buildPlan(changes, {
      fullPlan: {
        reason: 'campaign-changed',
        detail: `campaign "${hostile}" changed: campaigns are planned against the whole org`,
      },
    });
    const markdown = renderPlanMarkdown(plan);
    expect(markdown).toContain('full plan: campaign');
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('](https://evil.example)');
    expect(markdown).not.toContain('\u001b');
    expect(markdown).not.toMatch(/(^|[^`\\\w])@team/);
    const text = renderPlanText(plan);
    expect(text).toContain('full plan: campaign');
    expect(text).not.toContain('\u001b[2J');
  });
});
