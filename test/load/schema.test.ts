import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../src/load/schema.js';
import { parseYaml } from '../../src/load/yaml-file.js';

function check(name: 'config' | 'app' | 'campaign', text: string) {
  const { yaml } = parseYaml(text, `${name}.yaml`);
  if (yaml === undefined) throw new Error('expected a document');
  return checkSchema(name, yaml).map(({ code, line, col, message, hint }) => ({
    code,
    line,
    col,
    message,
    hint,
  }));
}

const campaign = (reviewers: string) => `name: Q1 review
resources:
  - app: Payroll
schedule:
  type: ONE_OFF
  startDate: 2027-01-04T09:00:00Z
  durationInDays: 14
  timeZone: Europe/Berlin
reviewers:
${reviewers}`;

describe('checkSchema', () => {
  it('points an unknown key at the key, with the likely intended key', () => {
    expect(check('app', 'label: Payroll\ncsv: p.csv\nentitlments: []\n')).toEqual([
      {
        code: 'SCHEMA_UNKNOWN_KEY',
        line: 3,
        col: 1,
        message: 'unknown key "entitlments"',
        hint: 'did you mean "entitlements"?',
      },
    ]);
  });

  it('describes a value of the wrong shape by the forms it may take', () => {
    expect(check('app', 'label: Payroll\ncsv: 5\n')).toMatchObject([
      { code: 'SCHEMA_TYPE', line: 2, col: 6, message: '"csv" must be a string or a list of strings' },
    ]);
  });

  it('reports a key required by the type beside it, at the mapping', () => {
    expect(check('campaign', campaign('  type: USER\n'))).toMatchObject([
      { code: 'SCHEMA_REQUIRED', line: 9, col: 1, message: '"reviewers" is missing the required key "user"' },
    ]);
  });

  it('names the allowed values of an enum and checks formats', () => {
    const result = check(
      'campaign',
      `${campaign('  type: RESOURCE_OWNER\n  fallbackReviewer: not-an-email\n')}remediation:\n  accessRevoked: REMOVE\n`,
    );
    expect(result).toMatchObject([
      {
        code: 'SCHEMA_FORMAT',
        line: 11,
        col: 21,
        message: '"reviewers.fallbackReviewer" must be a valid email',
      },
      {
        code: 'SCHEMA_ENUM',
        line: 13,
        col: 18,
        message: '"remediation.accessRevoked" must be one of "NO_ACTION", "DENY"',
      },
    ]);
  });

  it('enforces Okta limits such as at most 5 principal groups', () => {
    const groups = ['A', 'B', 'C', 'D', 'E', 'F'].map((name) => `    - Group ${name}\n`).join('');
    const result = check(
      'campaign',
      `${campaign('  type: USER\n  user: ada@example.com\n')}principals:\n  groups:\n${groups}`,
    );
    expect(result).toMatchObject([
      { code: 'SCHEMA_RANGE', line: 13, message: '"principals.groups" may hold at most 5 item(s)' },
    ]);
  });

  it('accepts the defaults-only root config', () => {
    expect(check('config', 'version: 1\n')).toEqual([]);
  });
});
