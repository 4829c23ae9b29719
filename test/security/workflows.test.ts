import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The example workflows follow docs/SECURITY.md: least permissions, the org URL only from the workflow, a read-only
 * Okta credential for plan and drift, the write credential only in the apply job's environment, apply and drift of an
 * org in one concurrency group, the default branch from the event, third-party actions pinned by SHA and this action
 * by the release tag of package.json, no credential left on disk, no pull_request_target, forks validated by the
 * action itself, deletions past the limits allowed by a pull request's label rather than a standing input.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  if?: string;
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

const actionName = 'okta-access-gitops/okta-access-gitops';
const okta = (step: Step) => step.uses?.startsWith(`${actionName}@`) === true;
const writeScopes = /\.manage\b/;
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;
/** The one form every example names this action by: the release tag of this package's version. */
const canonical = `${actionName}@v${version}`;
/** The job condition that keeps the default branch, whatever it is called. */
const onDefaultBranch = "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)";
/** Apply and drift of one org share this group: drift never reads Okta in the middle of an apply. */
const orgGroup = { group: 'okta-access-${{ vars.OKTA_ORG_URL }}', 'cancel-in-progress': false };

describe('the example workflows', () => {
  it('grant only contents: read at the top, never run pull_request_target, and pin every action', () => {
    for (const [file, workflow] of workflows()) {
      expect(workflow.permissions, file).toEqual({ contents: 'read' });
      expect(Object.keys(workflow.on), file).not.toContain('pull_request_target');
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          // Third-party actions by commit SHA; this action by its release tag (checked below).
          if (step.uses !== undefined && !okta(step)) expect(step.uses, file).toMatch(/@[0-9a-f]{40}$/);
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
          if (inputs.command !== 'validate') {
            expect(inputs['okta-org-url'], `${file} ${name}`).toBe('${{ vars.OKTA_ORG_URL }}');
          }
          const secrets = Object.values(inputs).filter((value) => String(value).includes('secrets.'));
          if (inputs.command === 'apply') {
            expect(job.environment, `${file} ${name}`).toBe('okta-production');
            expect(workflow.concurrency, file).toEqual(orgGroup);
            expect(job.permissions, file).toEqual({ contents: 'write', 'pull-requests': 'write' });
            // Deletions past the limits are a maintainer's label on one pull request, never a standing input.
            expect(inputs, `${file} ${name}`).not.toHaveProperty('allow-deletes');
          } else if (inputs.command === 'validate') {
            // Forks: no secret, no Okta input, no write permission.
            expect(Object.keys(inputs).sort(), `${file} ${name}`).toEqual(['command', 'config']);
            expect(job.environment, `${file} ${name}`).toBeUndefined();
            expect(Object.values(job.permissions ?? {}), `${file} ${name}`).not.toContain('write');
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
    expect([...seen].sort()).toEqual(['apply', 'drift', 'plan', 'validate']);
  });

  it('name this action in one form, the release tag of package.json, in every example and doc', () => {
    const named: string[] = [];
    for (const [file, workflow] of workflows()) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps.filter(okta)) named.push(`${file}: ${step.uses}`);
      }
    }
    expect(named).toHaveLength(5);
    for (const entry of named) expect(entry.split(': ')[1]).toBe(canonical);
    // The Markdown that shows a `uses:` line shows the same one (a placeholder SHA cannot slip back in).
    for (const doc of ['README.md', 'examples/github/README.md']) {
      const text = readFileSync(path.join(root, doc), 'utf8');
      for (const [, reference] of text.matchAll(/uses: (okta-access-gitops\/[^\s`]+)/g)) {
        expect(reference, doc).toBe(canonical);
      }
    }
  });

  it('validate pull requests from forks with the action itself, never with a package fetched at run time', () => {
    const texts = workflows().map(([file]) => [file, readFileSync(path.join(root, file), 'utf8')] as const);
    for (const [file, text] of texts) {
      expect(text, file).not.toMatch(/\bnpx\b|npm (?:exec|install|i )/);
      expect(text, file).not.toMatch(/0{40}/);
    }
    const plan = workflows().find(([file]) => file === 'examples/github/plan.yml')?.[1];
    const validate = plan?.jobs.validate;
    expect(validate?.if).toContain('github.event.pull_request.head.repo.full_name != github.repository');
    expect(validate?.steps.filter(okta).map((step) => step.with?.command)).toEqual(['validate']);
    expect(validate?.steps.filter((step) => step.run !== undefined)).toEqual([]);
  });

  it('take the default branch from the event, and run apply and drift of one org in one group', () => {
    const byFile = new Map(workflows());
    const apply = byFile.get('examples/github/apply.yml');
    const drift = byFile.get('examples/github/drift.yml');
    const plan = byFile.get('examples/github/plan.yml');
    // `on.push.branches` takes only literal names: apply runs on every push, and its job on the default branch only.
    expect(apply?.on).toEqual({ push: null });
    expect(apply?.jobs.apply?.if).toBe(onDefaultBranch);
    expect(drift?.jobs.drift?.if).toBe(`github.event_name == 'schedule' || ${onDefaultBranch}`);
    for (const job of Object.values(plan?.jobs ?? {})) {
      expect(job.if).toMatch(
        /^github\.event\.pull_request\.base\.ref == github\.event\.repository\.default_branch && /,
      );
    }
    expect(apply?.concurrency).toEqual(orgGroup);
    expect(drift?.concurrency).toEqual(orgGroup);
    for (const [file] of workflows()) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect(text, file).not.toMatch(/branches:\s*\[?\s*['"]?(?:main|master)\b/);
    }
  });
});
