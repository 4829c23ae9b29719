import { fullFormats } from 'ajv-formats/dist/formats.js';
import { groupNameFor, oktaGroupNameMax } from '../model/config.js';
import type { App, Entitlement, Person } from '../model/state.js';
import type { Collector } from './collector.js';
import type { CsvRecord, CsvVisitor } from './csv-text.js';
import { diagnostic, didYouMean } from './diagnose.js';

/** The columns of Okta's example solution, in its order. */
export const csvColumns = ['firstName', 'lastName', 'email', 'managerEmail', 'appName', 'groupName'] as const;
export type CsvColumn = (typeof csvColumns)[number];
const requiredCells: readonly CsvColumn[] = ['firstName', 'lastName', 'email', 'appName', 'groupName'];
export const expectedHeader = csvColumns.join(',');

const emailPattern = fullFormats.email as RegExp;

/**
 * The most characters Okta takes in the field a cell lands in (Okta's user profile schema: `firstName` and `lastName`
 * ≤ 50, `email` and `login` ≤ 100; an app label ≤ 100; a group name ≤ 255). The manager is an Okta user found by
 * email, so the same 100 holds. groupName is checked again once the naming rule has made the group name of it.
 */
const cellLimits: Readonly<Record<CsvColumn, { readonly max: number; readonly field: string }>> = {
  firstName: { max: 50, field: "a user's firstName" },
  lastName: { max: 50, field: "a user's lastName" },
  email: { max: 100, field: "a user's email and login" },
  managerEmail: { max: 100, field: "a user's email (the manager is found by it)" },
  appName: { max: 100, field: 'an app label' },
  groupName: { max: oktaGroupNameMax, field: 'a group name' },
};

/** Length in characters (code points), as Okta counts; counted only when the UTF-16 length could exceed `max`. */
function tooLong(value: string, max: number): number | undefined {
  if (value.length <= max) return undefined;
  let characters = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) i++;
    characters++;
  }
  return characters > max ? characters : undefined;
}

export function isEmail(value: string): boolean {
  return value.length <= 254 && emailPattern.test(value);
}

export interface RowContext {
  /** The file as shown in diagnostics. */
  readonly file: string;
  /** Apps whose app file lists this CSV: rows must name one of them. */
  readonly owners: readonly App[];
  /** Every app of the repository, by label (to tell "wrong file" from "unknown app"). */
  readonly apps: ReadonlyMap<string, App>;
  readonly naming: string;
  readonly people: Map<string, Person>;
  readonly collector: Collector;
  /** Called once per accepted row. */
  readonly onRow?: () => void;
}

/**
 * The semantic rules for one CSV file's header and rows, as a visitor for parseCsvText. Accepted rows become
 * members of their entitlement; rejected rows are reported with the position of the offending cell.
 */
export function createRowChecker(
  context: RowContext,
): CsvVisitor & { rowCount(): number; recordCount(): number; headerAccepted(): boolean } {
  const { file, collector } = context;
  const columnIndex = new Map<CsvColumn, number>();
  let width = 0;
  let rows = 0;
  let records = 0;
  let accepted = false;
  const ownerLabels = new Set(context.owners.map((app) => app.label));
  const extra = new Set(context.owners.flatMap((app) => app.extraColumns));
  const error = (
    code: Parameters<typeof diagnostic>[1],
    at: { line: number; col: number },
    message: string,
    hint?: string,
  ) => collector.add(diagnostic('error', code, file, at, message, hint));
  const warn = (
    code: Parameters<typeof diagnostic>[1],
    at: { line: number; col: number },
    message: string,
    hint?: string,
  ) => collector.add(diagnostic('warning', code, file, at, message, hint));

  function header(record: CsvRecord): boolean {
    width = record.cells.length;
    const seen = new Set<string>();
    // Unknown columns past the collector's cap: counted, and the last one placed, once the walk is done.
    let uncounted = 0;
    let lastUncounted = 0;
    for (const [index, rawName] of record.cells.entries()) {
      const name = rawName.trim();
      if (seen.has(name)) {
        error(
          'CSV_HEADER_DUPLICATE_COLUMN',
          record.locate(index),
          `column "${name}" appears twice in the header`,
        );
        continue;
      }
      seen.add(name);
      if ((csvColumns as readonly string[]).includes(name)) {
        columnIndex.set(name as CsvColumn, index);
      } else if (!extra.has(name)) {
        // Past the collector's cap only the count and the last position are shown: no message or hint to make.
        if (collector.isCapped(file, 'CSV_HEADER_UNKNOWN_COLUMN')) {
          uncounted++;
          lastUncounted = index;
          continue;
        }
        error(
          'CSV_HEADER_UNKNOWN_COLUMN',
          record.locate(index),
          `unknown column "${rawName}"`,
          didYouMean(name, csvColumns) ??
            `the columns are ${expectedHeader}; declare other columns in the app file's extraColumns`,
        );
      }
    }
    if (uncounted > 0) {
      collector.tally(file, 'CSV_HEADER_UNKNOWN_COLUMN', record.locate(lastUncounted), uncounted);
    }
    const missing = csvColumns.filter((column) => !columnIndex.has(column));
    if (missing.length > 0) {
      error(
        'CSV_HEADER_MISSING_COLUMN',
        { line: record.line, col: 1 },
        `the header lacks ${missing.map((column) => `"${column}"`).join(', ')}`,
        `the first line must name the columns: ${expectedHeader} (any order)`,
      );
      return false;
    }
    accepted = true;
    return true;
  }

  function cell(record: CsvRecord, column: CsvColumn): string {
    const index = columnIndex.get(column) ?? 0;
    const value = record.cells[index] ?? '';
    const trimmed = value.trim();
    if (trimmed !== value && trimmed !== '') {
      warn(
        'CSV_WHITESPACE',
        record.locate(index),
        `${column} has spaces around "${trimmed}"; they are ignored`,
      );
    }
    return trimmed;
  }

  function row(record: CsvRecord): void {
    records++;
    if (record.cells.length !== width) {
      error(
        'CSV_COLUMN_COUNT',
        record.locate(Math.min(record.cells.length, width)),
        `the row has ${record.cells.length} cells, the header has ${width}`,
        'a comma inside a value needs the value in double quotes',
      );
      return;
    }
    const values = {} as Record<CsvColumn, string>;
    let complete = true;
    for (const column of csvColumns) {
      values[column] = cell(record, column);
      if (values[column] === '' && requiredCells.includes(column)) {
        error('CSV_EMPTY_CELL', record.locate(columnIndex.get(column) ?? 0), `${column} is empty`);
        complete = false;
      }
    }
    if (!complete) return;
    for (const column of csvColumns) {
      const { max, field } = cellLimits[column];
      const length = tooLong(values[column], max);
      if (length === undefined) continue;
      error(
        'CELL_TOO_LONG',
        record.locate(columnIndex.get(column) ?? 0),
        `${column} is ${length} characters; Okta allows ${max} in ${field}`,
        'shorten the value: Okta would refuse it',
      );
      complete = false;
    }
    if (!complete) return;
    const email = values.email;
    if (!isEmail(email)) {
      error(
        'CSV_INVALID_EMAIL',
        record.locate(columnIndex.get('email') ?? 0),
        `"${email}" is not a valid email address`,
      );
      return;
    }
    const managerEmail = values.managerEmail;
    if (managerEmail !== '' && !isEmail(managerEmail)) {
      error(
        'CSV_INVALID_EMAIL',
        record.locate(columnIndex.get('managerEmail') ?? 0),
        `managerEmail "${managerEmail}" is not a valid email address`,
        'leave managerEmail empty for someone without a manager',
      );
      return;
    }
    const app = appOf(record, values.appName);
    if (app === undefined) return;
    const entitlement = entitlementOf(record, app, values.groupName);
    if (entitlement === undefined) return;

    const key = email.toLowerCase();
    const earlier = entitlement.members.get(key);
    if (earlier !== undefined) {
      error(
        'CSV_DUPLICATE_ROW',
        record.locate(columnIndex.get('email') ?? 0),
        `${email} is granted ${app.label} ${entitlement.name} twice`,
        `the first grant is at ${earlier.file}:${earlier.line} (emails compare without case)`,
      );
      return;
    }
    entitlement.members.set(key, { file, line: record.line });
    rememberPerson(record, key, values);
    rows++;
    context.onRow?.();
  }

  function appOf(record: CsvRecord, appName: string): App | undefined {
    if (ownerLabels.has(appName)) return context.apps.get(appName);
    const at = record.locate(columnIndex.get('appName') ?? 0);
    const other = context.apps.get(appName);
    if (other !== undefined) {
      error(
        'CSV_APP_MISMATCH',
        at,
        `this row is for app "${appName}", but this CSV belongs to ${[...ownerLabels].map((l) => `"${l}"`).join(', ')}`,
        `move the row to a CSV listed by ${other.source.file}`,
      );
      return undefined;
    }
    error(
      'CSV_UNKNOWN_APP',
      at,
      `no app file declares an app labelled "${appName}"`,
      didYouMean(appName, context.apps.keys()) ??
        'appName must equal the label of the app file that lists this CSV',
    );
    return undefined;
  }

  function entitlementOf(record: CsvRecord, app: App, name: string): Entitlement | undefined {
    const known = app.entitlements.get(name);
    if (known !== undefined) return known;
    const at = record.locate(columnIndex.get('groupName') ?? 0);
    const declaresList = [...app.entitlements.values()].some((entitlement) => entitlement.declared);
    if (declaresList && !app.allowUndeclaredEntitlements) {
      error(
        'CSV_UNDECLARED_ENTITLEMENT',
        at,
        `"${name}" is not an entitlement of ${app.label}`,
        didYouMean(name, app.entitlements.keys()) ??
          `declare it in ${app.source.file}, or set allowUndeclaredEntitlements: true`,
      );
      return undefined;
    }
    const created: Entitlement = {
      app: app.label,
      name,
      groupName: groupNameFor(context.naming, app.label, name),
      declared: false,
      source: { file, line: record.line, col: at.col },
      members: new Map(),
    };
    app.entitlements.set(name, created);
    return created;
  }

  function rememberPerson(record: CsvRecord, key: string, values: Record<CsvColumn, string>): void {
    const managerEmail = values.managerEmail === '' ? undefined : values.managerEmail.toLowerCase();
    const known = context.people.get(key);
    if (known === undefined) {
      const person: Person = {
        email: key,
        firstName: values.firstName,
        lastName: values.lastName,
        ...(managerEmail === undefined
          ? {}
          : {
              managerEmail,
              managerSource: { file, ...record.locate(columnIndex.get('managerEmail') ?? 0) },
            }),
        source: { file, line: record.line },
      };
      context.people.set(key, person);
      return;
    }
    const differs: string[] = [];
    if (known.firstName !== values.firstName) differs.push(`firstName "${known.firstName}"`);
    if (known.lastName !== values.lastName) differs.push(`lastName "${known.lastName}"`);
    if (known.managerEmail !== managerEmail) differs.push(`managerEmail "${known.managerEmail ?? ''}"`);
    if (differs.length > 0) {
      warn(
        'CSV_USER_CONFLICT',
        { line: record.line, col: 1 },
        `${values.email} is described differently than at ${known.source.file}:${known.source.line} (${differs.join(', ')})`,
        'give a person the same names and manager on every row; the first row wins',
      );
    }
  }

  return { header, row, rowCount: () => rows, recordCount: () => records, headerAccepted: () => accepted };
}
