import {
  defaultGroupNaming,
  defaultMaxCsvBytes,
  defaultMaxDeletePercent,
  defaultMaxDeletes,
  defaultOwnershipMarker,
  defaultPercentFloor,
} from '../model/config.js';

/**
 * The files of a new access repository, as text: pure, no I/O (the workflows, read from the package's examples, are
 * added by the command). Optional settings of okta-access.yaml are written commented out as `# key: value` with their
 * default; prose comments never start with `word:`, so removing the `# ` of such a line is all it takes to set one.
 */

/** One file of the new repository: its path relative to the repository, its text and what it is, for the listing. */
export interface InitFile {
  readonly path: string;
  readonly text: string;
  readonly about: string;
}

/** Where the schemas are when okta-access-gitops is installed in the repository (`npm install -D okta-access-gitops`). */
const schemas = 'node_modules/okta-access-gitops/schemas';

/** The people of the sample CSV: the first has no manager and is the campaign's fallback reviewer. */
const people = [
  { first: 'Maria', last: 'Garcia', manager: '', entitlement: 'Admin' },
  { first: 'James', last: 'Okafor', manager: 'maria.garcia', entitlement: 'Admin' },
  { first: 'Priya', last: 'Shah', manager: 'maria.garcia', entitlement: 'Viewer' },
  { first: 'Tom', last: 'Becker', manager: 'james.okafor', entitlement: 'Viewer' },
  { first: 'Lin', last: 'Chen', manager: 'james.okafor', entitlement: 'Viewer' },
] as const;
const emailDomain = 'example.com';

/** `Payroll Admin Tool` → `payroll-admin-tool`: the stem of the app's file names (ASCII letters, digits, `_ . -`). */
export function appStem(label: string): string {
  const stem = label
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .toLowerCase();
  return stem === '' ? 'app' : stem;
}

export function initFiles(options: {
  readonly app: string;
  readonly orgUrl?: string;
  readonly now: Date;
}): InitFile[] {
  const stem = appStem(options.app);
  return [
    {
      path: 'okta-access.yaml',
      text: renderInitConfig(options.orgUrl),
      about:
        options.orgUrl === undefined
          ? 'every setting, commented'
          : `every setting, commented; org ${options.orgUrl}`,
    },
    {
      path: `apps/${stem}.yaml`,
      text: renderInitApp(options.app, `${stem}.csv`),
      about: `the app ${options.app}: entitlements Admin and Viewer`,
    },
    {
      path: `apps/${stem}.csv`,
      text: renderInitCsv(options.app),
      about: `${people.length} rows, in the format of Okta's example solution`,
    },
    {
      path: `campaigns/${stem}-quarterly-review.yaml`,
      text: renderInitCampaign(options.app, options.now),
      about: `managers review ${options.app} access every quarter`,
    },
    {
      path: '.gitignore',
      text: initGitignore,
      about: 'the apply journal (.okta-access/) and local emulator state',
    },
  ];
}

export function renderInitConfig(orgUrl: string | undefined): string {
  const org =
    orgUrl === undefined
      ? ['# org:', '#   url: https://example.okta.com']
      : ['org:', `  url: ${JSON.stringify(orgUrl)}`];
  return `${[
    `# yaml-language-server: $schema=./${schemas}/config.schema.json`,
    '#',
    '# The root config of this access repository, written by `okta-access init`. Every setting the format knows is',
    '# below, with what it does and its default. A line `# key: value` is an optional setting left at its default:',
    '# remove the `# ` to set it. Only `version` is required. Check the repository with `okta-access validate`.',
    '',
    '# The format of this file; 1 is the only one.',
    'version: 1',
    '',
    '# The Okta org to reconcile into (no default). Best left out: the org then comes from OKTA_ORG_URL (in GitHub',
    "# Actions, the workflow's okta-org-url input), never from a file a pull request can change; when both are set they",
    '# must name the same org. https only, scheme and host (plain http only on 127.0.0.1 or localhost, for the emulator).',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own ${VAR} syntax, written as is.
    '# ${OKTA_ORG_URL}-style variables are expanded in this value, and nowhere else.',
    ...org,
    '',
    '# The name of the Okta group that holds one entitlement. {app} is the app label, {entitlement} the',
    "# entitlement's name; both are required. The default is Okta's example solution's: Payroll + Admin → Payroll-Admin.",
    '# naming:',
    `#   group: ${JSON.stringify(defaultGroupNaming)}`,
    '',
    '# The ownership marker, written into the description of every group and campaign this repository creates.',
    '# Okta objects without it are never changed or deleted. A guardrail: in a pull request, the base branch’s value',
    '# applies until merge.',
    '# ownership:',
    `#   marker: ${JSON.stringify(defaultOwnershipMarker)}`,
    '',
    '# The safety limits, guardrails every apply respects: a pull request cannot loosen them before it is merged.',
    '# safety:',
    '#   # The most destructive changes (membership and assignment removals, group deletions) one apply makes',
    `#   # without --allow-deletes (default ${defaultMaxDeletes}).`,
    `#   maxDeletes: ${defaultMaxDeletes}`,
    `#   # The same, as a percentage of the managed memberships (default ${defaultMaxDeletePercent}).`,
    `#   maxDeletePercent: ${defaultMaxDeletePercent}`,
    `#   # The percentage counts only from this many managed memberships on (default ${defaultPercentFloor}): below it,`,
    '#   # maxDeletes alone limits a small repository.',
    `#   percentFloor: ${defaultPercentFloor}`,
    '#   # Okta groups never changed, emptied or deleted, whatever the files say (compared without case; default none).',
    '#   # Built-in groups such as Everyone are always protected.',
    '#   protectedGroups: []',
    '',
    '# The app files: glob(s), relative to this file (default apps/*.yaml). Paths may not leave this directory.',
    '# apps: apps/*.yaml',
    '',
    '# The access-certification campaign files: glob(s) (default campaigns/*.yaml; no match is fine).',
    '# campaigns: campaigns/*.yaml',
    '',
    `# The largest CSV file accepted, in bytes (default ${defaultMaxCsvBytes}, ${defaultMaxCsvBytes / 1024 / 1024} MiB; at most 1 GiB).`,
    '# limits:',
    `#   maxCsvBytes: ${defaultMaxCsvBytes}`,
    '',
    '# Sourcing of people: create those Okta does not know from the CSV columns (names, email, manager) through a',
    '# Custom Identity Source (Anything-as-a-Source) instead of failing the plan on them. Off by default.',
    '# identitySourceId is the id of the identity source app (Applications › the app) and needs the scope',
    '# okta.identitySources.manage; deactivateRemoved (default false) also deactivates the users it owns that no CSV',
    '# names any more, a destructive change counted against the safety limits.',
    '# users:',
    '#   source: identity-source',
    '#   identitySourceId: 0oa1a2b3c4d5e6f7g8h9',
    '#   deactivateRemoved: false',
  ].join('\n')}\n`;
}

export function renderInitApp(label: string, csvName: string): string {
  return `${[
    `# yaml-language-server: $schema=../${schemas}/app.schema.json`,
    '#',
    '# One external app: its Okta app, its entitlements (one Okta group each, named by naming.group in',
    '# okta-access.yaml) and the CSV of who holds them. A pull request that adds or removes a CSV row is an access request.',
    `label: ${JSON.stringify(label)}`,
    `description: ${JSON.stringify(`Who may administer and who may view ${label}.`)}`,
    '# Create the app in Okta as a bookmark app when the org has no app with this label; without `create`, a missing',
    '# app is an error. Remove it when the app exists (any kind: SAML, OIDC, SWA…).',
    'create:',
    '  kind: bookmark',
    `  url: https://${hostLabel(label)}.example.com/`,
    `csv: ${csvName}`,
    '# A closed list: CSV rows may name only these entitlements.',
    'entitlements:',
    '  - name: Admin',
    `    description: ${JSON.stringify(`Full administration of ${label}.`)}`,
    '  - name: Viewer',
    `    description: ${JSON.stringify(`Read-only access to ${label}.`)}`,
  ].join('\n')}\n`;
}

/** The CSV in the column order of Okta's example solution; a manager's email is empty for the top of the chain. */
export function renderInitCsv(label: string): string {
  const rows = people.map((person) =>
    [
      person.first,
      person.last,
      emailOf(person.first, person.last),
      person.manager === '' ? '' : `${person.manager}@${emailDomain}`,
      label,
      person.entitlement,
    ]
      .map(csvValue)
      .join(','),
  );
  return `${['firstName,lastName,email,managerEmail,appName,groupName', ...rows].join('\n')}\n`;
}

/**
 * A quarterly manager review of every entitlement of the app, starting the first Monday of the next quarter (always
 * in the future, so the file validates without warnings when written). Revocations are not applied by Okta
 * (NO_ACTION): `okta-access remediate` turns them into a pull request removing the rows, so the CSV stays the truth.
 */
export function renderInitCampaign(label: string, now: Date): string {
  const [first] = people;
  return `${[
    `# yaml-language-server: $schema=../${schemas}/campaign.schema.json`,
    '#',
    "# An access-certification campaign (Okta Identity Governance): each person's manager reviews their access; people",
    '# without a manager are reviewed by the fallback reviewer. Apply creates it; Okta launches it at the start date.',
    `name: ${JSON.stringify(`${label} quarterly access review`)}`,
    `description: ${JSON.stringify(`Managers confirm who may administer and view ${label}.`)}`,
    'resources:',
    `  - app: ${JSON.stringify(label)}`,
    '    entitlements: all',
    'schedule:',
    '  type: RECURRING',
    `  startDate: ${nextQuarterMonday(now)}`,
    '  durationInDays: 14',
    '  timeZone: UTC',
    '  recurrence:',
    '    interval: P3M',
    'reviewers:',
    '  type: REVIEWER_EXPRESSION',
    '  expression: user.profile.managerId',
    `  fallbackReviewer: ${emailOf(first.first, first.last)}`,
    '  selfReviewDisabled: true',
    '  justificationRequired: true',
    '# Revoked access stays until the rows are removed: `okta-access remediate` opens that pull request.',
    'remediation:',
    '  accessRevoked: NO_ACTION',
    '  noResponse: NO_ACTION',
    'launch: at-start-date',
  ].join('\n')}\n`;
}

export const initGitignore = [
  '# okta-access apply keeps its journal and lock beside okta-access.yaml: local to one checkout, never committed.',
  '.okta-access/',
  '# The state of a local Okta emulator (`okta-access emulator --state org.json`).',
  'org.json',
  '*.state.json',
  '',
].join('\n');

/** 16:00 UTC on the first Monday of the calendar quarter after `now`. */
export function nextQuarterMonday(now: Date): string {
  const quarter = Math.floor(now.getUTCMonth() / 3) + 1;
  const start = new Date(Date.UTC(now.getUTCFullYear(), quarter * 3, 1, 16));
  while (start.getUTCDay() !== 1) start.setUTCDate(start.getUTCDate() + 1);
  return start.toISOString().replace('.000Z', 'Z');
}

function emailOf(first: string, last: string): string {
  return `${first}.${last}@${emailDomain}`.toLowerCase();
}

function hostLabel(label: string): string {
  const host = appStem(label)
    .replace(/[_.]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return host === '' ? 'app' : host.slice(0, 63).replace(/-+$/, '');
}

function csvValue(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
