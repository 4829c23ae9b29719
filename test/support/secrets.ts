import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The secret-leak registry every test feeds. Test helpers register the secrets they hand to the tool (API tokens,
 * private keys) and the texts the tool produced (CLI output, plans, comments sent to the GitHub stand-in, files under
 * the test's temporary folders); the setup file (secrets-setup.ts) scans them after every test and fails the test on
 * any hit, naming where the secret was found and never the secret itself.
 *
 * The state lives on `globalThis` so that the setup file and the test modules share it whatever their module graph.
 */

export interface SecretHit {
  /** Where: the captured source (e.g. `stdout of okta-access apply`, a file path). */
  readonly source: string;
  /** Which secret, by label (never its value). */
  readonly secret: string;
  readonly line: number;
  readonly column: number;
}

interface Registry {
  secrets: Map<string, string>;
  texts: { source: string; text: string | (() => string) }[];
  paths: Set<string>;
}

const key = Symbol.for('okta-access.test.secrets');

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let current = holder[key];
  if (current === undefined) {
    current = { secrets: new Map(), texts: [], paths: new Set() };
    holder[key] = current;
  }
  return current;
}

/** Shapes of secrets that are leaks wherever they show, registered or not. */
const patterns: readonly { readonly label: string; readonly pattern: RegExp }[] = [
  { label: 'a PEM private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g },
  { label: 'the private part "d" of a JWK', pattern: /"d"\s*:\s*"[A-Za-z0-9_-]{16,}"/g },
  { label: 'a bearer access token', pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g },
  { label: 'an SSWS API token', pattern: /\bSSWS\s+[A-Za-z0-9._~+/-]{8,}=*/g },
  // Access tokens (the emulator issues them JWT-shaped, as Okta does) and client assertions, with or without `Bearer`.
  { label: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g },
];

/** Secrets shorter than this are not scanned for: they would match ordinary words. */
const minimumLength = 8;

/** A value the tool must never print or write, under a label that may be printed. */
export function registerSecret(label: string, value: string | undefined): void {
  if (value === undefined || value.length < minimumLength) return;
  const { secrets } = registry();
  if (!secrets.has(value)) secrets.set(value, label);
  // A PEM key leaks just as well one line at a time; a JWK through its private members.
  if (value.includes('-----BEGIN')) {
    for (const line of value.split(/\r?\n/))
      if (/^[A-Za-z0-9+/=]{40,}$/.test(line)) secrets.set(line, `${label} (a line of it)`);
  } else if (value.trimStart().startsWith('{')) {
    try {
      const jwk = JSON.parse(value) as Record<string, unknown>;
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
        const part = jwk[member];
        if (typeof part === 'string' && part.length >= minimumLength)
          secrets.set(part, `${label} (JWK "${member}")`);
      }
    } catch {
      // Not JSON: the value itself is registered.
    }
  }
}

/** The secrets an environment hands to the tool (Okta credentials, a GitHub token). */
export function registerEnvSecrets(env: Readonly<Record<string, string | undefined>>): void {
  for (const name of [
    'OKTA_API_TOKEN',
    'OKTA_PRIVATE_KEY',
    'OKTA_CLIENT_SECRET',
    'OKTA_CLIENT_PRIVATEKEY',
    'GITHUB_TOKEN',
    'INPUT_OKTA-API-TOKEN',
    'INPUT_OKTA-PRIVATE-KEY',
    'INPUT_GITHUB-TOKEN',
  ])
    registerSecret(name, env[name]);
}

/** A text the tool produced, to scan after the test; a function is read at scan time (output still growing). */
export function captureText(source: string, text: string | (() => string)): void {
  registry().texts.push({ source, text });
}

/** A file or folder whose contents are scanned after the test (folders recursively, `.git` left out). */
export function watchPath(file: string): void {
  registry().paths.add(file);
}

/** Forgets everything registered: the setup file calls it before every test. */
export function resetSecretScan(): void {
  const current = registry();
  current.secrets.clear();
  current.texts.length = 0;
  current.paths.clear();
}

/** Files larger than this are read only up to it (generated CSVs of a million rows hold no secrets to find). */
const maxFileBytes = 4 * 1024 * 1024;

function* filesUnder(entry: string): Generator<string> {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(entry);
  } catch {
    return;
  }
  if (stat.isFile()) {
    yield entry;
    return;
  }
  if (!stat.isDirectory()) return;
  let names: string[];
  try {
    names = readdirSync(entry);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === '.git' || name === 'node_modules') continue;
    yield* filesUnder(path.join(entry, name));
  }
}

function readCapped(file: string): string | undefined {
  try {
    const buffer = readFileSync(file);
    return buffer.subarray(0, maxFileBytes).toString('utf8');
  } catch {
    return undefined;
  }
}

function position(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: index - start + 1 };
}

/** Every registered secret and every secret-shaped string in one text. */
export function findSecrets(source: string, text: string, secrets: ReadonlyMap<string, string>): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const [value, label] of secrets) {
    const index = text.indexOf(value);
    if (index !== -1) hits.push({ source, secret: label, ...position(text, index) });
  }
  for (const { label, pattern } of patterns) {
    pattern.lastIndex = 0;
    const match = pattern.exec(text);
    if (match !== null) hits.push({ source, secret: label, ...position(text, match.index) });
  }
  return hits;
}

/** Scans everything captured and watched since the last reset. */
export function scanForSecrets(extraPaths: readonly string[] = []): SecretHit[] {
  const { secrets, texts, paths } = registry();
  const hits: SecretHit[] = [];
  for (const { source, text } of texts) {
    const value = typeof text === 'string' ? text : text();
    hits.push(...findSecrets(source, value, secrets));
  }
  const seen = new Set<string>();
  for (const root of [...paths, ...extraPaths]) {
    for (const file of filesUnder(root)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readCapped(file);
      if (text !== undefined) hits.push(...findSecrets(file, text, secrets));
    }
  }
  return hits;
}

/** The failure message for hits: locations and labels only. */
export function describeHits(hits: readonly SecretHit[]): string {
  return [
    `secret leak: ${hits.length} place(s) hold a secret the tool must never print or write:`,
    ...hits.map((hit) => `  ${hit.source}:${hit.line}:${hit.column}: ${hit.secret}`),
  ].join('\n');
}
