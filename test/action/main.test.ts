import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The flows are replaced: these tests are about the adapter (inputs, annotations, outputs, errors), not the plan.
const flows = vi.hoisted(() => ({
  planPullRequest: vi.fn(),
  applyMerge: vi.fn(),
  detectDrift: vi.fn(),
}));
vi.mock('../../src/pipeline/github.js', () => flows);

const { runAction } = await import('../../src/action/main.js');

let written = '';

beforeEach(() => {
  written = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  vi.stubEnv('INPUT_COMMAND', 'drift');
  vi.stubEnv('INPUT_GITHUB-TOKEN', 'ghs_in-process-token-1234');
  vi.stubEnv('GITHUB_OUTPUT', '');
  vi.stubEnv('GITHUB_STEP_SUMMARY', '');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  for (const flow of Object.values(flows)) flow.mockReset();
  process.exitCode = undefined;
});

const env = {
  GITHUB_REPOSITORY: 'acme/access',
  GITHUB_WORKSPACE: '/work/repo',
  OKTA_ORG_URL: 'https://acme.okta.com',
};

describe('runAction', () => {
  it('says an unexpected error is a bug, with its stack, and fails the step', async () => {
    flows.detectDrift.mockRejectedValue(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(await runAction(env)).toBeUndefined();
    expect(written).toContain(
      "::error::internal error: Cannot read properties of undefined (reading 'id')%0AThis is a bug in okta-access.",
    );
    expect(written).toContain('TypeError: Cannot read properties');
    expect(process.exitCode).toBe(1);
  });

  it('names the input that is wrong, and does not call it a bug', async () => {
    vi.stubEnv('INPUT_MAX-CAPACITY', '0');
    await runAction(env);
    expect(written).toContain(
      '::error::ACTION_INPUT: input max-capacity must be a percentage between 1 and 100',
    );
    expect(written).not.toContain('bug');
    expect(flows.detectDrift).not.toHaveBeenCalled();
  });

  it('masks a private key whole and line by line before anything else is printed', async () => {
    const key =
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';
    vi.stubEnv('INPUT_OKTA-PRIVATE-KEY', key);
    vi.stubEnv('INPUT_COMMAND', 'nope');
    await runAction(env);
    const masks = written.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toEqual([
      '::add-mask::-----BEGIN PRIVATE KEY-----%0AMIIEvQIBADANBgkqhkiG9w0BAQEFAASC%0ABKcwggSjAgEAAoIBAQC7%0A-----END PRIVATE KEY-----',
      '::add-mask::MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
      '::add-mask::BKcwggSjAgEAAoIBAQC7',
      '::add-mask::ghs_in-process-token-1234',
    ]);
    expect(written.indexOf('::add-mask::')).toBe(0);
  });

  it('annotates diagnostics on their files relative to the workspace, errors and warnings apart', async () => {
    flows.detectDrift.mockImplementation(
      async (options: { annotate: (diagnostics: readonly unknown[]) => void }) => {
        options.annotate([
          {
            severity: 'error',
            code: 'CSV_INVALID_EMAIL',
            message: '"x" is not a valid email address',
            hint: 'write name@domain',
            file: '/work/repo/apps/payroll.csv',
            line: 3,
            col: 15,
          },
          {
            severity: 'warning',
            code: 'CSV_UNUSED',
            message: 'nobody has this entitlement',
            file: '/work/repo/apps/payroll.yaml',
            line: 9,
            col: 5,
          },
        ]);
        return { ok: true, hasChanges: false, planHash: null, summary: 'no drift' };
      },
    );
    await runAction(env);
    expect(written).toContain(
      '::error title=CSV_INVALID_EMAIL,file=apps/payroll.csv,line=3,col=15::"x" is not a valid email address%0Ahint: write name@domain\n',
    );
    expect(written).toContain(
      '::warning title=CSV_UNUSED,file=apps/payroll.yaml,line=9,col=5::nobody has this entitlement\n',
    );
    expect(process.exitCode).toBeUndefined();
  });

  it('passes inputs over variables of the same name to the flow, keeping the rest of the environment', async () => {
    vi.stubEnv('INPUT_OKTA-ORG-URL', 'https://input.okta.com');
    flows.detectDrift.mockResolvedValue({ ok: true, hasChanges: false, planHash: null, summary: 'no drift' });
    await runAction({ ...env, OKTA_ORG_URL: 'https://env.okta.com', TEAM: 'payroll' });
    const options = flows.detectDrift.mock.calls[0]?.[0] as {
      env: Record<string, string>;
      configPath: string;
    };
    expect(options.configPath).toBe('okta-access.yaml');
    expect(options.env).toMatchObject({ OKTA_ORG_URL: 'https://input.okta.com', TEAM: 'payroll' });
  });

  it('takes the org from the workflow only: without okta-org-url or OKTA_ORG_URL, no flow runs', async () => {
    const { OKTA_ORG_URL: _unused, ...withoutOrg } = env;
    await runAction(withoutOrg);
    expect(written).toContain(
      '::error::ORG_MISSING: the workflow names no Okta org: input okta-org-url is empty',
    );
    expect(written).not.toContain('bug');
    expect(flows.detectDrift).not.toHaveBeenCalled();
    expect(process.exitCode).toBe(1);
  });
});
