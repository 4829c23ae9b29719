import { canonicalJson } from './json.js';
import { manifestName, type PackFile, renderManifest } from './manifest.js';
import type { EvidenceInputs } from './model.js';
import { renderReadme } from './readme.js';
import { accessAfterCsv, decisionsCsv, populationCsv, remediationCsv } from './tables.js';

export type { PackFile } from './manifest.js';

/**
 * The evidence pack of a campaign, rendered from values already read: every file's exact bytes, the manifest last.
 * Pure: the same inputs (in any order) give the same files, byte for byte.
 */
export function renderPack(inputs: EvidenceInputs): PackFile[] {
  const text = (name: string, content: string): PackFile => ({ name, bytes: Buffer.from(content, 'utf8') });
  const files: PackFile[] = [
    text('README.md', renderReadme(inputs)),
    text('access-after.csv', accessAfterCsv(inputs.groups)),
    text('campaign.json', canonicalJson(inputs.campaign.full)),
    // The committed bytes, untouched: its hash is Git's to check against (`git show commit:path | sha256sum`).
    { name: 'campaign.yaml', bytes: Buffer.from(inputs.definition.bytes) },
    text('decisions.csv', decisionsCsv(inputs.reviews, inputs.groups)),
    text('population.csv', populationCsv(inputs.population)),
    text('remediation.csv', remediationCsv(inputs.reviews, inputs.groups)),
  ];
  return [...files, text(manifestName, renderManifest(inputs, files))];
}
