import path from 'node:path';
import { loadConfig } from '../../load/config.js';
import {
  type Config,
  defaultGroupNaming,
  defaultMaxCsvBytes,
  defaultOwnershipMarker,
} from '../../model/config.js';
import { countBySeverity, type Diagnostic } from '../../model/diagnostic.js';

export type RootSettings =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * The root config for commands that work with or without an access repository (import, doctor): okta-access.yaml
 * when `--config` names one (or, when `optional`, when the default file exists), else the defaults — the org then
 * comes from OKTA_ORG_URL.
 */
export async function rootSettings(
  configPath: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  fallbackPath = 'okta-access.yaml',
): Promise<RootSettings> {
  if (configPath === undefined) {
    const loaded = await loadConfig(fallbackPath, env);
    const missing = loaded.diagnostics.some((d) => d.code === 'FILE_NOT_FOUND');
    if (!missing) return settingsOf(loaded);
    return { ok: true, config: defaultConfig(path.resolve(fallbackPath)) };
  }
  return settingsOf(await loadConfig(configPath, env));
}

function settingsOf(loaded: Awaited<ReturnType<typeof loadConfig>>): RootSettings {
  if (loaded.config === undefined || countBySeverity(loaded.diagnostics).errors > 0)
    return { ok: false, diagnostics: loaded.diagnostics };
  return { ok: true, config: loaded.config };
}

/** The defaults okta-access.yaml would give, for a command run outside an access repository. */
export function defaultConfig(absolute: string): Config {
  return {
    path: absolute,
    root: path.dirname(absolute),
    naming: { group: defaultGroupNaming },
    ownership: { marker: defaultOwnershipMarker },
    safety: { maxDeletes: 100, maxDeletePercent: 10, percentFloor: 50, protectedGroups: [] },
    apps: ['apps/*.yaml'],
    campaigns: ['campaigns/*.yaml'],
    limits: { maxCsvBytes: defaultMaxCsvBytes },
    source: { file: 'okta-access.yaml', line: 1 },
  };
}
