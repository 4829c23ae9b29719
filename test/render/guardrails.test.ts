import { describe, expect, it } from 'vitest';
import type { PlanGuardrails } from '../../src/model/guardrails.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { buildPlan } from './plan-fixture.js';

/** The marker and the protected groups of the proposed config are the pull request's text: hostile here. */
const hostile = '</details><img src=https://evil.example/p.png> @org/admins #12 `x` \u001b[2J<!-- y -->';

const guardrails: PlanGuardrails = {
  source: { ref: 'main', commit: 'a'.repeat(40), config: 'found' },
  changes: [
    { setting: 'ownership.marker', from: '[managed by okta-access-gitops]', to: hostile },
    { setting: 'safety.maxDeletes', from: 100, to: 5000 },
    {
      setting: 'safety.protectedGroups',
      from: Array.from({ length: 25 }, (_, index) => `Group-${index + 1}`),
      to: [hostile],
    },
  ],
};

describe('guardrail changes in a rendered plan', () => {
  it('come first in Markdown, one line per setting, with the pull request’s text escaped', () => {
    const markdown = renderPlanMarkdown(buildPlan([], { guardrails }));
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('### Okta access plan: no changes');
    expect(lines.slice(2, 4)).toEqual([
      '> [!WARNING]',
      '> **This pull request changes safety settings.** Until the change is merged, this plan keeps the ones in force on `main`; the new values take effect after merge.',
    ]);
    expect(lines[4]).toBe(
      '> - `ownership.marker`: “\\[managed by okta-access-gitops\\]” → “&lt;/details&gt;&lt;img src=https\u2060://evil.example/p.png&gt; @\u2060org/admins \\#\u206012 \\`x\\` \\\\u001b\\[2J&lt;\\!-- y --&gt;”',
    );
    expect(lines[5]).toBe('> - `safety.maxDeletes`: `100` → `5000`');
    expect(lines[6]).toMatch(
      /^> - `safety\.protectedGroups`: “Group-1”, .*“Group-10” and 15 more → “&lt;\/details/,
    );
    // Only escaped: `&lt;img` is text, `<img` would be an image.
    expect(markdown).not.toMatch(/<(img|\/details|!--)/);
    expect(markdown).not.toContain(' @org');
    expect(markdown).not.toContain('\u001b');
  });

  it('come first in text, with control characters shown, never obeyed', () => {
    const text = renderPlanText(buildPlan([], { guardrails }));
    const lines = text.split('\n');
    expect(lines.slice(1, 4)).toEqual([
      '',
      'These files change safety settings.',
      'Until the change is merged, this plan keeps the ones in force on main; the new values take effect after merge.',
    ]);
    expect(lines[4]).toBe(
      '  ownership.marker        "[managed by okta-access-gitops]" → "</details><img src=https://evil.example/p.png> @org/admins #12 `x` \\u001b[2J<!-- y -->"',
    );
    expect(text).not.toContain('\u001b');
  });

  it('say whose defaults are in force when the base has no config, and nothing when nothing changes', () => {
    const first = renderPlanMarkdown(
      buildPlan([], { guardrails: { ...guardrails, source: { ...guardrails.source, config: 'missing' } } }),
    );
    expect(first).toContain('on `main` (`main` has no okta-access.yaml, so the built-in defaults)');
    const unchanged = buildPlan([], { guardrails: { ...guardrails, changes: [] } });
    expect(renderPlanMarkdown(unchanged)).not.toContain('safety settings');
    expect(renderPlanText(unchanged)).not.toContain('safety settings');
  });
});
