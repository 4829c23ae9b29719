import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { captureText, registerEnvSecrets } from '../support/secrets.js';

/** A request the attacker's server received. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface Listener {
  /** `http://127.0.0.1:PORT`: what a hostile org.url points at. */
  readonly url: string;
  readonly received: Received[];
  stop(): Promise<void>;
}

/**
 * A server a pull request would like credentials sent to (on 127.0.0.1, port 0, like every server of the tests). It
 * records whatever reaches it and answers as an Okta org would not (401), so a client that did talk to it fails.
 */
export async function startAttacker(): Promise<Listener> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    request.resume();
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end('{"errorCode":"E0000011","errorSummary":"Invalid token provided"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real CLI in-process, its output captured for the secret scan and the environment's credentials registered. */
export async function cli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  registerEnvSecrets(env);
  let stdout = '';
  let stderr = '';
  captureText(`stdout of okta-access ${args[0] ?? ''}`, () => stdout);
  captureText(`stderr of okta-access ${args[0] ?? ''}`, () => stderr);
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', ...env },
    interactive: false,
  };
  const code = await run([...args], io);
  return { code, stdout, stderr };
}

/**
 * A service app's key pair as PEM. An EC key (P-256, SEC 1, 227 characters) is short enough to fit in a group name;
 * an RSA key (PKCS #8) is what the Okta SDK signs its requests with.
 */
export function keyPair(type: 'ec' | 'rsa'): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: type === 'ec' ? 'sec1' : 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Payroll (Admin, Viewer) with two rows; `config` is okta-access.yaml, `app` and `campaign` replace their files. */
export function payrollFiles(
  config: string,
  overrides: { app?: string; campaign?: string } = {},
): Record<string, string> {
  return {
    'okta-access.yaml': config,
    'apps/payroll.yaml':
      overrides.app ??
      'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
        'entitlements:\n  - {name: Admin, description: Runs payroll}\n  - {name: Viewer}\n',
    'apps/payroll.csv':
      'firstName,lastName,email,managerEmail,appName,groupName\n' +
      'ada,Example,ada@example.com,,Payroll,Admin\nalan,Example,alan@example.com,,Payroll,Viewer\n',
    ...(overrides.campaign === undefined ? {} : { 'campaigns/review.yaml': overrides.campaign }),
  };
}

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The action as `uses: …@sha` gets it: dist/index.cjs, package.json and schemas/ copied to a folder without
 * node_modules, so that the bundle runs alone.
 */
export function actionCheckout(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'okta-access-action-checkout-'));
  for (const entry of ['dist/index.cjs', 'package.json', 'schemas']) {
    cpSync(path.join(packageRoot, entry), path.join(directory, entry), { recursive: true });
  }
  return path.join(directory, 'dist', 'index.cjs');
}

export interface ActionRun {
  readonly code: number | null;
  /** The log as the runner shows it: `::add-mask::` commands are consumed by the runner, never shown. */
  readonly log: string;
}

/**
 * Runs the bundled action as a runner would, from `workspace`, with only PATH, the GITHUB_* variables, the given
 * INPUT_* values and `extraEnv` in its environment. Every credential given is registered for the secret scan.
 */
export async function runBundledAction(options: {
  readonly bundle: string;
  readonly workspace: string;
  readonly githubUrl: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly event: { readonly name: string; readonly payload: unknown };
  readonly sha: string;
  readonly extraEnv?: Readonly<Record<string, string>>;
}): Promise<ActionRun> {
  const runnerTemp = mkdtempSync(path.join(tmpdir(), 'okta-access-runner-'));
  const eventPath = path.join(runnerTemp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event.payload));
  writeFileSync(path.join(runnerTemp, 'output'), '');
  writeFileSync(path.join(runnerTemp, 'summary.md'), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/access',
    GITHUB_SHA: options.sha,
    GITHUB_API_URL: options.githubUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: path.join(runnerTemp, 'output'),
    GITHUB_STEP_SUMMARY: path.join(runnerTemp, 'summary.md'),
    GITHUB_WORKSPACE: options.workspace,
    ...Object.fromEntries(
      Object.entries(options.inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
    ),
    ...options.extraEnv,
  };
  registerEnvSecrets(env);
  const child = spawn(process.execPath, [options.bundle], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const log = output
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  captureText('the log of the action', log);
  captureText('the job summary', readFileSync(path.join(runnerTemp, 'summary.md'), 'utf8'));
  return { code, log };
}
