import path from 'node:path';
import { maxYamlBytes } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import {
  defaultGuardrails,
  type GuardrailSource,
  type Guardrails,
  guardrailsOf,
} from '../model/guardrails.js';
import { parseConfig } from './config.js';
import { diagnostic, startOfFile } from './diagnose.js';
import { displayPath } from './paths.js';

/** okta-access.yaml as the trusted base holds it, however it was read (Git, GitHub's contents API). */
export type BaseConfigFile =
  | { readonly kind: 'file'; readonly bytes: Buffer }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unusable'; readonly reason: string };

/** The guardrails in force for a pull request (or `plan --base-ref`), with where they come from. */
export interface TrustedGuardrails {
  readonly guardrails: Guardrails;
  readonly source: GuardrailSource;
  /** A warning when the base's config could not be used (then the built-in defaults are in force). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface BaseConfigOptions {
  /** The config being planned (the pull request's): the base's is read as if it were this file. */
  readonly configPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The base as people name it (`main`, `origin/main`). */
  readonly ref: string;
  readonly commit: string | null;
}

/**
 * The base's guardrails, through the same loader as any config. A base without okta-access.yaml (the first pull
 * request) gives the built-in defaults; so does a base whose config cannot be used, with a warning. Never the
 * proposed config's own values: those are what is being reviewed.
 */
export function trustedGuardrails(file: BaseConfigFile, options: BaseConfigOptions): TrustedGuardrails {
  const absolute = path.resolve(options.configPath);
  const source = (config: GuardrailSource['config']): GuardrailSource => ({
    ref: options.ref,
    commit: options.commit,
    config,
  });
  if (file.kind === 'missing') {
    return { guardrails: defaultGuardrails, source: source('missing'), diagnostics: [] };
  }
  let problem: string;
  if (file.kind === 'unusable') problem = file.reason;
  else if (file.bytes.length > maxYamlBytes) problem = `it is larger than ${maxYamlBytes} bytes`;
  else {
    const loaded = parseConfig(file.bytes, absolute, options.env);
    const error = loaded.diagnostics.find((d) => d.severity === 'error');
    if (loaded.config !== undefined && error === undefined) {
      return { guardrails: guardrailsOf(loaded.config), source: source('found'), diagnostics: [] };
    }
    // Position and code only: the message may quote values of the base's config, which a comment must not repeat.
    problem = error === undefined ? 'it does not load' : `${error.line}:${error.col} ${error.code}`;
  }
  const warning = diagnostic(
    'warning',
    'BASE_CONFIG_INVALID',
    displayPath(absolute),
    startOfFile,
    `the base ${options.ref} has an okta-access.yaml that cannot be used (${problem}): ` +
      'the built-in guardrails are in force, not the ones of this change',
    `fix ${displayPath(absolute)} on ${options.ref}; a pull request never chooses its own guardrails`,
  );
  return { guardrails: defaultGuardrails, source: source('invalid'), diagnostics: [warning] };
}
