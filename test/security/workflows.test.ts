import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The example workflows follow docs/SECURITY.md: least permissions, the org URL only from the workflow, a read-only
 * Okta credential for plan and drift, the write credential only in the apply job's environment, applies serialized,
 * actions pinned, no credential left on disk, no pull_request_target.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  uses?: string;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  permissions?: Record<string, string>;
  environment?: string | { name: string };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

function workflows(): [string, Workflow][] {
  return ['examples/github', 'examples/workflows'].flatMap((folder) =>
    readdirSync(path.join(root, folder))
      .filter((name) => name.endsWith('.yml'))
      .map((name): [string, Workflow] => [
        `${folder}/${name}`,
        parse(readFileSync(path.join(root, folder, name), 'utf8')) as Workflow,
      ]),
  );
}

const okta = (step: Step) => step.uses?.startsWith('okta-access-gitops/okta-access-gitops@') === true;
const writeScopes = /\.manage\b/;

describe('the example workflows', () => {
  it('grant only contents: read at the top, never run pull_request_target, and pin every action', () => {
    for (const [file, workflow] of workflows()) {
      expect(workflow.permissions, file).toEqual({ contents: 'read' });
      expect(Object.keys(workflow.on), file).not.toContain('pull_request_target');
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          if (step.uses !== undefined) expect(step.uses, file).toMatch(/@[0-9a-f]{40}$/);
          if (step.uses?.startsWith('actions/checkout@')) {
            expect(step.with?.['persist-credentials'], file).toBe(false);
          }
        }
      }
    }
  });

  it('take the org URL from the workflow and keep the write credential in the apply environment alone', () => {
    const seen = new Set<string>();
    for (const [file, workflow] of workflows()) {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        for (const step of job.steps.filter(okta)) {
          const inputs = step.with ?? {};
          seen.add(String(inputs.command));
          expect(inputs['okta-org-url'], `${file} ${name}`).toBe('${{ vars.OKTA_ORG_URL }}');
          const secrets = Object.values(inputs).filter((value) => String(value).includes('secrets.'));
          if (inputs.command === 'apply') {
            expect(job.environment, `${file} ${name}`).toBe('okta-production');
            expect(workflow.concurrency, file).toEqual({
              group: 'okta-access-apply',
              'cancel-in-progress': false,
            });
            expect(job.permissions, file).toEqual({ contents: 'write', 'pull-requests': 'write' });
          } else {
            // Plan and drift: no environment, read-only secrets, no manage scope.
            expect(job.environment, `${file} ${name}`).toBeUndefined();
            for (const secret of secrets)
              expect(String(secret), `${file} ${name}`).toMatch(/secrets\.OKTA_READ_/);
            expect(String(inputs['okta-scopes'] ?? ''), `${file} ${name}`).not.toMatch(writeScopes);
            expect(Object.values(job.permissions ?? {}), `${file} ${name}`).not.toContain('admin');
            expect(job.permissions?.contents, `${file} ${name}`).toBe('read');
          }
        }
      }
    }
    expect([...seen].sort()).toEqual(['apply', 'drift', 'plan']);
  });
});
