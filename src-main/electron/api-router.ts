// Routes one IPC call through the request handler, as the window's own POST: only methods the
// contract names, only plain-object parameters, and every failure in words the window can show.
import { API_METHODS, type ApiErrorBody, type ApiMethod } from '../api/contract.ts';
import type { RequestHandler } from '../api/request-handler.ts';
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

export async function routeCall(handle: RequestHandler, method: unknown, params: unknown): Promise<IpcResult<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'unknown-method', message: `Unknown API method: ${String(method)}` } };
  }
  const response = await handle(
    new Request(`${APP_ORIGIN}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: APP_ORIGIN },
      body: JSON.stringify(params ?? null),
    }),
  );
  const body = (await response.json()) as unknown;
  return response.ok ? { ok: true, value: body } : { ok: false, error: (body as ApiErrorBody).error };
}
