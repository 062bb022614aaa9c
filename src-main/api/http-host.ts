import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { formatForFileName, parseExportFormat } from '../core/lecture-export.ts';
import { isUserError } from '../core/user-error.ts';
import { readSlides } from '../store/lecture-content-store.ts';
import { API_METHODS, type ApiErrorBody, type ApiMethod, type ProgressEvent } from './contract.ts';
import type { LecternService } from './lectern-service.ts';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';
import { contentTypeOf, parseByteRange } from './content-types.ts';

export interface HttpHost {
  url: string;
  /** URL that hands the browser its session cookie, then opens the app. */
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'lectern_token';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The loopback host: 127.0.0.1 only, a random token per run (header or cookie), the built
 * renderer, `POST /api/<method>`, progress as server-sent events, and media with range
 * requests — only for files that are lectures in the library.
 */
export async function startHttpHost(
  service: LecternService,
  options: { port?: number; rendererDir?: string; token?: string } = {},
): Promise<HttpHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const rendererDir = options.rendererDir;
  let port = 0;

  const authorised = (req: http.IncomingMessage): boolean => {
    const header = req.headers['x-lectern-token'] ?? req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const cookie = /(?:^|;\s*)lectern_token=([0-9a-f]+)/.exec(req.headers.cookie ?? '')?.[1];
    const given = (Array.isArray(header) ? header[0] : header) ?? cookie;
    if (!given || given.length !== token.length) return false;
    return timingSafeEqual(Buffer.from(given), Buffer.from(token));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message);
      if (isUserError(error)) {
        const status = error.code === 'not-found' ? 404 : 400;
        return sendJson(res, status, { error: { code: error.code, message: error.message, hint: error.hint } });
      }
      if (process.env.LECTERN_DEBUG) console.error(error);
      sendError(res, 500, 'internal', `Internal error: ${(error as Error).message}`);
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      throw new HttpError(421, 'bad-host', 'This server only answers on 127.0.0.1.');
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/session' && req.method === 'GET') {
      const given = url.searchParams.get('token') ?? '';
      if (given.length !== token.length || !timingSafeEqual(Buffer.from(given), Buffer.from(token))) {
        throw new HttpError(401, 'unauthorised', 'Wrong or missing token.');
      }
      res.writeHead(303, {
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
      });
      res.end();
      return;
    }
    if (
      url.pathname.startsWith('/api/') ||
      url.pathname.startsWith('/media/') ||
      url.pathname.startsWith('/thumbnails/') ||
      url.pathname.startsWith('/export/')
    ) {
      if (!authorised(req)) throw new HttpError(401, 'unauthorised', 'Wrong or missing token.');
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res);
    if (url.pathname.startsWith('/api/')) return callApi(req, res, url.pathname.slice(5));
    if (url.pathname.startsWith('/media/')) return serveMedia(req, res, Number(url.pathname.slice(7)));
    if (url.pathname.startsWith('/thumbnails/')) {
      const [id, idx] = url.pathname.slice(12).split('/').map(Number);
      return serveThumbnail(req, res, id, idx);
    }
    if (url.pathname.startsWith('/export/')) {
      // `/export/<id>.md`, `.chapters.vtt`, `.transcript.vtt`, `.srt`, `.json` ... or `/export/<id>?format=<name>`.
      const match = /^\/export\/(\d+)((?:\.[a-z]+)*)$/i.exec(url.pathname);
      if (!match) throw new HttpError(404, 'not-found', 'Not found.');
      const named = url.searchParams.get('format');
      const format = named ?? (match[2] ? formatForFileName(match[2]) : 'md');
      const result = await service.exportLecture({
        id: Number(match[1]),
        format: parseExportFormat(format ?? match[2]),
      });
      res.writeHead(200, {
        'Content-Type': `${result.mime}; charset=utf-8`,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(result.filename)}`,
      });
      res.end(result.content);
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') return serveRenderer(res, url.pathname);
    throw new HttpError(404, 'not-found', 'Not found.');
  }

  async function callApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'Use POST for API calls.');
    if (!(API_METHODS as readonly string[]).includes(method)) {
      throw new HttpError(404, 'unknown-method', `Unknown API method: ${method}`);
    }
    const body = await readBody(req);
    let params: unknown = {};
    if (body.length > 0) {
      try {
        params = JSON.parse(body);
      } catch {
        throw new HttpError(400, 'bad-json', 'The request body is not valid JSON.');
      }
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new HttpError(400, 'bad-request', 'Parameters must be a JSON object.');
    }
    const fn = service[method as ApiMethod] as (p: unknown) => Promise<unknown>;
    const result = await fn.call(service, params);
    sendJson(res, 200, result ?? null);
  }

  function streamEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('jobs', service.queue.state());
    const onProgress = (event: ProgressEvent) => send('progress', event);
    const onJobs = () => send('jobs', service.queue.state());
    service.queue.on('progress', onProgress);
    service.queue.on('changed', onJobs);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      service.queue.off('progress', onProgress);
      service.queue.off('changed', onJobs);
    });
  }

  async function serveMedia(req: http.IncomingMessage, res: http.ServerResponse, id: number): Promise<void> {
    const row = service.lectureRow(id);
    await sendFile(req, res, row.path);
  }

  async function serveThumbnail(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    id: number,
    idx: number,
  ): Promise<void> {
    service.lectureRow(id);
    const slide = readSlides(service.db, id).find((s) => s.idx === idx);
    if (!slide?.thumbnail) throw new HttpError(404, 'not-found', 'No thumbnail for that slide.');
    await sendFile(req, res, slide.thumbnail);
  }

  async function serveRenderer(res: http.ServerResponse, pathname: string): Promise<void> {
    if (!rendererDir || !existsSync(path.join(rendererDir, 'index.html'))) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The window has not been built yet: run `npm run build`, then start `lectern serve` again.\n');
      return;
    }
    const relative = decodeURIComponent(pathname).replace(/^\/+/, '');
    let file = path.resolve(rendererDir, relative || 'index.html');
    if (
      !file.startsWith(path.resolve(rendererDir) + path.sep) ||
      !existsSync(file) ||
      (await stat(file)).isDirectory()
    ) {
      file = path.join(rendererDir, 'index.html');
    }
    const type = contentTypeOf(file);
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' };
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      headers['Cache-Control'] = 'no-store';
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openUrl: `${url}/session?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string): Promise<void> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new HttpError(404, 'file-missing', 'The file is no longer where it was indexed.');
  }
  const type = contentTypeOf(file);
  const range = parseByteRange(req.headers.range ?? null, size);
  if (range === 'invalid') {
    res.writeHead(416, { 'Content-Range': `bytes */${size}` });
    res.end();
    return;
  }
  if (range) {
    const { start, end } = range;
    res.writeHead(206, {
      'Content-Type': type,
      'Content-Length': end - start + 1,
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Accept-Ranges': 'bytes',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Accept-Ranges': 'bytes' });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

function readBody(req: http.IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, 'too-large', 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } } satisfies ApiErrorBody);
}
