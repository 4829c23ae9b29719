/** Where something is in a file: 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

export type Severity = 'error' | 'warning';

/**
 * One problem found in the inputs. Rendered as `file:line:col severity CODE message` and as a GitHub annotation.
 * `file` is a path relative to the working directory, with forward slashes.
 */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hint?: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/**
 * The stable diagnostic codes. A code, once published, keeps its meaning: CI scripts and tests match on it.
 * docs/diagnostics.md describes each one.
 */
export const diagnosticCodes = [
  // files
  'FILE_NOT_FOUND',
  'FILE_TOO_LARGE',
  'FILE_UNREADABLE',
  'FILE_NOT_REGULAR',
  'PATH_OUTSIDE_REPO',
  'GLOB_NO_MATCH',
  // YAML parsing
  'YAML_SYNTAX',
  'YAML_DUPLICATE_KEY',
  'YAML_ALIAS_LIMIT',
  'YAML_MULTIPLE_DOCUMENTS',
  'ENV_UNDEFINED',
  'ENV_NOT_ALLOWED',
  'ENV_VAR_NOT_ALLOWED',
  // schema
  'SCHEMA_UNKNOWN_KEY',
  'SCHEMA_REQUIRED',
  'SCHEMA_TYPE',
  'SCHEMA_ENUM',
  'SCHEMA_FORMAT',
  'SCHEMA_RANGE',
  'SCHEMA_INVALID',
  // CSV
  'FILE_ENCODING',
  'CSV_SYNTAX',
  'CSV_EMPTY',
  'CSV_HEADER_MISSING_COLUMN',
  'CSV_HEADER_UNKNOWN_COLUMN',
  'CSV_HEADER_DUPLICATE_COLUMN',
  'CSV_COLUMN_COUNT',
  'CSV_EMPTY_CELL',
  'CSV_INVALID_EMAIL',
  'CSV_DUPLICATE_ROW',
  'CSV_UNKNOWN_APP',
  'CSV_APP_MISMATCH',
  'CSV_UNDECLARED_ENTITLEMENT',
  'CSV_USER_CONFLICT',
  'CSV_WHITESPACE',
  'CELL_TOO_LONG',
  // cross-file rules
  'APP_DUPLICATE_LABEL',
  'APP_NO_ROWS',
  'ENTITLEMENT_DUPLICATE',
  'ENTITLEMENT_UNUSED',
  'NAMING_TEMPLATE',
  'GROUP_NAME_TOO_LONG',
  'GROUP_NAME_COLLISION',
  'GROUP_NAME_CONFUSABLE',
  'CAMPAIGN_DUPLICATE_NAME',
  'CAMPAIGN_UNKNOWN_APP',
  'CAMPAIGN_UNKNOWN_ENTITLEMENT',
  'CAMPAIGN_START_IN_PAST',
  'CAMPAIGN_SCHEDULE',
  'CAMPAIGN_REVIEWERS',
  // against the org (plan)
  'APP_NOT_FOUND',
  'APP_AMBIGUOUS',
  'USER_NOT_FOUND',
  'USER_DEACTIVATED',
  'USER_SUSPENDED',
  'USER_LOCKED_OUT',
  'USER_NOT_ACTIVATED',
  'USER_PASSWORD_RESET',
  'MANAGER_NOT_FOUND',
  'CAMPAIGN_UNMANAGED',
  'CAMPAIGN_UNRESOLVED',
  'MEMBERSHIP_HELD',
  // guardrails from the trusted base (a pull request's base branch, plan --base-ref)
  'BASE_CONFIG_INVALID',
  // user sourcing (users: in okta-access.yaml)
  'SOURCE_NOT_FOUND',
  'SOURCE_MANAGER_UNKNOWN',
  'SOURCE_USERS_REMOVED',
] as const;

export type DiagnosticCode = (typeof diagnosticCodes)[number];

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** Sorts by file, line, column, then code, so output is stable whatever order the checks ran in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code),
  );
}
