import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { renderInvalidMarkdown } from '../../src/render/invalid-markdown.js';

const diagnostic = (line: number, severity: Diagnostic['severity'], message: string): Diagnostic => ({
  severity,
  code: severity === 'error' ? 'CSV_INVALID_EMAIL' : 'ENTITLEMENT_UNUSED',
  message,
  file: 'apps/payroll.csv',
  line,
  col: 3,
});

describe('renderInvalidMarkdown', () => {
  it('lists errors first, each with its place, code and escaped message', () => {
    const markdown = renderInvalidMarkdown(
      [diagnostic(1, 'warning', 'unused'), diagnostic(4, 'error', '"@bob <b>" is not a valid email address')],
      { headSha: '4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39' },
    );
    expect(markdown).toBe(
      '### Okta access plan: the access repository is invalid\n\n' +
        '1 error in commit `4f2a9c1d8e7b`; Okta was not contacted. Each is annotated on its file and line:\n\n' +
        '- `apps/payroll.csv:4:3` `CSV_INVALID_EMAIL` "@\u2060bob &lt;b&gt;" is not a valid email address\n' +
        '- `apps/payroll.csv:1:3` warning: `ENTITLEMENT_UNUSED` unused\n',
    );
  });

  it('stays below the size it is given, and counts the problems it leaves out', () => {
    const many = Array.from({ length: 5000 }, (_, index) => diagnostic(index + 2, 'error', 'x'.repeat(500)));
    const markdown = renderInvalidMarkdown(many, { headSha: 'a'.repeat(40), maxChars: 60_000 });
    expect(markdown.length).toBeLessThanOrEqual(60_000);
    const shown = markdown.split('\n').filter((line) => line.startsWith('- ')).length;
    expect(shown).toBeGreaterThan(50);
    expect(markdown).toContain(
      `_… ${(5000 - shown).toLocaleString('en-US')} more problems not shown (see the annotations)._`,
    );
  });
});
