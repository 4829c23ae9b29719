import path from 'node:path';
import {
  type Config,
  defaultGroupNaming,
  defaultMaxCsvBytes,
  defaultMaxDeletePercent,
  defaultMaxDeletes,
  defaultOwnershipMarker,
  defaultPercentFloor,
  maxYamlBytes,
} from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { diagnostic, startOfFile } from './diagnose.js';
import { readInside } from './files.js';
import { displayPath } from './paths.js';
import { checkSchema } from './schema.js';
import { decodeText, readFailure } from './text.js';
import { parseYaml, positionOf, type YamlFile } from './yaml-file.js';

interface ConfigDocument {
  org?: { url?: string };
  naming?: { group?: string };
  ownership?: { marker?: string };
  safety?: {
    maxDeletes?: number;
    maxDeletePercent?: number;
    percentFloor?: number;
    protectedGroups?: string[];
  };
  apps?: string | string[];
  campaigns?: string | string[];
  limits?: { maxCsvBytes?: number };
  users?: { source: 'identity-source'; identitySourceId: string; deactivateRemoved?: boolean };
}

export interface LoadedConfig {
  readonly config?: Config;
  readonly yaml?: YamlFile;
  readonly diagnostics: Diagnostic[];
}

/** Reads okta-access.yaml: parse (with `${ENV}` expanded in org.url only), schema, defaults. */
export async function loadConfig(
  configPath: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<LoadedConfig> {
  const absolute = path.resolve(configPath);
  const root = path.dirname(absolute);
  const file = displayPath(absolute);
  const read = await readInside(root, absolute, maxYamlBytes);
  if (!read.ok) {
    const hint = read.reason === 'not-found' ? 'create okta-access.yaml, or point --config at it' : undefined;
    return { diagnostics: [readFailure(read, { file, at: startOfFile }, 'the root config', file, hint)] };
  }
  return parseConfig(read.bytes, absolute, env);
}

/**
 * okta-access.yaml from its bytes, as if read at `absolute`: parse (with `${ENV}` interpolation), schema, defaults.
 * Also reads a config from elsewhere than the work tree (the base branch's, from Git or GitHub).
 */
export function parseConfig(
  bytes: Buffer,
  absolute: string,
  env: Readonly<Record<string, string | undefined>>,
): LoadedConfig {
  const root = path.dirname(absolute);
  const file = displayPath(absolute);
  const text = decodeText(bytes, file);
  if (!text.ok) return { diagnostics: [text.diagnostic] };

  const parsed = parseYaml(text.text, file, { expand: { env, at: [['org', 'url']] } });
  if (parsed.yaml === undefined) return { diagnostics: parsed.diagnostics };
  // A value whose variable is unset is already reported; its schema errors would only repeat that.
  const unset = new Set(parsed.diagnostics.map((d) => `${d.line}:${d.col}`));
  const schema = checkSchema('config', parsed.yaml).filter((d) => !unset.has(`${d.line}:${d.col}`));
  const diagnostics = [...parsed.diagnostics, ...schema];
  if (diagnostics.some((d) => d.severity === 'error')) return { yaml: parsed.yaml, diagnostics };

  const doc = parsed.yaml.value as ConfigDocument;
  let group = doc.naming?.group ?? defaultGroupNaming;
  if (!group.includes('{entitlement}') || !group.includes('{app}')) {
    diagnostics.push(
      diagnostic(
        'error',
        'NAMING_TEMPLATE',
        file,
        positionOf(parsed.yaml, ['naming', 'group']),
        `the group naming rule "${group}" must contain both {app} and {entitlement}`,
        `without both, two entitlements could be given one group; the default is ${defaultGroupNaming}`,
      ),
    );
    // Go on with the default so that the rest of the repository is still checked without follow-on errors.
    group = defaultGroupNaming;
  }
  const config: Config = {
    path: absolute,
    root,
    ...(doc.org?.url === undefined
      ? {}
      : { orgUrl: doc.org.url, orgUrlSource: { file, ...positionOf(parsed.yaml, ['org', 'url']) } }),
    naming: { group },
    ownership: { marker: doc.ownership?.marker ?? defaultOwnershipMarker },
    safety: {
      maxDeletes: doc.safety?.maxDeletes ?? defaultMaxDeletes,
      maxDeletePercent: doc.safety?.maxDeletePercent ?? defaultMaxDeletePercent,
      percentFloor: doc.safety?.percentFloor ?? defaultPercentFloor,
      protectedGroups: doc.safety?.protectedGroups ?? [],
    },
    apps: toList(doc.apps, 'apps/*.yaml'),
    campaigns: toList(doc.campaigns, 'campaigns/*.yaml'),
    limits: { maxCsvBytes: doc.limits?.maxCsvBytes ?? defaultMaxCsvBytes },
    ...(doc.users === undefined
      ? {}
      : {
          users: {
            source: doc.users.source,
            identitySourceId: doc.users.identitySourceId,
            deactivateRemoved: doc.users.deactivateRemoved ?? false,
            declared: { file, ...positionOf(parsed.yaml, ['users', 'identitySourceId']) },
          },
        }),
    source: { file, line: 1 },
  };
  return { config, yaml: parsed.yaml, diagnostics };
}

function toList(value: string | string[] | undefined, fallback: string): string[] {
  if (value === undefined) return [fallback];
  return typeof value === 'string' ? [value] : value;
}
