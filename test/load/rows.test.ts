import { describe, expect, it } from 'vitest';
import { createCollector } from '../../src/load/collector.js';
import { parseCsvText } from '../../src/load/csv-text.js';
import { createRowChecker } from '../../src/load/rows.js';
import type { App, Person } from '../../src/model/state.js';

function app(label: string, declared: string[] = [], options: Partial<App> = {}): App {
  return {
    label,
    csvFiles: [],
    allowUndeclaredEntitlements: false,
    extraColumns: [],
    entitlements: new Map(
      declared.map((name) => [
        name,
        {
          app: label,
          name,
          groupName: `${label}-${name}`,
          declared: true,
          source: { file: `apps/${label}.yaml`, line: 1 },
          members: new Map(),
        },
      ]),
    ),
    source: { file: `apps/${label}.yaml`, line: 1 },
    ...options,
  };
}

function check(csv: string, owners: App[], others: App[] = []) {
  const collector = createCollector();
  const people = new Map<string, Person>();
  const apps = new Map([...owners, ...others].map((a) => [a.label, a]));
  const checker = createRowChecker({
    file: 'p.csv',
    owners,
    apps,
    naming: '{app}-{entitlement}',
    people,
    collector,
  });
  collector.addAll(parseCsvText(csv, 'p.csv', checker));
  const diagnostics = collector
    .finish()
    .map(({ code, line, col, severity }) => ({ code, line, col, severity }));
  return { diagnostics, people, rows: checker.rowCount() };
}

const header = 'firstName,lastName,email,managerEmail,appName,groupName\n';

describe('createRowChecker', () => {
  it('accepts the columns in any order and records members and people', () => {
    const payroll = app('Payroll', ['Admin']);
    const { diagnostics, people, rows } = check(
      'groupName,appName,email,firstName,lastName,managerEmail\nAdmin,Payroll,Grace.Hopper@Example.com,Grace,Hopper,\n',
      [payroll],
    );
    expect(diagnostics).toEqual([]);
    expect(rows).toBe(1);
    expect(payroll.entitlements.get('Admin')?.members.get('grace.hopper@example.com')).toEqual({
      file: 'p.csv',
      line: 2,
    });
    expect(people.get('grace.hopper@example.com')).toMatchObject({ firstName: 'Grace', lastName: 'Hopper' });
  });

  it('reports header problems at the header cell', () => {
    const { diagnostics } = check('firstName,lastName,Email,email,email,managerEmail,appName,groupName\n', [
      app('Payroll'),
    ]);
    expect(diagnostics).toEqual([
      { code: 'CSV_HEADER_UNKNOWN_COLUMN', line: 1, col: 20, severity: 'error' },
      { code: 'CSV_HEADER_DUPLICATE_COLUMN', line: 1, col: 32, severity: 'error' },
    ]);
  });

  it('stops at a header that lacks a column', () => {
    const { diagnostics, rows } = check(
      'firstName,lastName,email,appName,groupName\nA,B,a@example.com,Payroll,Admin\n',
      [app('Payroll')],
    );
    expect(diagnostics).toEqual([{ code: 'CSV_HEADER_MISSING_COLUMN', line: 1, col: 1, severity: 'error' }]);
    expect(rows).toBe(0);
  });

  it('allows declared extra columns', () => {
    const payroll = app('Payroll', [], { extraColumns: ['costCenter'] });
    const { diagnostics } = check(
      'firstName,lastName,email,managerEmail,appName,groupName,costCenter\nA,B,a@example.com,,Payroll,Admin,CC-1\n',
      [payroll],
    );
    expect(diagnostics).toEqual([]);
  });

  it('checks cells: empty, email, manager email, whitespace', () => {
    const { diagnostics, rows } = check(
      `${header},Lee,ann@example.com,,Payroll,Admin\nAnn,Lee,ann@,,Payroll,Admin\nAnn,Lee,ann@example.com,boss,Payroll,Admin\nBo,Ek, bo@example.com ,,Payroll,Admin\n`,
      [app('Payroll')],
    );
    expect(diagnostics).toEqual([
      { code: 'CSV_EMPTY_CELL', line: 2, col: 1, severity: 'error' },
      { code: 'CSV_INVALID_EMAIL', line: 3, col: 9, severity: 'error' },
      { code: 'CSV_INVALID_EMAIL', line: 4, col: 25, severity: 'error' },
      { code: 'CSV_WHITESPACE', line: 5, col: 7, severity: 'warning' },
    ]);
    expect(rows).toBe(1);
  });

  it('tells a row for another app from a row for an unknown app', () => {
    const { diagnostics } = check(
      `${header}A,B,a@example.com,,Expenses,Admin\nA,B,a@example.com,,Payrol,Admin\n`,
      [app('Payroll')],
      [app('Expenses')],
    );
    expect(diagnostics).toEqual([
      { code: 'CSV_APP_MISMATCH', line: 2, col: 20, severity: 'error' },
      { code: 'CSV_UNKNOWN_APP', line: 3, col: 20, severity: 'error' },
    ]);
  });

  it('refuses undeclared entitlements of a closed list, and accepts them of an open app', () => {
    const closed = check(`${header}A,B,a@example.com,,Payroll,Admn\n`, [app('Payroll', ['Admin'])]);
    expect(closed.diagnostics).toEqual([
      { code: 'CSV_UNDECLARED_ENTITLEMENT', line: 2, col: 28, severity: 'error' },
    ]);
    const openApp = app('Payroll');
    const open = check(`${header}A,B,a@example.com,,Payroll,Admn\n`, [openApp]);
    expect(open.diagnostics).toEqual([]);
    expect(openApp.entitlements.get('Admn')).toMatchObject({ groupName: 'Payroll-Admn', declared: false });
  });

  it('finds the same grant twice whatever the case of the email, and warns when a person is described twice', () => {
    const { diagnostics } = check(
      `${header}Ann,Lee,ann@example.com,,Payroll,Admin\nAnn,Lee,ANN@example.com,,Payroll,Admin\nAnne,Lee,ann@example.com,,Payroll,Viewer\n`,
      [app('Payroll', ['Admin', 'Viewer'])],
    );
    expect(diagnostics).toEqual([
      { code: 'CSV_DUPLICATE_ROW', line: 3, col: 9, severity: 'error' },
      { code: 'CSV_USER_CONFLICT', line: 4, col: 1, severity: 'warning' },
    ]);
  });

  it('reports a row with the wrong number of cells where it ends', () => {
    const { diagnostics } = check(`${header}A,B,a@example.com,Payroll,Admin\n`, [app('Payroll')]);
    expect(diagnostics).toEqual([{ code: 'CSV_COLUMN_COUNT', line: 2, col: 32, severity: 'error' }]);
  });
});
