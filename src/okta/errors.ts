import { UserError } from '../model/errors.js';
import { covers, specOf } from './scopes.js';

/** What Okta said (or that it said nothing) about one failed request. Never carries a credential. */
export interface OktaRequestErrorDetails {
  /** HTTP status; 0 when no response arrived (connection reset, timeout, refused). */
  readonly status: number;
  /** Okta's `errorCode` (E0000007, …) when the body had one. */
  readonly errorCode?: string;
  readonly summary: string;
  /** `errorCauses[].errorSummary`. */
  readonly causes: readonly string[];
  /** `METHOD /templated/path`, e.g. `DELETE /api/v1/groups/{id}/users/{id}`. */
  readonly endpoint: string;
  /** Okta's `errorId`, for support cases. */
  readonly errorId?: string;
  /** The network error code (ECONNRESET, ETIMEDOUT, …) when status is 0. */
  readonly networkCode?: string;
  /** For a 403: the scope the call needs, and who asked for which command. */
  readonly scopeNote?: ScopeNote;
}

/** What explains a 403: the scope the endpoint needs, the command that needs it, and what the credential carries. */
export interface ScopeNote {
  readonly scope: string;
  readonly command?: string;
  readonly auth: 'ssws' | 'privateKey';
  /** The scopes the service app's token was asked with (privateKey only). */
  readonly requested?: readonly string[];
}

/**
 * A request Okta refused or never answered, after the executor's retries. A user-fixable failure (exit 1): a bad token,
 * a missing scope, an object that is gone, an outage. Callers branch on `status` and `errorCode`, never on the text.
 */
export class OktaRequestError extends UserError {
  readonly status: number;
  readonly errorCode?: string;
  readonly summary: string;
  readonly causes: readonly string[];
  readonly endpoint: string;
  readonly errorId?: string;
  readonly networkCode?: string;
  readonly scopeNote?: ScopeNote;
  readonly #details: OktaRequestErrorDetails;

  constructor(details: OktaRequestErrorDetails) {
    super('OKTA_REQUEST_FAILED', describe(details), hintFor(details));
    this.name = 'OktaRequestError';
    this.#details = details;
    if (details.scopeNote !== undefined) this.scopeNote = details.scopeNote;
    this.status = details.status;
    this.summary = details.summary;
    this.causes = details.causes;
    this.endpoint = details.endpoint;
    if (details.errorCode !== undefined) this.errorCode = details.errorCode;
    if (details.errorId !== undefined) this.errorId = details.errorId;
    if (details.networkCode !== undefined) this.networkCode = details.networkCode;
  }

  /** The same refusal, explained by the scope the call needs (the message and hint name it and the command). */
  withScope(note: ScopeNote): OktaRequestError {
    return new OktaRequestError({ ...this.#details, scopeNote: note });
  }
}

/** The Okta options given to the port are unusable (bad org URL, missing key, …). The message never echoes a secret. */
export class OktaConfigError extends UserError {
  constructor(message: string, hint?: string) {
    super('OKTA_CONFIG', message, hint === undefined ? {} : { hint });
    this.name = 'OktaConfigError';
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof OktaRequestError && error.status === 404;
}

/** Removes every occurrence of the configured secrets from a text that may end up in an error message. */
export type Redact = (text: string) => string;

export const noRedaction: Redact = (text) => text;

export function createRedactor(secrets: readonly string[]): Redact {
  // Short strings would redact ordinary words; every real secret is far longer.
  const needles = [...new Set(secrets.filter((secret) => secret.length >= 12))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let result = text;
    for (const needle of needles) result = result.split(needle).join('[redacted]');
    return result;
  };
}

/**
 * Maps what the SDK or node-fetch threw to an OktaRequestError: OktaApiError (JSON error body), HttpError (other body),
 * FetchError (no response). Anything else is a bug on our side and is rethrown as it is (redacted if need be).
 */
export function toOktaRequestError(error: unknown, endpoint: string, redact: Redact = noRedaction): Error {
  if (error instanceof OktaRequestError) return error;
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const fields = error as Error & Record<string, unknown>;
  if (error.name === 'OktaApiError' && typeof fields.status === 'number') {
    const causes = Array.isArray(fields.errorCauses)
      ? fields.errorCauses.map((cause: unknown) =>
          redact(String((cause as { errorSummary?: unknown } | null)?.errorSummary ?? '')),
        )
      : [];
    return new OktaRequestError({
      status: fields.status,
      ...(typeof fields.errorCode === 'string' ? { errorCode: fields.errorCode } : {}),
      summary: redact(typeof fields.errorSummary === 'string' ? fields.errorSummary : ''),
      causes,
      endpoint,
      ...(typeof fields.errorId === 'string' ? { errorId: fields.errorId } : {}),
    });
  }
  if (error.name === 'HttpError' && typeof fields.status === 'number') {
    // A body that is not JSON (a proxy's HTML page): keep its start, it usually says what went wrong.
    const body = error.message
      .replace(/^HTTP \d+ /, '')
      .replace(/\s+/g, ' ')
      .trim();
    return new OktaRequestError({
      status: fields.status,
      summary: redact(body.length > 200 ? `${body.slice(0, 200)}…` : body),
      causes: [],
      endpoint,
    });
  }
  if (error.name === 'FetchError' || error.name === 'AbortError') {
    const code =
      typeof fields.code === 'string'
        ? fields.code
        : typeof fields.type === 'string'
          ? fields.type
          : 'network-error';
    return new OktaRequestError({
      status: 0,
      // node-fetch's message repeats the whole URL (query included); the reason after it is what matters.
      summary: redact(/reason: (.*)$/.exec(error.message)?.[1] ?? code),
      causes: [],
      endpoint,
      networkCode: code,
    });
  }
  const redacted = redact(error.message);
  return redacted === error.message ? error : new Error(redacted);
}

function describe(details: OktaRequestErrorDetails): string {
  if (details.status === 0) {
    return `Okta did not answer ${details.endpoint}: ${details.summary}`;
  }
  const code = details.errorCode === undefined ? '' : ` ${details.errorCode}`;
  const causes = details.causes.filter((cause) => cause !== '');
  const summary = [details.summary, ...causes].filter((part) => part !== '').join('; ');
  const answered = `Okta answered ${details.status}${code} to ${details.endpoint}${summary === '' ? '' : `: ${summary}`}`;
  const note = details.scopeNote;
  if (note === undefined) return answered;
  const who = note.command === undefined ? 'okta-access' : `okta-access ${note.command}`;
  return `${answered} — ${who} needs ${note.scope} for it`;
}

/** Why a call that needs `note.scope` was refused, and what to do. */
function scopeHint(note: ScopeNote): string {
  const doctor = `\`okta-access doctor${note.command === undefined ? '' : ` --for ${note.command}`}\` checks every need`;
  const role = specOf(note.scope)?.adminRole;
  if (note.auth === 'ssws') {
    return `the API token acts with its creator's admin roles, and none allows ${note.scope}${role === undefined ? '' : ` (${role} does)`}; ${doctor}`;
  }
  if (!covers(note.requested ?? [], note.scope)) {
    return `the service app's token carries ${(note.requested ?? []).join(' ')}, not ${note.scope}: add it to OKTA_SCOPES, or unset OKTA_SCOPES to ask for exactly the scopes the command needs; ${doctor}`;
  }
  return `the service app has ${note.scope}, but its admin roles do not allow the call: assign ${role ?? 'an admin role that covers it'} (Admin Console → the service app → Admin roles); ${doctor}`;
}

function hintFor(details: OktaRequestErrorDetails): { hint?: string } {
  switch (details.status) {
    case 0:
      return { hint: 'check the org URL and the network; the request was retried where that is safe' };
    case 401:
      return { hint: 'check the API token, or the service app’s client id and private key' };
    case 403:
      return details.scopeNote === undefined
        ? { hint: 'the token’s admin role or the service app’s scopes do not allow this operation' }
        : { hint: scopeHint(details.scopeNote) };
    case 429:
      return {
        hint: 'Okta’s rate limit stayed exhausted through every retry; lower --concurrency or retry later',
      };
    default:
      return details.status >= 500 ? { hint: 'Okta kept failing through every retry; try again later' } : {};
  }
}
