import { describe, expect, it } from 'vitest';
import { parseYaml, pointerToPath, positionOf } from '../../src/load/yaml-file.js';

describe('parseYaml', () => {
  it('finds the position of values and keys by path', () => {
    const { yaml } = parseYaml(
      'label: Payroll\nentitlements:\n  - name: Admin\n  - name: Viewer\n',
      'a.yaml',
    );
    if (yaml === undefined) throw new Error('expected a document');
    expect(positionOf(yaml, ['entitlements', 1, 'name'])).toEqual({ line: 4, col: 11 });
    expect(positionOf(yaml, ['entitlements', 1, 'name'], 'key')).toEqual({ line: 4, col: 5 });
    expect(positionOf(yaml, ['label'])).toEqual({ line: 1, col: 8 });
    // A path that does not exist falls back to the deepest node that does (a list is shown at its key).
    expect(positionOf(yaml, ['entitlements', 7, 'name'])).toEqual({ line: 2, col: 1 });
  });

  it('reports duplicate keys and syntax errors with positions, and returns no document', () => {
    const duplicate = parseYaml('a: 1\nb: 2\na: 3\n', 'a.yaml');
    expect(duplicate.yaml).toBeUndefined();
    expect(duplicate.diagnostics).toMatchObject([{ code: 'YAML_DUPLICATE_KEY', line: 3, col: 1 }]);
    const syntax = parseYaml('a: [1, 2\nb: 3\n', 'a.yaml');
    expect(syntax.diagnostics[0]?.code).toBe('YAML_SYNTAX');
  });

  it('refuses an alias expansion bomb', () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    let previous = 'a';
    for (const name of 'bcdefgh') {
      text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
      previous = name;
    }
    const result = parseYaml(text, 'bomb.yaml');
    expect(result.yaml).toBeUndefined();
    expect(result.diagnostics).toMatchObject([{ code: 'YAML_ALIAS_LIMIT', line: 2 }]);
  });

  it('interpolates ${VAR} and ${VAR:-default} only when given an environment', () => {
    const text = 'url: ${ORG}/x\nother: ${MISSING:-fallback}\nliteral: $${KEEP}\n';
    const withEnv = parseYaml(text, 'okta-access.yaml', { env: { ORG: 'https://acme.okta.com' } });
    expect(withEnv.yaml?.value).toEqual({
      url: 'https://acme.okta.com/x',
      other: 'fallback',
      literal: '${KEEP}',
    });
    const missing = parseYaml('url: ${ORG}\n', 'okta-access.yaml', { env: {} });
    expect(missing.diagnostics).toMatchObject([{ code: 'ENV_UNDEFINED', line: 1, col: 6 }]);
    const elsewhere = parseYaml('description: ${ORG}\n', 'apps/a.yaml');
    expect(elsewhere.diagnostics).toMatchObject([{ code: 'ENV_NOT_ALLOWED', line: 1 }]);
  });

  it('never puts an interpolated value into a diagnostic', () => {
    const result = parseYaml('token: ${SECRET}\nurl: ${NOPE}\n', 'okta-access.yaml', {
      env: { SECRET: 's3cr3t-t0ken' },
    });
    expect(JSON.stringify(result.diagnostics)).not.toContain('s3cr3t-t0ken');
  });

  it('splits JSON pointers into segments', () => {
    expect(pointerToPath('')).toEqual([]);
    expect(pointerToPath('/resources/0/entitlements/a~1b')).toEqual(['resources', 0, 'entitlements', 'a/b']);
  });
});
