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

  it('expands ${VAR} and ${VAR:-default} only at the paths it is given', () => {
    const text = 'org:\n  url: ${ORG}\nother: ${MISSING:-fallback}\nliteral: $${KEEP}\n';
    const expand = { env: { ORG: 'https://acme.okta.com' }, at: [['org', 'url']] };
    const withEnv = parseYaml(text, 'okta-access.yaml', { expand });
    expect(withEnv.yaml?.value).toEqual({
      org: { url: 'https://acme.okta.com' },
      other: '${MISSING:-fallback}',
      literal: '${KEEP}',
    });
    expect(withEnv.diagnostics).toMatchObject([{ code: 'ENV_NOT_ALLOWED', line: 3, col: 8 }]);
    const missing = parseYaml('org: {url: "${ORG}"}\n', 'okta-access.yaml', {
      expand: { ...expand, env: {} },
    });
    expect(missing.diagnostics).toMatchObject([{ code: 'ENV_UNDEFINED', line: 1, col: 12 }]);
    const elsewhere = parseYaml('description: ${ORG}\n', 'apps/a.yaml');
    expect(elsewhere.diagnostics).toMatchObject([{ code: 'ENV_NOT_ALLOWED', line: 1 }]);
    // A key, a list item and an anchored value (an alias could repeat it anywhere) are never the path.
    for (const other of ['org: {"${ORG}": x}\n', 'org: {url: [ "${ORG}" ]}\n', 'org: {url: &u "${ORG}"}\n']) {
      expect(parseYaml(other, 'okta-access.yaml', { expand }).diagnostics).toMatchObject([
        { code: 'ENV_NOT_ALLOWED' },
      ]);
    }
  });

  it('never expands a credential or runner variable, wherever it is written', () => {
    const env = { OKTA_API_TOKEN: 'tok-0123456789', INNOCENT: 'https://tok-0123456789.example.com' };
    const expand = { env, at: [['org', 'url']] };
    for (const name of [
      'OKTA_API_TOKEN',
      'OKTA_PRIVATE_KEY',
      'OKTA_CLIENT_ID',
      'OKTA_CLIENT_SECRET',
      'OKTA_KEY_ID',
      'GITHUB_TOKEN',
      'ACTIONS_RUNTIME_TOKEN',
      'INPUT_OKTA-API-TOKEN',
      'RUNNER_TEMP',
      'MY_SERVICE_PASSWORD',
      'okta_api_token',
    ]) {
      for (const file of [
        `org: {url: "\${${name}}"}\n`,
        `naming: {group: "{app}-{entitlement}-\${${name}}"}\n`,
      ]) {
        const result = parseYaml(file, 'okta-access.yaml', { expand });
        expect(result.diagnostics, `${name} in ${file}`).toMatchObject([
          { code: 'ENV_VAR_NOT_ALLOWED', line: 1 },
        ]);
      }
      expect(parseYaml(`label: "\${${name}}"\n`, 'apps/a.yaml').diagnostics).toMatchObject([
        { code: 'ENV_VAR_NOT_ALLOWED' },
      ]);
    }
    // A variable that copies a secret under another name is refused too, and its value goes nowhere.
    const copied = parseYaml('org: {url: "${INNOCENT}"}\n', 'okta-access.yaml', { expand });
    expect(copied.diagnostics).toMatchObject([{ code: 'ENV_VAR_NOT_ALLOWED', line: 1, col: 12 }]);
    expect(JSON.stringify(copied)).not.toContain('tok-0123456789');
  });

  it('never puts an interpolated value into a diagnostic', () => {
    const result = parseYaml('org: {url: "${ORG_HOST}/x${NOPE}"}\n', 'okta-access.yaml', {
      expand: { env: { ORG_HOST: 's3cr3t-t0ken' }, at: [['org', 'url']] },
    });
    expect(result.diagnostics).toMatchObject([{ code: 'ENV_UNDEFINED' }]);
    expect(JSON.stringify(result.diagnostics)).not.toContain('s3cr3t-t0ken');
  });

  it('splits JSON pointers into segments', () => {
    expect(pointerToPath('')).toEqual([]);
    expect(pointerToPath('/resources/0/entitlements/a~1b')).toEqual(['resources', 0, 'entitlements', 'a/b']);
  });
});
