import { createLayoutReader, type Env, type Layout } from './layout.js';
import type { HistoryCommit } from './port.js';

/** One commit of the walk: the files below the config's folder after it, and the apps they declare. */
export interface WalkStep {
  readonly index: number;
  readonly commit: HistoryCommit;
  /** path → blob id, below the config's folder (the same map, updated in place from step to step). */
  readonly tree: ReadonlyMap<string, string>;
  readonly layout: Layout;
}

export interface WalkInput {
  readonly commits: readonly HistoryCommit[];
  readonly configPath: string;
  readonly readBlob: (oid: string) => Promise<Buffer>;
  readonly env: Env;
}

/**
 * Walks the first-parent line oldest first, keeping the file list up to date from each commit's `--raw` changes.
 * The layout (config and app files) is read again only when a commit adds, deletes or retypes a file or changes a
 * YAML file; each version of those files is parsed once.
 */
export async function* walkHistory(input: WalkInput): AsyncGenerator<WalkStep> {
  const layouts = createLayoutReader(input.configPath, input.readBlob, input.env);
  const prefix = layouts.root === '' ? '' : `${layouts.root}/`;
  const tree = new Map<string, string>();
  let layout: Layout = { kind: 'no-config' };
  for (const [index, commit] of input.commits.entries()) {
    let layoutMayChange = layout.kind !== 'ok';
    for (const change of commit.changes) {
      if (change.from !== undefined) tree.delete(change.from);
      if (!change.path.startsWith(prefix)) continue;
      if (change.oid === null) tree.delete(change.path);
      else tree.set(change.path, change.oid);
      if (change.status !== 'M' || /\.ya?ml$/i.test(change.path)) layoutMayChange = true;
    }
    if (layoutMayChange) layout = await layouts.read(tree);
    yield { index, commit, tree, layout };
  }
}

/**
 * The CSV versions a replay will read, oldest first: each version of each app's CSV files as the apps are declared
 * commit by commit.
 */
export async function csvVersionsOf(input: WalkInput): Promise<string[]> {
  const seen = new Set<string>();
  const versions: string[] = [];
  for await (const { tree, layout } of walkHistory(input)) {
    if (layout.kind !== 'ok') continue;
    for (const app of layout.apps.values()) {
      for (const file of app.csv) {
        const oid = tree.get(file);
        if (oid === undefined || seen.has(oid)) continue;
        seen.add(oid);
        versions.push(oid);
      }
    }
  }
  return versions;
}
