import { codeBlock, codeSpan, escapeMarkdown } from '../render/escape.js';
import { evidenceCommand } from './commands.js';
import type { EvidenceInputs } from './model.js';

/** README.md of a pack: what each file is, and how to check it. Built from the inputs only: no time of making. */

export function renderReadme(inputs: EvidenceInputs): string {
  const { campaign, definition, launch } = inputs;
  const short = (sha: string) => sha.slice(0, 12);
  const files: [string, string][] = [
    ['README.md', 'This file: what each file of the pack is, and how to check it.'],
    [
      'campaign.yaml',
      `The campaign file ${codeSpan(definition.path)} exactly as committed in ${codeSpan(short(definition.commit))}, the last commit that changed it (blob ${codeSpan(short(definition.blob))}).`,
    ],
    ['campaign.json', 'The campaign as Okta holds it (campaign-full), keys sorted.'],
    [
      'population.csv',
      `Who held the entitlements the campaign reviews when it launched: the CSV rows of the repository at ${codeSpan(short(launch.commit))}, the last commit at or before ${escapeMarkdown(launch.instant)}, each with its file and line.`,
    ],
    [
      'decisions.csv',
      "Every review from Okta's reviews API: the person, the entitlement, the decision, when it was made, the reviewer and the reviewer's note.",
    ],
    [
      'remediation.csv',
      "Okta's remediation status of every review (SUCCESS: access removed; NONE: nothing to remove; OPEN, ERROR, MANUAL: see Okta).",
    ],
    [
      'access-after.csv',
      'The members of each group the campaign reviews, read from Okta when the pack was made.',
    ],
    [
      'manifest.json',
      'The SHA-256 of every other file, the tool version, the org, the campaign id, the commits and the exact commands.',
    ],
  ];
  const lines = [
    `# Evidence pack: ${escapeMarkdown(campaign.name)}`,
    '',
    `Campaign ${codeSpan(campaign.id)} of ${codeSpan(inputs.orgUrl)}, ${escapeMarkdown(campaign.status)}, launched ${escapeMarkdown(launch.instant)} (${escapeMarkdown(launch.from)}).`,
    `Made by ${inputs.tool.name} ${inputs.tool.version}, from the repository's top level, with:`,
    '',
    codeBlock(evidenceCommand(inputs.request), 'sh'),
    '',
    '| file | what it holds |',
    '| --- | --- |',
    ...files.map(([name, text]) => `| ${name} | ${text} |`),
    '',
    '## Checking it',
    '',
    'The pack is reproducible: the same repository and the same org give the same bytes. Rows are sorted, JSON keys',
    "are sorted, lines end with LF, and the only times in it are the campaign's and the reviews' own. A CSV cell that",
    "starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so that no spreadsheet runs it.",
    '',
    'Every file but the manifest is listed in manifest.json with its SHA-256:',
    '',
    '```sh',
    `jq -r '.files[] | "\\(.sha256)  \\(.path)"' manifest.json | sha256sum -c`,
    '```',
    '',
  ];
  if (inputs.warnings.length > 0) {
    lines.push(
      '## Warnings',
      '',
      ...[...new Set(inputs.warnings)].sort().map((w) => `- ${escapeMarkdown(w)}`),
      '',
    );
  }
  return lines.join('\n');
}
