// Routes one IPC call to the service: only methods the contract names, only plain-object
// parameters, and every failure turned into words the window can show.
import { API_METHODS, type ApiMethod, type LecternApi } from '../api/contract.ts';
import { isUserError } from '../core/user-error.ts';
import { APP_ORIGIN } from './app-protocol.ts';
import type { IpcResult } from './ipc-channels.ts';

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && (API_METHODS as readonly string[]).includes(method);
}

/** Whether a frame's URL is the app itself (not a page it navigated to, not another scheme). */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function failure(error: unknown): IpcResult<never> {
  if (isUserError(error)) return { ok: false, error: { code: error.code, message: error.message, hint: error.hint } };
  return {
    ok: false,
    error: { code: 'internal', message: `Internal error: ${(error as Error)?.message ?? String(error)}` },
  };
}

export async function routeCall(service: LecternApi, method: unknown, params: unknown): Promise<IpcResult<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'unknown-method', message: `Unknown API method: ${String(method)}` } };
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return { ok: false, error: { code: 'bad-request', message: 'Parameters must be an object.' } };
  }
  try {
    const fn = service[method] as (p: unknown) => Promise<unknown>;
    return { ok: true, value: (await fn.call(service, params)) ?? null };
  } catch (error) {
    return failure(error);
  }
}
