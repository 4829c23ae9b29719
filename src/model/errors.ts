/**
 * An error the user can fix (bad input, missing file, refused operation): printed without a stack, exit code 1.
 * Anything else reaching the top level is a bug.
 */
export class UserError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}
