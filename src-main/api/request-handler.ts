// The one way into Lectern from a window: `Request -> Response` for the API methods, live
// updates, media, slide thumbnails, slide-deck pages, exports and the renderer's own files, with every failure
// turned into a JSON error in words. The loopback HTTP host and the Electron host only adapt
// their transport to it.
import { timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { formatForFileName, parseExportFormat } from '../core/lecture-export.ts';
import { isUserError } from '../core/user-error.ts';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';
import {
  API_METHODS,
  READ_ONLY_METHODS,
  type ApiErrorBody,
  type ApiMethod,
  type LecternHostApi,
  type LiveUpdate,
} from './contract.ts';
import { fileResponse } from './file-response.ts';

export type RequestHandler = (request: Request) => Promise<Response>;

export interface HandlerSecurity {
  /**
   * The window's own origins (`http://127.0.0.1:<port>`, `lectern://app`). A call that changes
   * state must come from one of them, or carry no Origin and the token header (a script).
   */
  origins: readonly string[];
  /** The `host:port` names answered (against DNS rebinding); any when not given. */
  hosts?: readonly string[];
  /**
   * The per-run token (loopback HTTP): the API, media, thumbnails and exports need it as a
   * header or the session cookie `/session?token=` hands out. None: the host vouches for callers.
   */
  token?: string;
}

export interface RequestHandlerOptions {
  api: LecternHostApi;
  security: HandlerSecurity;
  /** The folder `npm run build` writes the renderer to. */
  rendererDir?: string;
  /** Largest API request body in bytes (default 1 MB). */
  bodyLimit?: number;
}

export const SESSION_COOKIE = 'lectern_token';
const KEEP_ALIVE_MS = 15_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const NOT_FOUND = () => new HttpError(404, 'not-found', 'Not found.');

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

/** Any failure as the JSON error body: user errors and request errors in words, the rest as internal. */
export function errorResponse(error: unknown): Response {
  let status: number;
  let body: ApiErrorBody;
  if (error instanceof HttpError) {
    status = error.status;
    body = { error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
  } else if (isUserError(error)) {
    status = error.code === 'not-found' ? 404 : 400;
    body = { error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
  } else {
    if (process.env.LECTERN_DEBUG) console.error(error);
    status = 500;
    body = { error: { code: 'internal', message: `Internal error: ${(error as Error)?.message ?? String(error)}` } };
  }
  return json(status, body);
}

const sameSecret = (given: string | null | undefined, token: string): boolean =>
  !!given && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));

function tokenHeader(request: Request): string | null {
  return (
    request.headers.get('x-lectern-token') ?? request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? null
  );
}

function sessionCookie(request: Request): string | null {
  return new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([0-9a-f]+)`).exec(request.headers.get('cookie') ?? '')?.[1] ?? null;
}

/** A URL path decoded, or a 400 for a malformed %-escape (`/%ff`). */
function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw new HttpError(400, 'bad-path', 'The address has a malformed %-escape.');
  }
}

async function readBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  const tooLarge = () => new HttpError(413, 'too-large', `The request body is larger than ${limit} bytes.`);
  if (declared > limit) {
    await request.body?.cancel();
    throw tooLarge();
  }
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  const { api, security } = options;
  const bodyLimit = options.bodyLimit ?? 1_000_000;

  const authorised = (request: Request): boolean =>
    security.token === undefined ||
    sameSecret(tokenHeader(request), security.token) ||
    sameSecret(sessionCookie(request), security.token);

  /** Cross-site requests cannot change anything: the window's own origin and a JSON body, or a script with the token. */
  function checkStateChange(request: Request): void {
    const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      throw new HttpError(415, 'not-json', 'API calls that change something must send Content-Type: application/json.');
    }
    const origin = request.headers.get('origin');
    const fromWindow = origin !== null && security.origins.includes(origin);
    const fromScript =
      origin === null && security.token !== undefined && sameSecret(tokenHeader(request), security.token);
    if (!fromWindow && !fromScript) {
      throw new HttpError(403, 'cross-origin', 'Only the Lectern window can change the library.');
    }
  }

  async function callApi(request: Request, method: string): Promise<Response> {
    if (request.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'Use POST for API calls.');
    if (!(API_METHODS as readonly string[]).includes(method)) {
      throw new HttpError(404, 'unknown-method', `Unknown API method: ${method}`);
    }
    if (!READ_ONLY_METHODS.has(method as ApiMethod)) checkStateChange(request);
    const body = await readBody(request, bodyLimit);
    let params: unknown = {};
    if (body.trim().length > 0) {
      try {
        params = JSON.parse(body);
      } catch {
        throw new HttpError(400, 'bad-json', 'The request body is not valid JSON.');
      }
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new HttpError(400, 'bad-request', 'Parameters must be a JSON object.');
    }
    const fn = api[method as ApiMethod] as (p: unknown) => Promise<unknown>;
    return json(200, (await fn.call(api, params)) ?? null);
  }

  function liveUpdates(): Response {
    const encoder = new TextEncoder();
    let stop = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (event: string, data: unknown) =>
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        send('jobs', api.jobsState());
        const unsubscribe = api.subscribe((update: LiveUpdate) => {
          if (update.kind === 'progress') send('progress', update.event);
          else if (update.kind === 'jobs') send('jobs', update.state);
          else if (update.kind === 'model') send('model', update.progress);
          else send('transcript', { lectureId: update.lectureId, seconds: update.seconds });
        });
        const keepAlive = setInterval(() => controller.enqueue(encoder.encode(': keep-alive\n\n')), KEEP_ALIVE_MS);
        stop = () => {
          clearInterval(keepAlive);
          unsubscribe();
        };
      },
      cancel() {
        stop();
      },
    });
    return new Response(body, {
      status: 200,
      headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' },
    });
  }

  async function libraryFile(request: Request, file: string | null, missing: string): Promise<Response> {
    const response = file ? await fileResponse(file, request.headers.get('range'), request.method) : null;
    if (!response) throw new HttpError(404, file ? 'file-missing' : 'not-found', missing);
    return response;
  }

  async function exportResponse(url: URL): Promise<Response> {
    // `/export/<id>.md`, `.chapters.vtt`, `.transcript.vtt`, `.srt`, `.json` ... or `/export/<id>?format=<name>`.
    const match = /^\/export\/(\d+)((?:\.[a-z]+)*)$/i.exec(url.pathname);
    if (!match) throw NOT_FOUND();
    const named = url.searchParams.get('format');
    const format = named ?? (match[2] ? formatForFileName(match[2]) : 'md');
    const result = await api.exportLecture({ id: Number(match[1]), format: parseExportFormat(format ?? match[2]) });
    return new Response(result.content, {
      status: 200,
      headers: {
        'Content-Type': `${result.mime}; charset=utf-8`,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(result.filename)}`,
      },
    });
  }

  async function rendererFile(request: Request, pathname: string): Promise<Response> {
    const notBuilt = () =>
      new Response('The window has not been built yet: run `npm run build`, then start Lectern again.\n', {
        status: 503,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    if (!options.rendererDir) return notBuilt();
    const root = path.resolve(options.rendererDir);
    let file = path.resolve(root, decodedPath(pathname).replace(/^\/+/, '') || 'index.html');
    if (file !== root && !file.startsWith(root + path.sep)) throw NOT_FOUND();
    const info = await stat(file).catch(() => null);
    // The renderer routes in the hash; any other unknown path is the app itself.
    if (!info || info.isDirectory()) file = path.join(root, 'index.html');
    const response = await fileResponse(file, null, request.method);
    if (!response || response.status !== 200) return notBuilt();
    const headers = new Headers(response.headers);
    headers.set('X-Content-Type-Options', 'nosniff');
    if (file.endsWith('.html')) {
      headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      headers.set('Cache-Control', 'no-store');
    }
    return new Response(response.body, { status: 200, headers });
  }

  const PROTECTED = /^\/(api|media|thumbnails|pages|export)\//;

  async function route(request: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      throw new HttpError(400, 'bad-url', 'That is not an address Lectern understands.');
    }
    if (security.hosts && !security.hosts.includes(url.host)) {
      throw new HttpError(421, 'bad-host', 'This server only answers on 127.0.0.1.');
    }
    const { pathname } = url;
    decodedPath(pathname);
    if (pathname === '/session' && request.method === 'GET' && security.token !== undefined) {
      if (!sameSecret(url.searchParams.get('token'), security.token)) {
        throw new HttpError(401, 'unauthorised', 'Wrong or missing token.');
      }
      return new Response(null, {
        status: 303,
        headers: {
          'Set-Cookie': `${SESSION_COOKIE}=${security.token}; HttpOnly; SameSite=Strict; Path=/`,
          Location: '/',
        },
      });
    }
    if (PROTECTED.test(pathname) && !authorised(request)) {
      throw new HttpError(401, 'unauthorised', 'Wrong or missing token.');
    }
    if (pathname === '/api/events' && request.method === 'GET') return liveUpdates();
    if (pathname.startsWith('/api/')) return callApi(request, pathname.slice('/api/'.length));
    const parts = pathname.split('/').filter(Boolean);
    const reading = request.method === 'GET' || request.method === 'HEAD';
    if (parts[0] === 'media' && reading) {
      const id = Number(parts[1]);
      if (parts.length !== 2 || !Number.isInteger(id) || id < 1) throw NOT_FOUND();
      return libraryFile(request, api.mediaFile(id), 'The file is no longer where it was indexed.');
    }
    if (parts[0] === 'thumbnails' && reading) {
      const [id, idx] = [Number(parts[1]), Number(parts[2])];
      if (parts.length !== 3 || !Number.isInteger(id) || id < 1 || !Number.isInteger(idx)) throw NOT_FOUND();
      return libraryFile(request, api.thumbnailFile(id, idx), 'No thumbnail for that slide.');
    }
    if (parts[0] === 'pages' && reading) {
      // `/pages/<lecture>/<page>` the crisp page beside the video, `/pages/<lecture>/<page>/small` its thumbnail.
      const [id, page] = [Number(parts[1]), Number(parts[2])];
      const small = parts.length === 4 && parts[3] === 'small';
      if ((parts.length !== 3 && !small) || !Number.isInteger(id) || id < 1 || !Number.isInteger(page) || page < 1) {
        throw NOT_FOUND();
      }
      const file = await api.pageImageFile(id, page, small ? 'small' : 'full');
      return libraryFile(request, file, 'No such page in the lecture’s slides.');
    }
    if (parts[0] === 'export' && reading) return exportResponse(url);
    if (reading) return rendererFile(request, pathname);
    throw NOT_FOUND();
  }

  return async (request) => {
    try {
      return await route(request);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
