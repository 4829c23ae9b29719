import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/model/change.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { buildPlan } from './plan-fixture.js';

const marker = '[managed by okta-access-gitops]';

function adopt(group: string, from: string | null): Change {
  return {
    kind: 'group.adopt',
    app: 'Payroll',
    entitlement: group.replace('Payroll-', ''),
    group,
    groupId: `00g${group.replace(/\W/g, '').padEnd(17, '0').slice(0, 17)}`,
    description: { from, to: from === null ? marker : `${from} ${marker}` },
    reason: 'the app file adopts the existing group (adopt: true); the ownership marker is added',
    destructive: false,
    source: { file: 'apps/payroll.yaml', line: 8, col: 11 },
  };
}

const plan = buildPlan([adopt('Payroll-Admin', 'Runs payroll'), adopt('Payroll-Viewer', null)], {
  fingerprint: `sha256:${'0'.repeat(64)}`,
});

describe('a plan that adopts groups', () => {
  it('counts the adoptions on their own, like imports, with no access change', () => {
    const text = renderPlanText(plan);
    expect(text).toContain('Plan: 0 to create, 2 to adopt, 0 to add, 0 to remove, 0 to delete.');
    expect(text).toContain(`~ adopt group Payroll-Viewer (add the ownership marker): (none) → "${marker}"`);
  });

  it('shows the adopt row in the PR comment’s table only when there are adoptions', () => {
    expect(renderPlanMarkdown(plan)).toContain('| Adopt group | `group.adopt` | 2 |');
    expect(renderPlanMarkdown(buildPlan([]))).not.toContain('group.adopt');
  });

  it('is a valid plan document (schemas/plan.schema.json)', () => {
    const schema = JSON.parse(
      readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8'),
    );
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const valid = validate(JSON.parse(JSON.stringify(plan)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});
