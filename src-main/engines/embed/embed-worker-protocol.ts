/** Messages between an embedder proxy and its worker thread, and how errors cross the boundary. */
import { UserError } from '../../core/user-error.ts';
import type { EmbedMethod } from './embed-backend.ts';

export type ToWorker =
  { type: 'call'; id: number; method: EmbedMethod; items: Array<string | Uint8Array> } | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; id: string; dim: number; textAligned: boolean; methods: EmbedMethod[] }
  | { type: 'result'; id: number; vectors: Float32Array[] }
  | { type: 'error'; id: number | null; error: SerializedError }
  | { type: 'closed' };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  hint?: string;
  stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof UserError)
    return { name: error.name, message: error.message, code: error.code, hint: error.hint, stack: error.stack };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds the error on the caller's side: a UserError stays a UserError. */
export function deserializeError(error: SerializedError): Error {
  if (error.name === 'UserError' && error.code) return new UserError(error.code, error.message, error.hint);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}
