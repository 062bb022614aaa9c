import { UserError } from '../core/user-error.ts';

// Checks for parameters that arrive as JSON from a window, a browser or the CLI: a wrong type
// is the caller's mistake (a 400 in words), never a crash or a silently coerced value.

/** A lecture, folder or slide id: a whole number of at least 1. */
export function idParam(value: unknown, name = 'id'): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new UserError('bad-request', `${name} must be a whole number of at least 1, not ${JSON.stringify(value)}.`);
}

export function optionalIdParam(value: unknown, name: string): number | undefined {
  return value === undefined || value === null ? undefined : idParam(value, name);
}

/** How many results to return: a whole number from 1 to `max` (default when absent). */
export function limitParam(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max) return value;
  throw new UserError(
    'bad-request',
    `limit must be a whole number from 1 to ${max}, not ${JSON.stringify(value)}.`,
    'Leave it out for the default.',
  );
}

export function stringParam(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  throw new UserError('bad-request', `${name} must be text, not ${JSON.stringify(value)}.`);
}
