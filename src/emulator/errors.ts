import { randomBytes } from 'node:crypto';

/** An error answered the way Okta answers: status plus `{errorCode, errorSummary, errorLink, errorId, errorCauses}`. */
export class OktaError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly causes: readonly string[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    errorCode: string,
    summary: string,
    causes: readonly string[] = [],
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(summary);
    this.name = 'OktaError';
    this.status = status;
    this.errorCode = errorCode;
    this.causes = causes;
    this.headers = headers;
  }
}

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export function errorBody(error: OktaError): OktaErrorBody {
  return {
    errorCode: error.errorCode,
    errorSummary: error.message,
    errorLink: error.errorCode,
    errorId: `oae${randomBytes(11).toString('base64url').slice(0, 19)}`,
    errorCauses: error.causes.map((errorSummary) => ({ errorSummary })),
  };
}

/** Okta's 404: `Not found: Resource not found: {id} ({Kind})`, e.g. `… 00g1234 (UserGroup)`. */
export function notFound(kind: string, id: string): OktaError {
  return new OktaError(404, 'E0000007', `Not found: Resource not found: ${id} (${kind})`);
}

export function validationFailed(subject: string, causes: readonly string[] = []): OktaError {
  return new OktaError(400, 'E0000001', `Api validation failed: ${subject}`, causes);
}

export function conflict(subject: string, causes: readonly string[] = []): OktaError {
  return new OktaError(409, 'E0000195', `Api validation failed due to conflict: ${subject}`, causes);
}

export function invalidPaging(cause: string): OktaError {
  return new OktaError(400, 'E0000029', 'Invalid paging request', [cause]);
}

export function invalidSearch(cause: string): OktaError {
  return new OktaError(400, 'E0000031', 'Invalid search criteria.', [cause]);
}

export function invalidFilter(cause: string): OktaError {
  return new OktaError(400, 'E0000053', 'Invalid SCIM filter', [cause]);
}

export function malformedBody(): OktaError {
  return new OktaError(400, 'E0000003', 'The request body was not well-formed.');
}

export function methodNotAllowed(method: string): OktaError {
  return new OktaError(405, 'E0000022', `The endpoint does not support the provided HTTP method`, [method]);
}

export function invalidToken(): OktaError {
  return new OktaError(401, 'E0000011', 'Invalid token provided', [], {
    'www-authenticate': 'SSWS realm="okta-access-emulator"',
  });
}

/** 403 E0000006: for a Bearer token the scope it lacks (in WWW-Authenticate); for an API token, the admin's role. */
export function forbidden(scope?: string): OktaError {
  return new OktaError(
    403,
    'E0000006',
    'You do not have permission to perform the requested action',
    [],
    scope === undefined
      ? {}
      : {
          'www-authenticate': `Bearer realm="okta-access-emulator", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${scope}"`,
        },
  );
}

export function rateLimited(): OktaError {
  return new OktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
}

export function internalError(): OktaError {
  return new OktaError(500, 'E0000009', 'Internal Server Error');
}

/** 403 E0000038: an operation the user's status does not allow (adding a DEPROVISIONED user to a group). */
export function userStatusForbidden(): OktaError {
  return new OktaError(403, 'E0000038', "This operation is not allowed in the user's current status.");
}
