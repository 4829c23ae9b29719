import { stringify } from 'yaml';
import { defaultGroupNaming, defaultOwnershipMarker } from '../model/config.js';
import { compareText, type ImportedEntitlement } from './mapping.js';
import { schemaComment } from './schema-comment.js';

/** A member of an imported entitlement, as Okta knows them. */
export interface ImportedMember {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** The manager's email (from `managerId`, or a `manager` attribute holding an email), empty when unknown. */
  readonly managerEmail: string;
}

/** What an import found for one app: pure data, rendered to files by the functions below. */
export interface ImportedApp {
  readonly label: string;
  readonly entitlements: readonly ImportedEntitlement[];
  /** Members by entitlement name. */
  readonly members: ReadonlyMap<string, readonly ImportedMember[]>;
}

/** The header the example solution's CSV has, in its order. */
export const importCsvColumns = [
  'firstName',
  'lastName',
  'email',
  'managerEmail',
  'appName',
  'groupName',
] as const;

/** `Payroll Admin Tool` → `payroll-admin-tool`: a file name for the app's YAML and CSV. */
export function fileStem(label: string): string {
  const stem = label
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .toLowerCase();
  return stem === '' ? 'app' : stem;
}

/**
 * The CSV: one row per member per entitlement, sorted by entitlement then email (both without case), so that the
 * same org gives the same bytes. RFC 4180 quoting; values are written as Okta has them (this file is an input, so
 * no spreadsheet-formula escaping, which would change the values).
 */
export function renderCsv(app: ImportedApp): string {
  const lines = [importCsvColumns.join(',')];
  const entitlements = [...app.entitlements].sort((a, b) =>
    compareText(a.name.toLowerCase(), b.name.toLowerCase()),
  );
  for (const entitlement of entitlements) {
    const members = [...(app.members.get(entitlement.name) ?? [])].sort((a, b) =>
      compareText(a.email.toLowerCase(), b.email.toLowerCase()),
    );
    for (const member of members) {
      lines.push(
        [member.firstName, member.lastName, member.email, member.managerEmail, app.label, entitlement.name]
          .map(csvValue)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function csvValue(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The app file: label, CSV, every entitlement with its description, its group when the rule would not give it, and adopt. */
export function renderAppFile(
  app: ImportedApp,
  csvName: string,
  source: { orgUrl: string; date: string },
): string {
  const document = {
    label: app.label,
    csv: csvName,
    entitlements: app.entitlements.map((entitlement) => ({
      name: entitlement.name,
      ...(entitlement.description === undefined ? {} : { description: entitlement.description }),
      ...(entitlement.explicitGroup ? { group: entitlement.groupName } : {}),
      ...(entitlement.adopt ? { adopt: true } : {}),
    })),
  };
  const adopted = app.entitlements.filter((entitlement) => entitlement.adopt).length;
  const header = [
    schemaComment('app', 1),
    `# Imported by okta-access import from ${source.orgUrl} on ${source.date}.`,
    ...(adopted === 0
      ? []
      : [
          `# adopt: true takes over an existing group that lacks the ownership marker: the next apply adds the marker`,
          '# to its description (a group.adopt change) and changes no access.',
        ]),
  ];
  return `${header.join('\n')}\n${stringify(document, { lineWidth: 0 })}`;
}

/** The root config: the naming rule and marker the import used, the apps and (when written) the campaigns. */
export function renderRootConfig(options: {
  readonly naming: string;
  readonly marker: string;
  readonly campaigns: boolean;
}): string {
  const lines = [
    schemaComment('config', 0),
    '# Written by okta-access import. The org and credentials come from OKTA_ORG_URL and OKTA_API_TOKEN (or',
    '# OKTA_CLIENT_ID + OKTA_PRIVATE_KEY); set org.url here (for example from the OKTA_ORG_URL variable) to pin the org.',
    'version: 1',
  ];
  const settings: Record<string, unknown> = {};
  if (options.naming !== defaultGroupNaming) settings.naming = { group: options.naming };
  if (options.marker !== defaultOwnershipMarker) settings.ownership = { marker: options.marker };
  settings.apps = 'apps/*.yaml';
  if (options.campaigns) settings.campaigns = 'campaigns/*.yaml';
  return `${lines.join('\n')}\n${stringify(settings, { lineWidth: 0 })}`;
}
