import path from 'node:path';
import { glob } from 'tinyglobby';
import type { Config } from '../model/config.js';
import { type Diagnostic, type Position, sortDiagnostics } from '../model/diagnostic.js';
import { type GuardrailChange, type Guardrails, withTrustedGuardrails } from '../model/guardrails.js';
import type { App, Campaign, DesiredState, Person } from '../model/state.js';
import { type CsvReference, loadAppFile } from './app-file.js';
import { loadCampaignFile } from './campaign-file.js';
import { type Collector, createCollector } from './collector.js';
import { loadConfig } from './config.js';
import { checkConfusableNames } from './confusable.js';
import { emptyHint, parseCsvText } from './csv-text.js';
import { diagnostic, startOfFile } from './diagnose.js';
import { readInside } from './files.js';
import { displayPath, isInside } from './paths.js';
import { createRowChecker } from './rows.js';
import { checkCampaign, checkEntitlements } from './rules.js';
import { decodeText, readFailure } from './text.js';
import { positionOf, type YamlFile } from './yaml-file.js';

export interface LoadOptions {
  /** Path of okta-access.yaml. */
  readonly configPath: string;
  /** The environment for `${VAR}` in the root config. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** "Now", for date rules; fixed in tests. */
  readonly now?: Date;
  /** Called as CSV rows are read (every 100,000 rows and at the end of each file). */
  readonly onProgress?: (event: { readonly file: string; readonly rows: number }) => void;
  /**
   * The guardrails in force (a pull request's base branch's): they replace the config's own, which are only compared
   * (`guardrailChanges`). The CSV size limit read below is already the trusted one.
   */
  readonly trusted?: Guardrails;
}

export interface LoadResult {
  /** Present when the root config could be read; check `diagnostics` for errors before using it. */
  readonly state?: DesiredState;
  /** Every problem found, sorted by file and position. */
  readonly diagnostics: Diagnostic[];
  /** With `trusted`: each guardrail the config sets differently from the one in force. */
  readonly guardrailChanges?: readonly GuardrailChange[];
}

const progressEvery = 100_000;

/**
 * files → DesiredState. Validation runs in phases (parse → schema → semantic rules) and collects every problem
 * rather than stopping at the first; a caller must not act on a state that came with errors.
 */
export async function loadDesired(options: LoadOptions): Promise<LoadResult> {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  const collector = createCollector();
  const loaded = await loadConfig(options.configPath, env);
  collector.addAll(loaded.diagnostics);
  const { yaml: configYaml } = loaded;
  if (loaded.config === undefined || configYaml === undefined)
    return { diagnostics: sortDiagnostics(collector.finish()) };
  const guarded =
    options.trusted === undefined ? undefined : withTrustedGuardrails(loaded.config, options.trusted);
  const config = guarded?.config ?? loaded.config;

  const entries = await loadApps(config, configYaml, collector);
  const apps = new Map([...entries].map(([label, entry]) => [label, entry.app]));
  const people = new Map<string, Person>();
  const csv = await loadCsvFiles(config, entries, people, collector, options.onProgress);
  // "No member" warnings would only echo the errors of apps whose CSV could not be read or had rows rejected.
  checkEntitlements(apps, csv.incomplete, collector);
  checkConfusableNames(apps, config.safety.protectedGroups, collector);
  const campaigns = await loadCampaigns(config, configYaml, apps, now, collector);

  const state: DesiredState = { config, apps, people, campaigns, rowCount: csv.rows };
  return {
    state,
    diagnostics: sortDiagnostics(collector.finish()),
    ...(guarded === undefined ? {} : { guardrailChanges: guarded.changes }),
  };
}

interface AppEntry {
  readonly app: App;
  readonly csv: readonly CsvReference[];
  readonly csvKey: Position;
}

async function loadApps(
  config: Config,
  configYaml: YamlFile,
  collector: Collector,
): Promise<Map<string, AppEntry>> {
  const { files, refused } = await expand(config, configYaml, 'apps', collector);
  if (files.length === 0 && !refused) {
    collector.add(
      diagnostic(
        'error',
        'GLOB_NO_MATCH',
        configYaml.file,
        keyOrStart(configYaml, 'apps'),
        `no app files match ${config.apps.join(', ')}`,
        'add an app file (see examples/quickstart/apps), or point "apps" at where they are',
      ),
    );
  }
  const apps = new Map<string, AppEntry>();
  for (const file of files) {
    const loaded = await loadAppFile(config.root, file, config.naming.group);
    collector.addAll(loaded.diagnostics);
    if (loaded.app === undefined || loaded.yaml === undefined) continue;
    const earlier = apps.get(loaded.app.label);
    if (earlier !== undefined) {
      collector.add(
        diagnostic(
          'error',
          'APP_DUPLICATE_LABEL',
          loaded.yaml.file,
          positionOf(loaded.yaml, ['label']),
          `app label "${loaded.app.label}" is already declared by ${earlier.app.source.file}`,
          'one app file per Okta app',
        ),
      );
      continue;
    }
    apps.set(loaded.app.label, {
      app: loaded.app,
      csv: loaded.csv,
      csvKey: positionOf(loaded.yaml, ['csv']),
    });
  }
  return apps;
}

async function loadCsvFiles(
  config: Config,
  apps: ReadonlyMap<string, AppEntry>,
  people: Map<string, Person>,
  collector: Collector,
  onProgress: LoadOptions['onProgress'],
): Promise<{ rows: number; incomplete: ReadonlySet<string> }> {
  const byFile = new Map<string, { owners: App[]; references: CsvReference[] }>();
  for (const { app, csv } of apps.values()) {
    for (const reference of csv) {
      const entry = byFile.get(reference.absolute) ?? { owners: [], references: [] };
      entry.owners.push(app);
      entry.references.push(reference);
      byFile.set(reference.absolute, entry);
    }
  }
  const allApps = new Map([...apps].map(([label, entry]) => [label, entry.app]));
  const unreadable = new Set<App>();
  let total = 0;
  for (const [absolute, { owners, references }] of byFile) {
    const file = displayPath(absolute);
    const read = await readInside(config.root, absolute, config.limits.maxCsvBytes);
    if (!read.ok) {
      for (const reference of references)
        collector.add(readFailure(read, reference.from, 'the CSV file', file));
      for (const owner of owners) unreadable.add(owner);
      continue;
    }
    const text = decodeText(read.bytes, file);
    if (!text.ok) {
      collector.add(text.diagnostic);
      for (const owner of owners) unreadable.add(owner);
      continue;
    }
    let rows = 0;
    const checker = createRowChecker({
      file,
      owners,
      apps: allApps,
      naming: config.naming.group,
      people,
      collector,
      onRow: () => {
        rows++;
        if (rows % progressEvery === 0) onProgress?.({ file, rows });
      },
    });
    const syntax = parseCsvText(text.text, file, checker);
    collector.addAll(syntax);
    if (syntax.length > 0 || !checker.headerAccepted()) {
      for (const owner of owners) unreadable.add(owner);
    } else if (checker.recordCount() === 0) {
      collector.add(
        diagnostic(
          'error',
          'CSV_EMPTY',
          file,
          startOfFile,
          'the CSV file has a header but no rows',
          emptyHint,
        ),
      );
      for (const owner of owners) unreadable.add(owner);
    }
    onProgress?.({ file, rows });
    total += checker.rowCount();
  }
  const incomplete = new Set(unreadable);
  for (const { app } of apps.values()) {
    const rejectedRows = app.csvFiles.some((csvFile) => collector.errorsIn(displayPath(csvFile)) > 0);
    if (app.csvFiles.length === 0 || rejectedRows) incomplete.add(app);
  }
  for (const { app, csvKey } of apps.values()) {
    if (unreadable.has(app) || app.csvFiles.length === 0) continue;
    const members = [...app.entitlements.values()].reduce(
      (sum, entitlement) => sum + entitlement.members.size,
      0,
    );
    if (members === 0) {
      collector.add(
        diagnostic(
          'error',
          'APP_NO_ROWS',
          app.source.file,
          csvKey,
          `no CSV row grants any entitlement of ${app.label}`,
          'rows name the app in appName by its label; an app with no rows would lose every member',
        ),
      );
      incomplete.add(app);
    }
  }
  return { rows: total, incomplete: new Set([...incomplete].map((app) => app.label)) };
}

async function loadCampaigns(
  config: Config,
  configYaml: YamlFile,
  apps: ReadonlyMap<string, App>,
  now: Date,
  collector: Collector,
): Promise<Map<string, Campaign>> {
  const campaigns = new Map<string, Campaign>();
  for (const file of (await expand(config, configYaml, 'campaigns', collector)).files) {
    const loaded = await loadCampaignFile(config.root, file);
    collector.addAll(loaded.diagnostics);
    if (loaded.campaign === undefined || loaded.yaml === undefined) continue;
    const name = loaded.campaign.definition.name;
    const earlier = campaigns.get(name);
    if (earlier !== undefined) {
      collector.add(
        diagnostic(
          'error',
          'CAMPAIGN_DUPLICATE_NAME',
          loaded.yaml.file,
          positionOf(loaded.yaml, ['name']),
          `campaign name "${name}" is already used by ${earlier.source.file}`,
          'the name identifies a campaign in Okta: give each one its own',
        ),
      );
      continue;
    }
    campaigns.set(name, loaded.campaign);
    checkCampaign(loaded.campaign, loaded.yaml, apps, now, collector);
  }
  return campaigns;
}

/** The files a config glob list matches, sorted; patterns that would leave the repository are refused. */
async function expand(
  config: Config,
  configYaml: YamlFile,
  key: 'apps' | 'campaigns',
  collector: Collector,
): Promise<{ files: string[]; refused: boolean }> {
  const patterns: string[] = [];
  let refused = false;
  for (const [index, pattern] of config[key].entries()) {
    const leaves = path.isAbsolute(pattern) || pattern.split(/[\\/]/).includes('..');
    if (leaves) {
      const at = Array.isArray((configYaml.value as Record<string, unknown>)[key])
        ? positionOf(configYaml, [key, index])
        : keyOrStart(configYaml, key);
      collector.add(
        diagnostic(
          'error',
          'PATH_OUTSIDE_REPO',
          configYaml.file,
          at,
          `"${pattern}" leaves the repository`,
          'patterns are relative to okta-access.yaml and must stay below it',
        ),
      );
      refused = true;
      continue;
    }
    patterns.push(pattern);
  }
  if (patterns.length === 0) return { files: [], refused };
  const found = await glob(patterns, {
    cwd: config.root,
    absolute: true,
    onlyFiles: true,
    expandDirectories: false,
  });
  const files = found
    .map((file) => path.normalize(file))
    .filter((file) => isInside(config.root, file))
    .sort();
  return { files, refused };
}

function keyOrStart(yaml: YamlFile, key: string): Position {
  const value = yaml.value as Record<string, unknown> | null;
  return value !== null && typeof value === 'object' && key in value ? positionOf(yaml, [key]) : startOfFile;
}
