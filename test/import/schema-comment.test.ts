import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaComment } from '../../src/import/schema-comment.js';
import { packageRoot } from '../../src/package-root.js';

describe('schemaComment', () => {
  it('points each written file at the schema the installed package ships, never at a web address', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'okta-access-schema-'));
    mkdirSync(path.join(root, 'node_modules'));
    symlinkSync(packageRoot(), path.join(root, 'node_modules', 'okta-access-gitops'), 'dir');
    const files = [
      ['config', 0, 'okta-access.yaml'],
      ['app', 1, 'apps/payroll.yaml'],
      ['campaign', 1, 'campaigns/q1.yaml'],
    ] as const;
    for (const [schema, depth, file] of files) {
      const comment = schemaComment(schema, depth);
      expect(comment).not.toMatch(/https?:/);
      const target = comment.replace('# yaml-language-server: $schema=', '');
      const resolved = path.resolve(root, path.dirname(file), target);
      expect(resolved).toBe(
        path.join(root, 'node_modules', 'okta-access-gitops', 'schemas', `${schema}.schema.json`),
      );
      expect(existsSync(resolved)).toBe(true);
    }
  });
});
