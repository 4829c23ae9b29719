import { createHash } from 'node:crypto';
import { evidenceCommand, gitCommands, oktaRequests } from './commands.js';
import { byText, canonicalJson } from './json.js';
import type { EvidenceInputs } from './model.js';

/** A file of the pack: its name and exact bytes. */
export interface PackFile {
  readonly name: string;
  readonly bytes: Buffer;
}

export const manifestName = 'manifest.json';
/** The manifest's own format, so that tools reading it can tell versions apart. */
export const manifestFormat = 'okta-access-evidence/1';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** manifest.json: what the pack is of, how it was made, and the SHA-256 of every other file. */
export function renderManifest(inputs: EvidenceInputs, files: readonly PackFile[]): string {
  const { campaign, definition, launch, repository } = inputs;
  const accessAfter: Record<string, number> = {};
  for (const group of inputs.groups) accessAfter[group.name ?? group.id] = group.members.length;
  return canonicalJson({
    format: manifestFormat,
    tool: inputs.tool,
    orgUrl: inputs.orgUrl,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      launched: launch.instant,
      launchedFrom: launch.from,
    },
    git: {
      head: repository.head,
      definition: { path: definition.path, commit: definition.commit, blob: definition.blob },
      population: { commit: launch.commit, atOrBefore: launch.instant },
    },
    commands: {
      evidence: evidenceCommand(inputs.request),
      git: gitCommands(inputs),
      okta: oktaRequests(inputs),
    },
    counts: {
      population: inputs.population.length,
      reviews: inputs.reviews.length,
      decisions: tally(inputs.reviews.map((review) => review.decision)),
      remediation: tally(inputs.reviews.map((review) => review.remediationStatus)),
      accessAfter,
    },
    files: [...files]
      .sort((a, b) => byText(a.name, b.name))
      .map((file) => ({ path: file.name, bytes: file.bytes.length, sha256: sha256(file.bytes) })),
    warnings: [...new Set(inputs.warnings)].sort(byText),
  });
}
