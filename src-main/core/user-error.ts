/**
 * The one error type for things a user can cause or fix. Everything else is a bug.
 * Hosts show `message` and `hint`; never a stack trace.
 */
export class UserError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, hint?: string) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    this.hint = hint;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
