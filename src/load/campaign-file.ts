import { maxYamlBytes } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Campaign, CampaignDefinition } from '../model/state.js';
import { startOfFile } from './diagnose.js';
import { readInside } from './files.js';
import { displayPath } from './paths.js';
import { checkSchema } from './schema.js';
import { decodeText, readFailure } from './text.js';
import { parseYaml, positionOf, type YamlFile } from './yaml-file.js';

/** A campaign file as the schema allows it: defaults not yet applied. */
type CampaignDocument = Omit<CampaignDefinition, 'resources' | 'launch'> & {
  resources: { app: string; entitlements?: 'all' | string[] }[];
  launch?: CampaignDefinition['launch'];
};

/** The schema's defaults, made explicit so that later stages never meet an absent value. */
function withDefaults(document: CampaignDocument): CampaignDefinition {
  return {
    ...document,
    resources: document.resources.map((resource) => ({
      app: resource.app,
      entitlements: resource.entitlements ?? 'all',
    })),
    launch: document.launch ?? 'at-start-date',
  };
}

export interface LoadedCampaign {
  readonly campaign?: Campaign;
  readonly yaml?: YamlFile;
  readonly diagnostics: Diagnostic[];
}

/** Reads one campaign file: parse and schema. Cross-file rules (apps, entitlements, dates) run later. */
export async function loadCampaignFile(root: string, absolute: string): Promise<LoadedCampaign> {
  const file = displayPath(absolute);
  const read = await readInside(root, absolute, maxYamlBytes);
  if (!read.ok)
    return { diagnostics: [readFailure(read, { file, at: startOfFile }, 'the campaign file', file)] };
  const text = decodeText(read.bytes, file);
  if (!text.ok) return { diagnostics: [text.diagnostic] };
  const parsed = parseYaml(text.text, file);
  if (parsed.yaml === undefined) return { diagnostics: parsed.diagnostics };
  const diagnostics = [...parsed.diagnostics, ...checkSchema('campaign', parsed.yaml)];
  if (diagnostics.some((d) => d.severity === 'error')) return { yaml: parsed.yaml, diagnostics };
  const definition = withDefaults(parsed.yaml.value as CampaignDocument);
  return {
    campaign: { definition, source: { file, line: positionOf(parsed.yaml, ['name']).line } },
    yaml: parsed.yaml,
    diagnostics,
  };
}
