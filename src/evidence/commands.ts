import type { EvidenceInputs } from './model.js';

/** The exact commands behind a pack: the one that made it, and the Git and Okta reads it made. */

/** A word for a POSIX shell: as it is when it is plain, else in single quotes. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command line that makes the pack, run from the repository's top level. The output folder is `"$OUT"`: where a
 * pack is written is not part of it, so two packs of the same inputs are the same bytes.
 */
export function evidenceCommand(request: EvidenceInputs['request']): string {
  const words = [
    'okta-access',
    'evidence',
    '--config',
    shellWord(request.config),
    '--campaign',
    shellWord(request.campaign),
    ...(request.campaignId === undefined ? [] : ['--campaign-id', shellWord(request.campaignId)]),
    '--out',
    '"$OUT"',
  ];
  return words.join(' ');
}

export function gitCommands(inputs: EvidenceInputs): string[] {
  const { definition, launch, repository } = inputs;
  const folder = repository.prefix.replace(/\/+$/, '');
  return [
    `git log -1 --format=%H ${repository.head} -- ${shellWord(definition.path)}`,
    `git show ${shellWord(`${definition.commit}:${definition.path}`)}`,
    `git rev-list -1 --first-parent --before=${launch.instant} ${repository.head}`,
    `GIT_INDEX_FILE="$TMP/index" git read-tree ${shellWord(`${launch.commit}:${folder}`)}`,
    'GIT_INDEX_FILE="$TMP/index" git checkout-index --all --prefix="$TMP/tree/"',
  ];
}

export function oktaRequests(inputs: EvidenceInputs): string[] {
  const id = encodeURIComponent(inputs.campaign.id);
  const filter = encodeURIComponent(`campaignId eq "${inputs.campaign.id}"`);
  const groups = [...inputs.groups].map((group) => group.id).sort();
  return [
    'GET /governance/api/v1/campaigns?limit=200 (every page)',
    `GET /governance/api/v1/campaigns/${id}`,
    `GET /governance/api/v1/reviews?filter=${filter}&limit=200 (every page)`,
    'GET /governance/api/v1/reviews/{reviewId} (each decided review the list gives without its note)',
    ...groups.flatMap((group) => [
      `GET /api/v1/groups/${encodeURIComponent(group)}`,
      `GET /api/v1/groups/${encodeURIComponent(group)}/users?limit=1000 (every page)`,
    ]),
  ];
}
