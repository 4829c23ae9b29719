import path from 'node:path';
import { decodeText } from '../load/text.js';
import { parseYaml } from '../load/yaml-file.js';
import { globToRegExp, matchesAny } from './glob.js';

/** An app as the files of one commit declare it: which CSV files hold its rows. Paths are repository-relative. */
export interface AppDefinition {
  readonly label: string;
  readonly file: string;
  readonly csv: readonly string[];
  /** The entitlements the app file declares (the CSV may name others when undeclared ones are allowed). */
  readonly entitlements: readonly string[];
}

/** Which apps a commit declares, read from its config and app files. */
export type Layout =
  | { readonly kind: 'no-config' }
  | { readonly kind: 'broken'; readonly reason: string }
  | {
      readonly kind: 'ok';
      readonly apps: ReadonlyMap<string, AppDefinition>;
      /** App files that could not be read, with why: their apps are unknown at this commit. */
      readonly brokenFiles: ReadonlyMap<string, string>;
    };

export type Env = Readonly<Record<string, string | undefined>>;

type AppFile =
  | { readonly ok: true; readonly app: AppDefinition }
  | { readonly ok: false; readonly reason: string };
type ConfigFile =
  | { readonly ok: true; readonly apps: RegExp[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads layouts of successive commits, parsing each version of the config and app files once (by blob id).
 * `configPath` is the config's repository-relative path.
 */
export function createLayoutReader(
  configPath: string,
  readBlob: (oid: string) => Promise<Buffer>,
  env: Env,
): { read(tree: ReadonlyMap<string, string>): Promise<Layout>; readonly root: string } {
  const root = path.posix.dirname(configPath) === '.' ? '' : path.posix.dirname(configPath);
  const configs = new Map<string, ConfigFile>();
  const appFiles = new Map<string, AppFile>();

  async function text(
    oid: string,
    file: string,
  ): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
    const decoded = decodeText(await readBlob(oid), file);
    return decoded.ok ? decoded : { ok: false, reason: decoded.diagnostic.message };
  }

  async function config(oid: string): Promise<ConfigFile> {
    const known = configs.get(oid);
    if (known !== undefined) return known;
    const read = await text(oid, configPath);
    const parsed = read.ok ? parseConfig(read.text, configPath, env) : read;
    configs.set(oid, parsed);
    return parsed;
  }

  async function appFile(oid: string, file: string): Promise<AppFile> {
    const cacheKey = `${oid}:${file}`;
    const known = appFiles.get(cacheKey);
    if (known !== undefined) return known;
    const read = await text(oid, file);
    const parsed = read.ok ? parseApp(read.text, file, root) : read;
    appFiles.set(cacheKey, parsed);
    return parsed;
  }

  return {
    root,
    async read(tree) {
      const configOid = tree.get(configPath);
      if (configOid === undefined) return { kind: 'no-config' };
      const parsed = await config(configOid);
      if (!parsed.ok) return { kind: 'broken', reason: `${configPath}: ${parsed.reason}` };
      const prefix = root === '' ? '' : `${root}/`;
      const files = [...tree.keys()]
        .filter((file) => file.startsWith(prefix) && matchesAny(file.slice(prefix.length), parsed.apps))
        .sort();
      const apps = new Map<string, AppDefinition>();
      const brokenFiles = new Map<string, string>();
      for (const file of files) {
        const app = await appFile(tree.get(file) as string, file);
        if (!app.ok) {
          brokenFiles.set(file, app.reason);
        } else if (apps.has(app.app.label)) {
          brokenFiles.set(
            file,
            `app label "${app.app.label}" is already declared by ${apps.get(app.app.label)?.file}`,
          );
        } else {
          apps.set(app.app.label, app.app);
        }
      }
      return { kind: 'ok', apps, brokenFiles };
    },
  };
}

function parseConfig(text: string, file: string, env: Env): ConfigFile {
  const parsed = parseYaml(text, file, { expand: { env, at: [['org', 'url']] } });
  const value = parsed.yaml?.value;
  if (parsed.yaml === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: parsed.diagnostics[0]?.message ?? 'not a YAML mapping' };
  }
  const apps = (value as Record<string, unknown>).apps ?? 'apps/*.yaml';
  const patterns = (Array.isArray(apps) ? apps : [apps]).filter(
    (pattern): pattern is string =>
      typeof pattern === 'string' && !path.posix.isAbsolute(pattern) && !pattern.split('/').includes('..'),
  );
  return { ok: true, apps: patterns.map(globToRegExp) };
}

function parseApp(text: string, file: string, root: string): AppFile {
  const parsed = parseYaml(text, file);
  const value = parsed.yaml?.value as Record<string, unknown> | null | undefined;
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: parsed.diagnostics[0]?.message ?? 'not a YAML mapping' };
  }
  const { label, csv, entitlements } = value;
  if (typeof label !== 'string' || label === '') return { ok: false, reason: 'it has no label' };
  const listed = (Array.isArray(csv) ? csv : [csv]).filter(
    (entry): entry is string => typeof entry === 'string',
  );
  if (listed.length === 0) return { ok: false, reason: 'it lists no CSV file' };
  const inside = (candidate: string) =>
    root === '' ? !candidate.startsWith('../') && candidate !== '..' : candidate.startsWith(`${root}/`);
  const files = listed
    .filter((entry) => !path.posix.isAbsolute(entry))
    .map((entry) => path.posix.normalize(path.posix.join(path.posix.dirname(file), entry)))
    .filter(inside);
  const declared = Array.isArray(entitlements)
    ? entitlements.flatMap((entry) =>
        entry !== null && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string'
          ? [(entry as { name: string }).name]
          : [],
      )
    : [];
  return { ok: true, app: { label, file, csv: files, entitlements: declared } };
}
