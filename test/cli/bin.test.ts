import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/okta-access.js', import.meta.url));
const fixture = fileURLToPath(
  new URL('../fixtures/invalid/csv-duplicate-row/okta-access.yaml', import.meta.url),
);

/** Runs the built command as a user would (npm test builds first). */
async function okta(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the okta-access binary', () => {
  it('runs the demo: validate, plan, apply and plan again, in at most 80 lines ending with No changes', async () => {
    const result = await okta(['demo']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(80);
    expect(lines.at(-1)).toMatch(/^No changes\b/);
    expect(result.stdout).toContain('✔ valid: 3 apps · 10 entitlements · 62 people · 123 rows · 2 campaigns');
    expect(result.stdout).toContain('Plan: 13 to create, 133 to add, 0 to remove, 0 to delete');
    expect(result.stdout).toContain('  Expenses-Submitter: + 50 members to add');
    expect(result.stdout).toMatch(/^Apply complete: 149 applied, 0 unchanged, 0 skipped, 0 failed\.$/m);
    expect(result.stdout).not.toContain('emails to find');
  });

  it('exits 1 on an invalid repository and prints the diagnostic', async () => {
    const result = await okta(['validate', '--config', fixture]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/apps\/payroll\.csv:4:14 error CSV_DUPLICATE_ROW/);
  });
});
