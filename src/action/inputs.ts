import { getInput, setSecret } from '@actions/core';
import { parseCapacity } from '../cli/commands/plan.js';
import { UserError } from '../model/errors.js';
import { printable } from '../render/escape.js';

export const actionCommands = ['plan', 'apply', 'drift', 'validate'] as const;
export type ActionCommand = (typeof actionCommands)[number];

/** The action's inputs (action.yml), parsed; the Okta ones as the environment variables the pipeline reads. */
export interface ActionInputs {
  readonly command: ActionCommand;
  readonly config: string;
  /** OKTA_ORG_URL, OKTA_API_TOKEN, …: only the inputs that were given. */
  readonly oktaEnv: Readonly<Record<string, string>>;
  readonly githubToken: string;
  /** The login the github-token writes as, when GitHub cannot say (a GitHub App's installation token). */
  readonly githubLogin: string | undefined;
  /** A share of each Okta rate-limit bucket, 0–1. */
  readonly maxCapacity: number;
  readonly concurrency: number;
  /** Deprecated: deletions past the limits are allowed per pull request by the label okta-access:allow-deletes. */
  readonly allowDeletes: boolean;
  readonly allowDirectPush: boolean;
  /** auto: plan a pull request's change only, and apply the merged push by re-planning the same scope. */
  readonly scope: 'auto' | 'none';
}

/** Okta inputs and the environment variables they stand for (src/pipeline/connection.ts). */
const oktaInputs = [
  ['okta-org-url', 'OKTA_ORG_URL'],
  ['okta-api-token', 'OKTA_API_TOKEN'],
  ['okta-client-id', 'OKTA_CLIENT_ID'],
  ['okta-private-key', 'OKTA_PRIVATE_KEY'],
  ['okta-key-id', 'OKTA_KEY_ID'],
  ['okta-scopes', 'OKTA_SCOPES'],
] as const;

/** Inputs and environment variables that hold credentials, masked before anything else runs. */
const credentialInputs = [
  'okta-api-token',
  'okta-private-key',
  'okta-client-id',
  'okta-key-id',
  'github-token',
];
const credentialVariables = ['OKTA_API_TOKEN', 'OKTA_PRIVATE_KEY', 'OKTA_CLIENT_ID', 'OKTA_KEY_ID'];

/**
 * Registers every credential with the runner, so that it prints `***` wherever one would appear in the log. A
 * multi-line value (a PEM private key) is also masked line by line: the runner matches masks within single lines.
 */
export function maskCredentials(env: Readonly<Record<string, string | undefined>>): void {
  const values = [
    ...credentialInputs.map((name) => getInput(name)),
    ...credentialVariables.map((name) => env[name] ?? ''),
  ];
  for (const value of values) {
    if (value.trim() === '') continue;
    setSecret(value);
    if (!value.includes('\n')) continue;
    for (const line of value.split(/\r?\n/)) {
      // Armour lines (-----BEGIN PRIVATE KEY-----) are public; masking them would only hide log structure.
      if (line.trim().length >= 8 && !line.startsWith('-----')) setSecret(line.trim());
    }
  }
}

/** Reads and checks the inputs; a wrong value is the user's to fix, named by its input. */
export function readInputs(): ActionInputs {
  const command = getInput('command');
  if (!isCommand(command)) {
    const given = command === '' ? 'it is missing' : `got "${command}"`;
    throw new UserError('ACTION_INPUT', `input command must be plan, apply, drift or validate; ${given}`, {
      hint:
        'plan on pull_request, apply on push to the default branch, drift on a schedule, validate on pull requests ' +
        'from forks (no secrets)',
    });
  }
  const oktaEnv: Record<string, string> = {};
  for (const [input, variable] of oktaInputs) {
    const value = getInput(input);
    if (value !== '') oktaEnv[variable] = value;
  }
  return {
    command,
    config: getInput('config') || 'okta-access.yaml',
    oktaEnv,
    githubToken: getInput('github-token'),
    githubLogin: loginInput(getInput('github-login')),
    maxCapacity: capacityInput(getInput('max-capacity') || '80'),
    concurrency: concurrencyInput(getInput('concurrency') || '8'),
    allowDeletes: booleanInput('allow-deletes'),
    allowDirectPush: booleanInput('allow-direct-push'),
    scope: scopeInput(getInput('scope') || 'none'),
  };
}

function scopeInput(value: string): 'auto' | 'none' {
  if (value === 'auto' || value === 'none') return value;
  throw new UserError('ACTION_INPUT', `input scope must be auto or none, got "${printable(value)}"`, {
    hint: 'auto plans only what a pull request touches; none (the default) plans the whole org',
  });
}

function isCommand(value: string): value is ActionCommand {
  return (actionCommands as readonly string[]).includes(value);
}

/** A GitHub login: letters, digits and single hyphens, up to 39; an app's account ends in `[bot]`. */
function loginInput(value: string): string | undefined {
  if (value === '') return undefined;
  if (!/^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}(?:\[bot\])?$/.test(value)) {
    throw new UserError('ACTION_INPUT', `input github-login must be a GitHub login, got "${value}"`, {
      hint: "a GitHub App's installation token writes as <app-slug>[bot], e.g. okta-access-ci[bot]",
    });
  }
  return value;
}

function capacityInput(value: string): number {
  try {
    return parseCapacity(value);
  } catch {
    throw new UserError(
      'ACTION_INPUT',
      `input max-capacity must be a percentage between 1 and 100, got "${value}"`,
    );
  }
}

function concurrencyInput(value: string): number {
  const concurrency = Number(value);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UserError(
      'ACTION_INPUT',
      `input concurrency must be a whole number from 1 to 64, got "${value}"`,
    );
  }
  return concurrency;
}

/** A boolean input as YAML 1.2 spells it (like core.getBooleanInput); empty means false. */
function booleanInput(name: string): boolean {
  const value = getInput(name);
  if (value === '' || ['false', 'False', 'FALSE'].includes(value)) return false;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  throw new UserError('ACTION_INPUT', `input ${name} must be true or false, got "${value}"`);
}
