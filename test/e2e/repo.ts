import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes a small access repository into a temporary folder: files by relative path. */
export function writeRepo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'okta-access-e2e-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return path.join(root, 'okta-access.yaml');
}

export const marker = '[managed by okta-access-gitops]';

/** Payroll with Admin and Viewer; rows as `email,entitlement` pairs. */
export function payrollRepo(rows: readonly (readonly [string, string])[], config = 'version: 1\n'): string {
  const csv = [
    'firstName,lastName,email,managerEmail,appName,groupName',
    ...rows.map(([email, entitlement]) => {
      const name = email.split('@')[0] ?? 'x';
      return `${name},Example,${email},,Payroll,${entitlement}`;
    }),
  ].join('\n');
  return writeRepo({
    'okta-access.yaml': config,
    'apps/payroll.yaml':
      'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
      'entitlements:\n  - {name: Admin, description: Runs payroll}\n  - {name: Viewer}\n',
    'apps/payroll.csv': `${csv}\n`,
  });
}

export const people = ['ada', 'alan', 'grace', 'edsger', 'barbara', 'ken'].map((name) => ({
  email: `${name}@example.com`,
  firstName: name,
  lastName: 'Example',
}));
