import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderScopeTable, type ScopeCommand, scopeLine, scopeTable } from '../../src/okta/scopes.js';

/** The docs list the scopes the code asks for: each is generated from the one table and must equal it. */
function read(file: string): string {
  return readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
}

/** Text with YAML comment markers and line breaks folded into single spaces. */
function folded(text: string): string {
  return text
    .replace(/^\s*#\s?/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the scope lists in the docs', () => {
  it('README: the table between the scopes markers is the one the code generates', () => {
    const readme = read('README.md');
    const match = /<!-- scopes:begin[^>]*-->\n([\s\S]*?)\n<!-- scopes:end -->/.exec(readme);
    expect(match, 'README.md lacks the scopes:begin / scopes:end markers').not.toBeNull();
    expect(match?.[1]).toBe(renderScopeTable());
  });

  it('action.yml: okta-scopes names what plan, drift and apply ask for', () => {
    const action = parse(read('action.yml')) as { inputs: Record<string, { description: string }> };
    const description = folded(action.inputs['okta-scopes']?.description ?? '');
    for (const command of ['plan', 'drift', 'apply'] as const)
      expect(description).toContain(scopeLine(command));
  });

  it.each([
    ['examples/github/plan.yml', 'plan'],
    ['examples/github/drift.yml', 'drift'],
    ['examples/github/apply.yml', 'apply'],
    ['examples/github/README.md', 'plan'],
    ['examples/github/README.md', 'apply'],
  ] as const)('%s names what %s asks for, and sets no literal scope list', (file, command: ScopeCommand) => {
    const text = read(file);
    expect(folded(text)).toContain(scopeLine(command));
    expect(text).not.toMatch(/^\s*okta-scopes:/m);
  });

  it('every scope the table names is asked for by some command', () => {
    for (const spec of scopeTable) expect(Object.keys(spec.needs).length, spec.scope).toBeGreaterThan(0);
  });
});
