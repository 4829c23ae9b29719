import { collectEvidence, type EvidenceRequest } from './collect.js';
import type { EvidenceInputs } from './model.js';
import { type PackFile, renderPack } from './pack.js';
import { requireEmptyOut, writePack } from './write.js';

export type { EvidenceRequest } from './collect.js';
export type { EvidenceInputs } from './model.js';
export type { PackFile } from './pack.js';
export { renderPack } from './pack.js';

/**
 * `okta-access evidence`: refuse a used output folder before reading anything, read (Git, Okta), render (pure),
 * write. Returns what was read and the files written.
 */
export async function makeEvidencePack(
  request: EvidenceRequest,
  out: string,
): Promise<{ inputs: EvidenceInputs; files: PackFile[] }> {
  await requireEmptyOut(out);
  const inputs = await collectEvidence(request);
  const files = renderPack(inputs);
  await writePack(out, files);
  return { inputs, files };
}
