import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { campaignFileOf, targetsOnly } from '../../import/campaign.js';
import { type ImportRead, readForImport } from '../../import/read.js';
import { fileStem, renderAppFile, renderCsv, renderRootConfig } from '../../import/render.js';
import type { Config } from '../../model/config.js';
import { UserError } from '../../model/errors.js';
import type { OktaPort } from '../../okta/port.js';
import { scopesFor } from '../../okta/scopes.js';
import { resolveConnection } from '../../pipeline/connection.js';
import { describeCounts, renderDiagnosticsText } from '../../render/diagnostics.js';
import { printable } from '../../render/escape.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';
import { openPort, parseCapacity } from './plan.js';
import { rootSettings } from './root-settings.js';

export interface ImportCommandOptions {
  readonly app: string;
  readonly out: string;
  readonly groupPrefix?: string;
  readonly config?: string;
  readonly force?: boolean;
  readonly campaigns?: boolean;
  readonly maxCapacity: string;
}

/**
 * `okta-access import`: reads one app of a live org (its assigned entitlement groups, their members and managers)
 * and writes an access repository for it — okta-access.yaml, the app file and the CSV — such that `plan` right after
 * shows no access change, only the adoptions of groups without the ownership marker.
 */
export async function importCommand(options: ImportCommandOptions, io: CliIo): Promise<number> {
  const styles = stylesFor(io);
  const out = path.resolve(options.out);
  // Writing into an existing repository (--force): its okta-access.yaml, kept, gives the naming rule and marker.
  const existingRoot = path.join(out, 'okta-access.yaml');
  const configPath =
    options.config ?? (options.force === true && (await exists(existingRoot)) ? existingRoot : undefined);
  const settings = await rootSettings(configPath, io.env);
  if (!settings.ok) {
    io.stdout.write(renderDiagnosticsText(settings.diagnostics, styles));
    io.stdout.write(`${styles.red('✖')} ${describeCounts(settings.diagnostics)}; Okta was not contacted\n`);
    return exitCodes.failure;
  }
  const { config } = settings;
  await checkOut(out, options.force === true);

  const connection = resolveConnection(
    config,
    io.env,
    scopesFor('import', { campaigns: options.campaigns === true, users: false }),
  );
  const port = openPort(parseCapacity(options.maxCapacity), 4, 'import')(connection);
  const read = await readForImport(port, {
    app: options.app,
    naming: config.naming.group,
    marker: config.ownership.marker,
    ...(options.groupPrefix === undefined ? {} : { groupPrefix: options.groupPrefix }),
    onProgress: (step, done, total) => {
      if (total >= 20 && done % 20 === 0) io.stderr.write(`reading ${step}: ${done}/${total}\n`);
    },
  });

  const stem = fileStem(options.app);
  const date = new Date().toISOString().slice(0, 10);
  const rows = [...read.app.members.values()].reduce((sum, members) => sum + members.length, 0);
  const adopted = read.app.entitlements.filter((entitlement) => entitlement.adopt).length;
  const campaigns = options.campaigns === true ? await importCampaigns(port, read, config) : undefined;
  const written: string[] = [];
  const kept: string[] = [];
  await mkdir(path.join(out, 'apps'), { recursive: true });
  const rootFile = path.join(out, 'okta-access.yaml');
  if (options.force === true && (await exists(rootFile))) {
    kept.push('okta-access.yaml');
  } else {
    await writeFile(
      rootFile,
      renderRootConfig({
        naming: config.naming.group,
        marker: config.ownership.marker,
        campaigns: (campaigns?.files.length ?? 0) > 0,
      }),
    );
    written.push('okta-access.yaml');
  }
  await writeFile(
    path.join(out, 'apps', `${stem}.yaml`),
    renderAppFile(read.app, `${stem}.csv`, { orgUrl: connection.orgUrl, date }),
  );
  written.push(
    `apps/${stem}.yaml (${count(read.app.entitlements.length, 'entitlement')}${adopted > 0 ? `, ${adopted} to adopt` : ''})`,
  );
  await writeFile(path.join(out, 'apps', `${stem}.csv`), renderCsv(read.app));
  written.push(`apps/${stem}.csv (${count(rows, 'row')})`);
  if (campaigns !== undefined && campaigns.files.length > 0) {
    await mkdir(path.join(out, 'campaigns'), { recursive: true });
    for (const file of campaigns.files) {
      await writeFile(path.join(out, 'campaigns', file.file), file.text);
      written.push(`campaigns/${file.file} (${file.name})`);
    }
  }

  const lines = [
    `${styles.green('✔')} imported ${options.app} from ${connection.orgUrl} into ${options.out}`,
  ];
  for (const file of written) lines.push(`  wrote ${printable(file)}`);
  for (const file of kept)
    lines.push(`  kept ${file} (it exists; check that its naming rule and marker fit)`);
  for (const entitlement of read.app.entitlements) {
    lines.push(
      `  ${printable(entitlement.name)} ← ${printable(entitlement.groupName)}${entitlement.matchedBy === 'prefix' ? ' (by prefix)' : ''}` +
        `${entitlement.adopt ? ' · adopted on the next apply' : ' · already managed'}`,
    );
  }
  if (read.skipped.length > 0) {
    lines.push(
      `${styles.yellow('!')} ${count(read.skipped.length, 'group')} assigned to ${options.app} not imported:`,
    );
    for (const group of read.skipped) lines.push(`  ${printable(`${group.name}: ${group.reason}`)}`);
  }
  for (const warning of read.warnings) lines.push(`${styles.yellow('!')} ${printable(warning)}`);
  for (const skipped of campaigns?.skipped ?? [])
    lines.push(
      `${styles.yellow('!')} ${printable(`campaign "${skipped.name}" not imported: ${skipped.reason}`)}`,
    );
  if (read.app.entitlements.length === 0)
    lines.push(
      `${styles.yellow('!')} no entitlement group found: the app file lists none and the CSV has no rows`,
    );
  const configArg = path.relative(process.cwd(), rootFile) || rootFile;
  lines.push(`next: okta-access validate --config ${configArg} && okta-access plan --config ${configArg}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  io.stderr.write(`read the org in ${port.stats().requests} requests\n`);
  return exitCodes.ok;
}

/** Keys of a campaign body that hold user ids. */
const userIdKeys = new Set(['reviewerId', 'fallBackReviewerId', 'userIds', 'excludedUserIds']);

/**
 * The campaigns that review only the imported entitlement groups, as campaign files: every campaign listed, each
 * read in full (the list has no targets), the reviewers and principals no member list named looked up by id.
 */
async function importCampaigns(
  port: OktaPort,
  read: ImportRead,
  config: Config,
): Promise<{
  files: { file: string; name: string; text: string }[];
  skipped: { name: string; reason: string }[];
}> {
  const files: { file: string; name: string; text: string }[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const full = [];
  for (const summary of await port.listCampaigns()) {
    if (summary.status === 'DELETED') continue;
    const campaign = await port.getCampaign(summary.id);
    if (campaign !== undefined && targetsOnly(campaign, read.groupIds)) full.push(campaign);
  }
  const ids = new Set<string>();
  const collect = (value: unknown, key = ''): void => {
    if (typeof value === 'string' && userIdKeys.has(key)) ids.add(value);
    else if (Array.isArray(value)) for (const item of value) collect(item, key);
    else if (typeof value === 'object' && value !== null)
      for (const [inner, item] of Object.entries(value)) collect(item, inner);
  };
  for (const campaign of full) collect(campaign);
  const missing = [...ids].filter((id) => !read.usersById.has(id));
  const emails = new Map([...read.usersById].map(([id, user]) => [id, user.email]));
  if (missing.length > 0)
    for (const user of await port.listUsersByIds(missing)) emails.set(user.id, user.email);
  const names = {
    app: read.app.label,
    entitlementsByGroupId: new Map(
      read.app.entitlements.map((entitlement) => [entitlement.groupId, entitlement.name]),
    ),
    emailsByUserId: emails,
    groupNamesById: read.groupNamesById,
    marker: config.ownership.marker,
  };
  const taken = new Set<string>();
  for (const campaign of full) {
    const result = campaignFileOf(campaign, names);
    if (!result.ok) {
      skipped.push({ name: result.name, reason: result.reason });
      continue;
    }
    if (taken.has(result.name)) {
      skipped.push({ name: result.name, reason: 'another campaign with this name was imported' });
      continue;
    }
    taken.add(result.name);
    let file = result.file;
    for (let n = 2; files.some((other) => other.file === file); n++)
      file = result.file.replace(/\.yaml$/, `-${n}.yaml`);
    files.push({ file, name: result.name, text: result.text });
  }
  return { files, skipped };
}

async function checkOut(out: string, force: boolean): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(out);
    if (!info.isDirectory()) {
      throw new UserError('IMPORT_OUT_EXISTS', `${out} exists and is not a directory`, {
        hint: 'name a new or empty directory with --out',
      });
    }
    entries = await readdir(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0 && !force) {
    throw new UserError('IMPORT_OUT_EXISTS', `${out} is not empty; import writes a new access repository`, {
      hint: 'name a new or empty directory with --out, or pass --force to write the app files into it',
    });
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
