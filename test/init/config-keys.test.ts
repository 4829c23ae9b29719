import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderInitConfig } from '../../src/init/files.js';
import { schemaErrors } from '../../src/load/schema.js';
import { repositoryRoot } from './cli.js';

interface SchemaNode {
  readonly properties?: Record<string, SchemaNode>;
  readonly default?: unknown;
  readonly description?: string;
}

const schema = JSON.parse(
  readFileSync(path.join(repositoryRoot, 'schemas', 'config.schema.json'), 'utf8'),
) as SchemaNode;

/** Every key path the schema declares, nested objects included: [['version'], ['org'], ['org', 'url'], …]. */
function keyPaths(node: SchemaNode, prefix: string[] = []): { path: string[]; node: SchemaNode }[] {
  const found: { path: string[]; node: SchemaNode }[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    found.push({ path: [...prefix, key], node: child });
    found.push(...keyPaths(child, [...prefix, key]));
  }
  return found;
}

/** The config with every `# key: value` line (an optional setting at its default) uncommented. */
function uncommented(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(\s*)# (\s*[A-Za-z$][\w$]*:(?:\s|$).*)$/, '$1$2'))
    .join('\n');
}

function at(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || !(key in current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

describe('the okta-access.yaml init writes', () => {
  const text = renderInitConfig(undefined);
  const full = parse(uncommented(text)) as unknown;
  // Keys the schema knows only for editors, not settings: the first line's yaml-language-server modeline gives it.
  const notSettings = new Set(['$schema']);

  it('names every key the config schema declares (a key added to the schema fails here until init writes it)', () => {
    const missing = keyPaths(schema)
      .filter(({ path: keys }) => !notSettings.has(keys[0] ?? ''))
      .filter(({ path: keys }) => at(full, keys) === undefined)
      .map(({ path: keys }) => keys.join('.'));
    expect(missing).toEqual([]);
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S+config\.schema\.json$/);
  });

  it('is valid with every optional setting uncommented, and each commented value is the schema’s default', () => {
    expect(schemaErrors('config', full)).toEqual([]);
    const wrong = keyPaths(schema)
      .filter(({ node }) => node.default !== undefined)
      .filter(({ path: keys }) => JSON.stringify(at(full, keys)) !== JSON.stringify(defaultAt(keys)))
      .map(({ path: keys }) => `${keys.join('.')}: ${JSON.stringify(at(full, keys))}`);
    expect(wrong).toEqual([]);
  });

  it('comments every setting, saying its default when it has one', () => {
    const lines = text.split('\n');
    for (const { path: keys, node } of keyPaths(schema)) {
      if (notSettings.has(keys[0] ?? '')) continue;
      const key = keys.at(-1) ?? '';
      const index = lines.findIndex((line) =>
        new RegExp(`^(#\\s*)?\\s*${key.replace('$', '\\$')}:`).test(line),
      );
      expect(index, key).toBeGreaterThan(0);
      // The comment above the key (or above its enclosing block) says what it is.
      expect(lines[index - 1], key).toMatch(/^#/);
      if (node.default !== undefined && typeof node.default !== 'object') {
        const block = lines.slice(Math.max(0, index - 8), index + 1).join('\n');
        expect(block, key).toContain(String(node.default));
      }
    }
  });

  it('has only `version` set: everything else is left at its default', () => {
    expect(Object.keys(parse(text) as object)).toEqual(['version']);
  });
});

function defaultAt(keys: readonly string[]): unknown {
  let node: SchemaNode | undefined = schema;
  for (const key of keys) node = node?.properties?.[key];
  return node?.default;
}
