import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { seedPeople } from '../../src/cli/commands/demo.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { loadDesired } from '../../src/load/index.js';

/**
 * The README docs check: every `okta-access` command shown in a shell code block of README.md that can run offline is
 * run through the real CLI, and a failing one fails `npm test`. The rule, also in docs/decisions/0020:
 *
 * - Only fenced blocks tagged `sh`, `bash`, `shell` or `console` hold commands. A block right after the comment
 *   `<!-- docs-check: skip -->` (any text may follow `skip`) is not run.
 * - A line is split at `&&`, `||`, `;`, `|` and `&`; `$ ` prompts and `# comments` are dropped. `cd DIR` is followed. Tool commands
 *   are `okta-access …`, `npx okta-access …`, `node bin/okta-access.js …` and `npm run SCRIPT` where the package's
 *   script runs bin/okta-access.js; anything else (`npm ci`, `export …`) is not checked.
 * - Offline tool commands run: `validate`, `plan`, `init`, `demo`, and every `--help` / `--version` form. `emulator`
 *   is not run (it serves until stopped); instead each `plan` runs against a fresh embedded emulator holding the
 *   people of the repository it plans, which is what `emulator --from okta-access.yaml` serves.
 * - Any other subcommand (`apply`, `import`, `drift`, `doctor`, `audit`, `evidence`, `remediate`) needs a live org,
 *   GitHub or the repository's history, and is skipped — with every later command of its block, which builds on it.
 * - A command passes when it exits 0 (a `plan` with `--detailed-exitcode` also when it exits 2).
 * - Each block runs in a fresh temporary folder holding a copy of the package's `examples/` and `schemas/`, as if at
 *   the root of a clone; `/tmp/…` paths are mapped into that folder, so nothing outside it is written.
 */

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(packageRoot, 'bin', 'okta-access.js');

/** The subcommands that run without a live org or GitHub. */
export const offlineCommands: ReadonlySet<string> = new Set(['validate', 'plan', 'init', 'demo']);

const helpFlags: ReadonlySet<string> = new Set(['--help', '-h', '--version', '-V', 'help']);
const shellTags: ReadonlySet<string> = new Set(['sh', 'bash', 'shell', 'console']);
const skipMarker = /^<!--\s*docs-check:\s*skip\b[\s\S]*-->\s*$/;

/** One command as the README shows it, and what the check did with it. */
export interface CheckedCommand {
  /** 1-based line of README.md. */
  readonly line: number;
  readonly text: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why it was skipped, or the exit code and output of a failure. */
  readonly detail: string;
}

interface Step {
  readonly line: number;
  readonly text: string;
  readonly words: readonly string[];
}

interface Block {
  readonly steps: readonly Step[];
  readonly skipped: boolean;
}

/** The shell blocks of a README, each as the steps of its lines. */
export function shellBlocks(readme: string): Block[] {
  const tokens = new MarkdownIt({ html: true }).parse(readme, {});
  const blocks: Block[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.type !== 'fence' || !shellTags.has(token.info.trim().split(/\s+/)[0] ?? '')) continue;
    const before = tokens[index - 1];
    const skipped = before?.type === 'html_block' && skipMarker.test(before.content.trim());
    const first = (token.map?.[0] ?? 0) + 2;
    const steps = token.content
      .split('\n')
      .flatMap((text, offset) =>
        commandsOf(text).map((words) => ({ line: first + offset, text: words.join(' '), words })),
      );
    blocks.push({ steps, skipped });
  }
  return blocks;
}

/** The commands of one shell line: words, split at `&&`, `;`, `|` and `&`, without a `$ ` prompt or a comment. */
export function commandsOf(line: string): string[][] {
  const words = shellWords(line.replace(/^\s*\$\s+/, ''));
  const commands: string[][] = [[]];
  for (const word of words) {
    if (word === ';') commands.push([]);
    else commands.at(-1)?.push(word);
  }
  return commands.filter((command) => command.length > 0);
}

/** Words of a shell line: quotes and backslashes as sh reads them, `#` at a word's start begins a comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line.charAt(i);
    if (quote !== null) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && i + 1 < line.length) word += line.charAt(++i);
      else word += char;
      continue;
    }
    if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (char === '#' && word === null) {
      break;
    } else if (char === ';' || char === '&' || char === '|') {
      // `;`, `&&`, `||`, `|` and a trailing `&` (run in the background) all end a command here.
      if (word !== null) words.push(word);
      word = null;
      words.push(';');
      if ((char === '&' || char === '|') && line.charAt(i + 1) === char) i++;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (char === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line.charAt(++i);
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** The okta-access arguments of a step, or null when the step is not a tool command. */
export function toolArguments(words: readonly string[]): string[] | null {
  const [first, second, ...rest] = words;
  if (first === 'okta-access') return words.slice(1);
  if (first === 'npx' && (second === 'okta-access' || second === 'okta-access-gitops')) return rest;
  if (first === 'node' && second !== undefined && /(^|\/)bin\/okta-access\.js$/.test(second)) return rest;
  if (first === 'npm' && second === 'run' && rest[0] !== undefined) {
    const scripts = packageScripts();
    const script = scripts[rest[0]];
    const match = script === undefined ? null : /^node bin\/okta-access\.js(?: (.*))?$/.exec(script);
    if (match === null) return null;
    const fixed = match[1] === undefined ? [] : match[1].split(' ');
    const extra = rest.slice(1);
    return [...fixed, ...(extra[0] === '--' ? extra.slice(1) : extra)];
  }
  return null;
}

function packageScripts(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts ?? {};
}

/** What the check does with a tool command: run it, let the checker serve the org (`emulator`), or skip it. */
function classify(args: readonly string[]): 'run' | 'emulator' | 'skip' {
  const subcommand = args[0];
  if (subcommand === undefined || args.some((arg) => helpFlags.has(arg))) return 'run';
  if (subcommand === 'emulator') return 'emulator';
  return offlineCommands.has(subcommand) ? 'run' : 'skip';
}

/** Runs the offline commands of a README and reports each tool command it shows. */
export async function checkReadme(readme: string): Promise<CheckedCommand[]> {
  const checked: CheckedCommand[] = [];
  for (const block of shellBlocks(readme)) checked.push(...(await checkBlock(block)));
  return checked;
}

async function checkBlock(block: Block): Promise<CheckedCommand[]> {
  const checked: CheckedCommand[] = [];
  const root = mkdtempSync(path.join(tmpdir(), 'okta-access-docs-'));
  try {
    for (const folder of ['examples', 'schemas']) {
      cpSync(path.join(packageRoot, folder), path.join(root, folder), { recursive: true });
    }
    let cwd = root;
    let skipRest: string | null = block.skipped ? 'the block is marked <!-- docs-check: skip -->' : null;
    for (const step of block.steps) {
      const words = step.words.map((word) => {
        if (!word.startsWith('/tmp/')) return word;
        const mapped = path.join(root, word);
        mkdirSync(path.dirname(mapped), { recursive: true });
        return mapped;
      });
      if (words[0] === 'cd') {
        cwd = path.resolve(cwd, words[1] ?? root);
        mkdirSync(cwd, { recursive: true });
        continue;
      }
      const args = toolArguments(words);
      if (args === null) continue;
      const at = { line: step.line, text: step.text };
      if (skipRest !== null) {
        checked.push({ ...at, status: 'skipped', detail: skipRest });
        continue;
      }
      const kind = classify(args);
      if (kind === 'emulator') {
        checked.push({
          ...at,
          status: 'skipped',
          detail: 'the check serves the org: each plan gets an emulator',
        });
      } else if (kind === 'skip') {
        checked.push({
          ...at,
          status: 'skipped',
          detail: `${args[0]} needs a live org, GitHub or Git history`,
        });
        skipRest = `it follows \`${step.text}\`, which was skipped`;
      } else {
        checked.push({ ...at, ...(await runStep(args, cwd)) });
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return checked;
}

async function runStep(
  args: readonly string[],
  cwd: string,
): Promise<{ status: 'passed' | 'failed'; detail: string }> {
  const isPlan = args[0] === 'plan' && !args.some((arg) => helpFlags.has(arg));
  const emulator = isPlan ? await emulatorFor(args, cwd) : undefined;
  try {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: cwd };
    if (emulator !== undefined)
      Object.assign(env, { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token });
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(process.execPath, [bin, ...args], { cwd, env, timeout: 30_000 }, (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code: status, output: `${stdout}${stderr}` });
      });
    });
    const detailed = args.includes('--detailed-exitcode') || args.includes('-detailed-exitcode');
    const passed = code === 0 || (isPlan && detailed && code === 2);
    return passed
      ? { status: 'passed', detail: `exit ${code}` }
      : { status: 'failed', detail: `exit ${code}\n${output.trimEnd().split('\n').slice(-15).join('\n')}` };
  } finally {
    await emulator?.stop();
  }
}

/** A fresh emulator holding the people of the repository a plan names (an empty org when it does not load). */
async function emulatorFor(args: readonly string[], cwd: string): Promise<RunningEmulator> {
  const flag = args.findIndex((arg) => arg === '--config' || arg === '-c');
  const inline = args.find((arg) => arg.startsWith('--config='))?.slice('--config='.length);
  const config = path.resolve(cwd, inline ?? (flag >= 0 ? (args[flag + 1] ?? '') : 'okta-access.yaml'));
  const loaded = await loadDesired({ configPath: config, env: {} }).catch(() => undefined);
  return startEmulator(loaded?.state === undefined ? {} : { seed: seedPeople(loaded.state) });
}
