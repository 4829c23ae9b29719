import { appendFile, lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type InitFile, initFiles, initGitignore } from '../../init/files.js';
import { checkInitApp, checkInitOrgUrl, defaultInitApp } from '../../init/options.js';
import { exampleWorkflows } from '../../init/workflows.js';
import { UserError } from '../../model/errors.js';
import { printable } from '../../render/escape.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';

export interface InitCommandOptions {
  readonly force?: boolean;
  readonly orgUrl?: string;
  readonly app?: string;
}

/** Entries of a directory that do not make it "not empty": a fresh `git init` is a fine place to start. */
const ignoredEntries = new Set(['.git']);

type Outcome = 'wrote' | 'kept' | 'updated';

/**
 * `okta-access init [DIR]`: writes a new access repository — okta-access.yaml with every setting commented, one app
 * file and its CSV, a campaign, .gitignore and the example GitHub workflows — and prints the next commands.
 * A non-empty DIR is refused unless --force; even then no existing file is overwritten: init writes only the files
 * that are missing (and adds its rules to an existing .gitignore).
 */
export async function initCommand(dir: string, options: InitCommandOptions, io: CliIo): Promise<number> {
  const styles = stylesFor(io);
  const app = checkInitApp(options.app ?? defaultInitApp);
  const orgUrl = options.orgUrl === undefined ? undefined : checkInitOrgUrl(options.orgUrl);
  const target = path.resolve(dir);
  await checkTarget(target, dir, options.force === true);
  // Everything is read and rendered before the first write: a package missing its workflows writes nothing.
  const files = [
    ...initFiles({ app, now: new Date(), ...(orgUrl === undefined ? {} : { orgUrl }) }),
    ...(await exampleWorkflows()),
  ];

  // Every path is checked before the first write, so a refusal leaves the directory as it was.
  const planned: { file: InitFile; exists: boolean }[] = [];
  for (const file of files) planned.push({ file, exists: await existsAt(target, file.path) });
  const results: { file: InitFile; outcome: Outcome }[] = [];
  for (const { file, exists } of planned)
    results.push({ file, outcome: await writeOne(target, file, exists) });

  const width = Math.max(...files.map((file) => file.path.length));
  const lines = [`${styles.green('✔')} initialised an access repository in ${printable(dir)}`];
  for (const { file, outcome } of results) {
    const about = describe(file, outcome);
    lines.push(`  ${outcome.padEnd(7)} ${file.path.padEnd(width)}  ${printable(about)}`);
  }
  lines.push('', ...nextSteps(dir));
  io.stdout.write(`${lines.join('\n')}\n`);
  return exitCodes.ok;
}

function describe(file: InitFile, outcome: Outcome): string {
  if (outcome === 'updated') return 'it exists: added the ignore rules it lacked';
  if (outcome === 'wrote') return file.about;
  return file.path === 'okta-access.yaml'
    ? 'it exists, left as it is: check that its apps and campaigns globs take the new files'
    : 'it exists, left as it is';
}

async function checkTarget(target: string, shown: string, force: boolean): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(target);
    if (!info.isDirectory()) {
      throw new UserError('INIT_NOT_DIRECTORY', `${shown} exists and is not a directory`, {
        hint: 'name a new or empty directory: okta-access init my-access',
      });
    }
    entries = await readdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const present = entries.filter((entry) => !ignoredEntries.has(entry));
  if (present.length > 0 && !force) {
    const sample = present.sort().slice(0, 3).join(', ');
    throw new UserError(
      'INIT_NOT_EMPTY',
      `${shown} is not empty (${sample}${present.length > 3 ? ', …' : ''}); init writes a new access repository`,
      {
        hint:
          'name a new or empty directory (okta-access init my-access), or pass --force to add the missing files: ' +
          'no existing file is overwritten',
      },
    );
  }
}

/**
 * Whether something is at `relative` under `root`. Each folder on the way must be a real directory (not a file, not a
 * link): init never writes through a link to somewhere else.
 */
async function existsAt(root: string, relative: string): Promise<boolean> {
  const parts = relative.split('/');
  let current = root;
  for (const [index, part] of parts.entries()) {
    current = path.join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (info === undefined) return false;
    if (index === parts.length - 1) return true;
    if (!info.isDirectory()) {
      throw new UserError(
        'INIT_PATH_BLOCKED',
        `cannot write ${relative}: ${parts.slice(0, index + 1).join('/')} is not a directory`,
        { hint: 'move it aside, or init into a new directory; nothing was written' },
      );
    }
  }
  return true;
}

/** Writes one file unless something is already at its path: never overwritten (`wx` also refuses a dangling link). */
async function writeOne(root: string, file: InitFile, exists: boolean): Promise<Outcome> {
  const absolute = path.join(root, ...file.path.split('/'));
  if (exists) {
    const info = await lstat(absolute);
    return file.path === '.gitignore' && info.isFile() ? addIgnoreRules(absolute) : 'kept';
  }
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, file.text, { flag: 'wx' });
  return 'wrote';
}

/** An existing .gitignore gets the rules of init's that it lacks, appended; nothing of it is changed. */
async function addIgnoreRules(file: string): Promise<Outcome> {
  const text = await readFile(file, 'utf8');
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const missing = initGitignore
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#') && !present.has(line));
  if (missing.length === 0) return 'kept';
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  await appendFile(
    file,
    `${separator}# okta-access: the apply journal and lock, and local emulator state\n${missing.join('\n')}\n`,
  );
  return 'updated';
}

function nextSteps(dir: string): string[] {
  const steps: [string, string][] = [
    ['okta-access validate', 'check the files; never contacts Okta'],
    [
      'okta-access emulator --from okta-access.yaml',
      'a local Okta org holding the people of the CSVs; export the two variables it prints',
    ],
    ['okta-access plan', 'what apply would change in the org'],
    ['okta-access apply', 'make the org match the files'],
  ];
  const inside = path.resolve(dir) === process.cwd() ? [] : [`cd ${shellWord(dir)}`];
  const width = Math.max(...steps.map(([command]) => command.length));
  return [
    'next:',
    ...inside.map((line) => `  ${printable(line)}`),
    ...steps.map(([command, about]) => `  ${command.padEnd(width)}  # ${about}`),
    'a real org: export OKTA_ORG_URL=https://<your-org>.okta.com and OKTA_API_TOKEN (or OKTA_CLIENT_ID and',
    '  OKTA_PRIVATE_KEY for an OAuth service app); `okta-access doctor` checks the credentials and the scopes they need.',
    'on GitHub: the workflows in .github/workflows/ plan every pull request and apply on merge; set them up as the',
    '  comments at their top say (the action’s version, the OKTA_* variables and secrets).',
  ];
}

/** A directory as one shell word, quoted when it needs to be. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
