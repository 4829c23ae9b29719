import { closest } from '../load/diagnose.js';
import { UserError } from '../model/errors.js';
import { type CsvRow, csvRows } from './csv-rows.js';
import { parseAt } from './dates.js';
import { type AppDefinition, createLayoutReader, type Env } from './layout.js';
import type { WhoHasMember, WhoHasReport } from './model.js';
import type { AuditGit } from './port.js';
import { commitRef, resolveAt, resolveRef } from './resolve.js';

export interface WhoHasOptions {
  readonly git: AuditGit;
  /** The root config's repository-relative path. */
  readonly configPath: string;
  readonly app: string;
  readonly entitlement?: string;
  /** A date (`2027-03-31`: the end of that day, UTC), a date and time, or a revision; the tip of `ref` when absent. */
  readonly at?: string;
  /** The branch whose first-parent line dates are resolved on. */
  readonly ref: string;
  readonly env: Env;
}

/**
 * The population of an app (or one entitlement) as of a point in the history: the rows of the CSV files that the
 * config and app files of that commit give the app. Reads one tree and the files it needs, each once.
 */
export async function whoHas(options: WhoHasOptions): Promise<WhoHasReport> {
  const { git, configPath } = options;
  const tip = await resolveRef(git, options.ref);
  const sha = options.at === undefined ? tip : await resolveAt(git, tip, options.ref, parseAt(options.at));
  const commit = await commitRef(git, sha);
  const shown = `${sha.slice(0, 12)} (${commit.committedAt})`;
  const layouts = createLayoutReader(configPath, (oid) => git.readBlob(oid), options.env);
  const tree = await git.tree(sha, layouts.root);
  const layout = await layouts.read(tree);
  if (layout.kind === 'no-config') {
    throw new UserError('AUDIT_NO_CONFIG', `${configPath} does not exist at commit ${shown}`, {
      hint: 'the access repository starts later (give a later --at), or point --config at its root config',
    });
  }
  if (layout.kind === 'broken') {
    throw new UserError('AUDIT_UNREADABLE', `at commit ${shown}, ${layout.reason}`, {
      hint: 'that commit cannot be audited; give the commit before or after it',
    });
  }
  const definition = layout.apps.get(options.app);
  if (definition === undefined)
    throw unknownApp(options.app, [...layout.apps.keys()], layout.brokenFiles, shown);

  const rows: { row: CsvRow; file: string }[] = [];
  for (const file of definition.csv) {
    const oid = tree.get(file);
    if (oid === undefined) {
      throw new UserError('AUDIT_UNREADABLE', `${file} of ${options.app} does not exist at commit ${shown}`, {
        hint: 'that commit cannot be audited (validation would have refused it); give the commit before or after it',
      });
    }
    const read = csvRows((await git.readBlob(oid)).toString('utf8').replace(/^\uFEFF/, ''));
    if (!read.ok) {
      throw new UserError('AUDIT_UNREADABLE', `${file} at commit ${shown} cannot be read: ${read.reason}`, {
        hint: 'that commit cannot be audited (validation would have refused it); give the commit before or after it',
      });
    }
    for (const row of read.rows) if (row.app === options.app) rows.push({ row, file });
  }
  const members = membersOf(rows, options.entitlement);
  if (options.entitlement !== undefined && members.length === 0) {
    checkEntitlement(options.entitlement, definition, rows, shown);
  }
  return {
    kind: 'who-has',
    config: configPath,
    app: options.app,
    entitlement: options.entitlement ?? null,
    requested: options.at ?? null,
    commit,
    members,
    people: new Set(members.map((member) => member.email.toLowerCase())).size,
    warnings:
      git.shallow && options.at !== undefined ? ['this clone is shallow: its history is cut short'] : [],
  };
}

function membersOf(
  rows: readonly { row: CsvRow; file: string }[],
  entitlement: string | undefined,
): WhoHasMember[] {
  const seen = new Set<string>();
  const members: WhoHasMember[] = [];
  for (const { row, file } of rows) {
    if (entitlement !== undefined && row.entitlement !== entitlement) continue;
    const key = `${row.key}\0${row.entitlement}`;
    if (seen.has(key)) continue;
    seen.add(key);
    members.push({
      entitlement: row.entitlement,
      email: row.email,
      firstName: row.firstName,
      lastName: row.lastName,
      managerEmail: row.managerEmail === '' ? null : row.managerEmail,
      file,
      line: row.line,
    });
  }
  return members.sort(
    (a, b) => compare(a.entitlement, b.entitlement) || compare(a.email.toLowerCase(), b.email.toLowerCase()),
  );
}

/** An entitlement nobody holds is fine when the app declares it; otherwise it is probably a typo. */
function checkEntitlement(
  entitlement: string,
  definition: AppDefinition,
  rows: readonly { row: CsvRow }[],
  shown: string,
): void {
  const known = new Set([...definition.entitlements, ...rows.map(({ row }) => row.entitlement)]);
  if (known.has(entitlement)) return;
  const near = closest(entitlement, known);
  throw new UserError(
    'AUDIT_UNKNOWN_ENTITLEMENT',
    `${definition.label} has no entitlement "${entitlement}" at commit ${shown}`,
    {
      hint:
        near === undefined
          ? `its entitlements then: ${[...known].sort().join(', ') || 'none'}`
          : `did you mean "${near}"?`,
    },
  );
}

function unknownApp(
  app: string,
  labels: readonly string[],
  brokenFiles: ReadonlyMap<string, string>,
  shown: string,
): UserError {
  const near = closest(app, labels);
  const broken = [...brokenFiles].map(([file, reason]) => `${file} (${reason})`);
  const hint =
    near !== undefined
      ? `did you mean "${near}"?`
      : `apps at that commit: ${[...labels].sort().join(', ') || 'none'}` +
        (broken.length > 0 ? `; unreadable app files: ${broken.join(', ')}` : '');
  return new UserError('AUDIT_UNKNOWN_APP', `no app is labelled "${app}" at commit ${shown}`, { hint });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
