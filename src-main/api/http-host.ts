import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LecternHostApi } from './contract.ts';
import { createRequestHandler, errorResponse, type RequestHandler } from './request-handler.ts';

export interface HttpHost {
  url: string;
  /** URL that hands the browser its session cookie, then opens the app. */
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

/** Past this many bytes of a refused body, the connection is dropped instead of read to the end. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/** A Node request as a web Request. Cancelling its body keeps reading (and dropping) the rest, so the answer still arrives. */
function toWebRequest(req: http.IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let drained = 0;
  let cancelled = false;
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          req.on('data', (chunk: Buffer) => {
            if (cancelled) {
              drained += chunk.length;
              if (drained > DRAIN_LIMIT) req.destroy();
              return;
            }
            controller.enqueue(new Uint8Array(chunk));
            req.pause();
          });
          req.on('end', () => cancelled || controller.close());
          req.on('error', (error) => cancelled || controller.error(error));
          req.pause();
        },
        pull() {
          req.resume();
        },
        cancel() {
          cancelled = true;
          req.resume();
        },
      })
    : null;
  // Joined, not resolved: a path such as `//elsewhere` stays a path on this host.
  const target = req.url?.startsWith('/') ? `${origin}${req.url}` : `${origin}/`;
  return new Request(target, {
    method: req.method,
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
}

async function sendWebResponse(response: Response, res: http.ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  res.writeHead(response.status, headers);
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read();
    if (done || res.destroyed) break;
    if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
  }
  res.end();
}

/**
 * The loopback host: 127.0.0.1 only, a random token per run (header or cookie), adapting Node's
 * HTTP server to the one request handler (API, live updates as server-sent events, media with
 * range requests, the built renderer).
 */
export async function startHttpHost(
  api: LecternHostApi,
  options: { port?: number; rendererDir?: string; token?: string } = {},
): Promise<HttpHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  let handle: RequestHandler = async () => new Response(null, { status: 503 });
  const server = http.createServer((req, res) => {
    // The Host header picks the origin; the handler refuses any host but 127.0.0.1/localhost on our port.
    let request: Request;
    try {
      request = toWebRequest(req, `http://${req.headers.host ?? '127.0.0.1'}`);
    } catch {
      request = new Request('http://invalid.invalid/');
    }
    void handle(request)
      .catch(errorResponse)
      .then((response) => sendWebResponse(response, res))
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  handle = createRequestHandler({
    api,
    rendererDir: options.rendererDir,
    security: { hosts, origins: hosts.map((host) => `http://${host}`), token },
  });
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
