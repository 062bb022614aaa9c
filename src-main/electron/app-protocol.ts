// What `lectern://app/…` answers in the desktop window: the built renderer, a lecture's media
// file (with byte ranges, so seeking works on large files) and slide thumbnails — the same
// paths the loopback HTTP host serves, so the renderer's relative URLs work in both hosts.
// Only files that are in the library are served; no path leaves the renderer folder.
// No Electron import here: the window's protocol.handle() calls respond().
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CONTENT_SECURITY_POLICY } from '../api/content-security-policy.ts';
import { isUserError } from '../core/user-error.ts';
import { contentTypeOf as typeOf, parseByteRange } from '../api/content-types.ts';

export const APP_ORIGIN = 'lectern://app';

export interface AppFiles {
  /** The folder `npm run build` writes the renderer to. */
  rendererDir: string;
  /** The media file of a lecture in the library (throws a UserError 'not-found' for others). */
  mediaFile(lectureId: number): string;
  /** A slide thumbnail's file, or null when the lecture has no such thumbnail. */
  thumbnailFile(lectureId: number, slideIdx: number): string | null;
}

export { parseByteRange };

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

function stream(file: string, range?: { start: number; end: number }): ReadableStream {
  return Readable.toWeb(createReadStream(file, range)) as unknown as ReadableStream;
}

/** Serves a file, honouring a byte range. */
export async function fileResponse(file: string, rangeHeader: string | null, method = 'GET'): Promise<Response> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return text(404, 'Not found.');
    size = info.size;
  } catch {
    return text(404, 'The file is no longer where it was indexed.');
  }
  const type = typeOf(file);
  const range = parseByteRange(rangeHeader, size);
  if (range === 'invalid') {
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
  }
  if (range) {
    return new Response(method === 'HEAD' ? null : stream(file, range), {
      status: 206,
      headers: {
        'Content-Type': type,
        'Content-Length': String(range.end - range.start + 1),
        'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
        'Accept-Ranges': 'bytes',
      },
    });
  }
  return new Response(method === 'HEAD' || size === 0 ? null : stream(file), {
    status: 200,
    headers: { 'Content-Type': type, 'Content-Length': String(size), 'Accept-Ranges': 'bytes' },
  });
}

async function rendererResponse(rendererDir: string, pathname: string): Promise<Response> {
  const root = path.resolve(rendererDir);
  let relative: string;
  try {
    relative = decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    return text(400, 'Bad path.');
  }
  let file = path.resolve(root, relative || 'index.html');
  if (file !== root && !file.startsWith(root + path.sep)) return text(404, 'Not found.');
  const info = await stat(file).catch(() => null);
  // The renderer routes in the hash; any other unknown path is the app itself.
  if (!info || info.isDirectory()) file = path.join(root, 'index.html');
  const response = await fileResponse(file, null);
  if (response.status !== 200) {
    return text(503, 'The window has not been built yet: run `npm run build`, then start Lectern again.');
  }
  const headers = new Headers(response.headers);
  headers.set('X-Content-Type-Options', 'nosniff');
  if (file.endsWith('.html')) {
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('Cache-Control', 'no-store');
  }
  return new Response(response.body, { status: 200, headers });
}

/** Answers one `lectern://` request. */
export async function respond(request: Request, files: AppFiles): Promise<Response> {
  const url = new URL(request.url);
  if (url.protocol !== 'lectern:' || url.host !== 'app') return text(404, 'Not found.');
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed.');
  const parts = url.pathname.split('/').filter(Boolean);
  try {
    if (parts[0] === 'media' && parts.length === 2) {
      const id = Number(parts[1]);
      if (!Number.isInteger(id)) return text(404, 'Not found.');
      return await fileResponse(files.mediaFile(id), request.headers.get('range'), request.method);
    }
    if (parts[0] === 'thumbnails' && parts.length === 3) {
      const [id, idx] = [Number(parts[1]), Number(parts[2])];
      if (!Number.isInteger(id) || !Number.isInteger(idx)) return text(404, 'Not found.');
      const file = files.thumbnailFile(id, idx);
      return file ? await fileResponse(file, null, request.method) : text(404, 'No thumbnail for that slide.');
    }
  } catch (error) {
    if (isUserError(error)) return text(error.code === 'not-found' ? 404 : 400, error.message);
    throw error;
  }
  return rendererResponse(files.rendererDir, url.pathname);
}
