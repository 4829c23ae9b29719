import { type CsvRow, type CsvRows, csvRows } from './csv-rows.js';
import type { AppDefinition, Env } from './layout.js';
import type { HistoryCommit } from './port.js';
import { createReadAhead, readNewestFirst } from './read-versions.js';
import { csvVersionsOf, walkHistory } from './walk.js';

/** A row that appeared (grant) or disappeared (removal) in a commit, keyed by (email without case, app, entitlement). */
export interface RowChange {
  readonly action: 'grant' | 'removal';
  readonly app: string;
  readonly entitlement: string;
  /** As written in the row: the new row for a grant, the old row for a removal. */
  readonly email: string;
  readonly key: string;
  /** The CSV file and line of that row. */
  readonly file: string;
  readonly line: number;
  /** Index of the commit in the replayed list. */
  readonly commit: number;
}

export interface ReplayInput {
  /** The first-parent line, oldest first, as `AuditGit.firstParentHistory` gives it. */
  readonly commits: readonly HistoryCommit[];
  /** The root config's repository-relative path. */
  readonly configPath: string;
  /** Only this person's rows (lower-cased email); all rows when absent. */
  readonly email?: string;
  readonly readBlob: (oid: string) => Promise<Buffer>;
  readonly env: Env;
}

export interface ReplayResult {
  readonly changes: RowChange[];
  readonly warnings: string[];
  /** Every app label seen in the history. */
  readonly labels: ReadonlySet<string>;
  /** CSV versions read and parsed (each blob once). */
  readonly csvVersions: number;
}

interface Member {
  readonly row: CsvRow;
  readonly file: string;
}

interface AppState {
  readonly file: string;
  /** The CSV versions the members were read from: path → blob id. */
  readonly blobs: ReadonlyMap<string, string>;
  readonly members: ReadonlyMap<string, Member>;
}

/**
 * Replays the first-parent line commit by commit and reports every row that appeared or disappeared. Each commit
 * updates the file list from its `--raw` changes; the config and app files of that commit decide which CSV files
 * belong to which app (so renamed or moved CSV files are followed); an app is re-read only when one of its CSV
 * versions changed, and each CSV version (blob) is parsed once. A commit where an app cannot be read (its CSV file
 * missing or unparseable, its app file broken) leaves the app as it was, with a warning: validation would have
 * refused to apply it.
 */
export async function replayHistory(input: ReplayInput): Promise<ReplayResult> {
  const parsed = new Map<string, CsvRows>();
  const states = new Map<string, AppState>();
  const changes: RowChange[] = [];
  const warnings: string[] = [];
  const labels = new Set<string>();
  const parse = (bytes: Buffer): CsvRows =>
    csvRows(bytes.toString('utf8').replace(/^\uFEFF/, ''), input.email);
  /** The problem last reported per app ('' for the config), so a long-broken file is reported once. */
  const reported = new Map<string, string>();

  function warn(subject: string, at: string, problem: string, consequence: string): void {
    if (reported.get(subject) === problem) return;
    reported.set(subject, problem);
    warnings.push(`${at}: ${problem}; ${consequence}`);
  }

  // One person's rows of every version are small: read them all first, newest first, which is the order in which
  // Git's deltas resolve fastest. All rows of every version would not fit: then versions are read as the walk needs
  // them, a few commits ahead.
  const onePerson = input.email !== undefined;
  let csvVersions = 0;
  if (onePerson)
    csvVersions = await readNewestFirst(await csvVersionsOf(input), input.readBlob, parse, parsed);
  const ahead = createReadAhead(input, parsed);

  async function rowsOf(oid: string): Promise<CsvRows> {
    let rows = parsed.get(oid);
    if (rows === undefined) {
      rows = parse(await ahead.read(oid));
      csvVersions++;
      parsed.set(oid, rows);
    }
    return rows;
  }

  for await (const { index, commit, tree, layout } of walkHistory(input)) {
    if (!onePerson) ahead.from(index + 1, layout);
    const at = `${commit.sha.slice(0, 12)} (${commit.committedAt})`;
    if (layout.kind === 'broken') {
      warn('', at, layout.reason, 'the apps are left as they were');
      continue;
    }
    reported.delete('');
    const apps: ReadonlyMap<string, AppDefinition> = layout.kind === 'ok' ? layout.apps : new Map();
    const brokenFiles = layout.kind === 'ok' ? layout.brokenFiles : new Map<string, string>();
    for (const label of new Set([...states.keys(), ...apps.keys()])) {
      labels.add(label);
      const definition = apps.get(label);
      const before = states.get(label);
      if (definition === undefined) {
        if (before === undefined) continue;
        const reason = brokenFiles.get(before.file);
        if (reason !== undefined) {
          warn(label, at, `${before.file} cannot be read (${reason})`, `${label} is left as it was`);
          continue;
        }
        record(label, before.members, new Map(), index);
        states.delete(label);
        continue;
      }
      const blobs = new Map(definition.csv.map((file) => [file, tree.get(file) ?? '']));
      if (before !== undefined && sameBlobs(before.blobs, blobs)) continue;
      const members = new Map<string, Member>();
      let problem: string | undefined;
      for (const [file, oid] of blobs) {
        if (oid === '') {
          problem = `${file} does not exist`;
          break;
        }
        const rows = await rowsOf(oid);
        if (!rows.ok) {
          problem = `${file}: ${rows.reason}`;
          break;
        }
        for (const row of rows.rows) {
          const key = `${row.key}\0${row.entitlement}`;
          if (row.app === label && !members.has(key)) members.set(key, { row, file });
        }
      }
      if (problem !== undefined) {
        warn(label, at, problem, `${label} is left as it was`);
        continue;
      }
      reported.delete(label);
      record(label, before?.members ?? new Map(), members, index);
      states.set(label, { file: definition.file, blobs, members });
    }
    if (!onePerson) forgetUnused(parsed, states);
  }
  await ahead.settle();
  return { changes, warnings, labels, csvVersions };

  function record(
    app: string,
    before: ReadonlyMap<string, Member>,
    after: ReadonlyMap<string, Member>,
    commit: number,
  ): void {
    const found: RowChange[] = [];
    for (const [key, member] of after) {
      if (!before.has(key)) found.push(change('grant', app, member, commit));
    }
    for (const [key, member] of before) {
      if (!after.has(key)) found.push(change('removal', app, member, commit));
    }
    found.sort(
      (a, b) => compare(a.entitlement, b.entitlement) || compare(a.key, b.key) || compare(a.action, b.action),
    );
    changes.push(...found);
  }
}

function change(action: RowChange['action'], app: string, member: Member, commit: number): RowChange {
  const { row, file } = member;
  return {
    action,
    app,
    entitlement: row.entitlement,
    email: row.email,
    key: row.key,
    file,
    line: row.line,
    commit,
  };
}

function sameBlobs(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [file, oid] of a) if (b.get(file) !== oid) return false;
  return true;
}

/** Keeps parsed CSV versions that some app still stands on; the others will not be asked for again soon. */
function forgetUnused(parsed: Map<string, CsvRows>, states: ReadonlyMap<string, AppState>): void {
  const used = new Set<string>();
  for (const state of states.values()) for (const oid of state.blobs.values()) used.add(oid);
  for (const oid of parsed.keys()) if (!used.has(oid)) parsed.delete(oid);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
