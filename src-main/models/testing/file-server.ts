import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body: Buffer;
  /** Close the connection after this many bytes of the next full (non-Range) response. */
  dropAfter?: number;
  /** Answer Range requests with the whole file (200), as some servers do. */
  ignoreRange?: boolean;
  status?: number;
}

export interface FileServer {
  url(pathname: string): string;
  files: Map<string, ServedFile>;
  /** Every request seen: path and Range header. */
  requests: Array<{ path: string; range: string | undefined }>;
  close(): Promise<void>;
}

/** A small HTTP server on 127.0.0.1 for download tests: Range requests, dropped connections. */
export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, ServedFile>();
  const requests: FileServer['requests'] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    requests.push({ path: pathname, range: request.headers.range });
    const file = files.get(pathname);
    if (!file || file.status) {
      response.writeHead(file?.status ?? 404).end('not here');
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    if (range && !file.ignoreRange) {
      const start = Number(range[1]);
      if (start >= file.body.length) {
        response.writeHead(416, { 'Content-Range': `bytes */${file.body.length}` }).end();
        return;
      }
      response.writeHead(206, {
        'Content-Length': file.body.length - start,
        'Content-Range': `bytes ${start}-${file.body.length - 1}/${file.body.length}`,
        'Accept-Ranges': 'bytes',
      });
      response.end(file.body.subarray(start));
      return;
    }
    response.writeHead(200, { 'Content-Length': file.body.length, 'Accept-Ranges': 'bytes' });
    if (file.dropAfter !== undefined) {
      const cut = file.dropAfter;
      file.dropAfter = undefined; // only once
      response.write(file.body.subarray(0, cut), () => setTimeout(() => request.socket.destroy(), 20));
      return;
    }
    response.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (pathname) => `http://127.0.0.1:${port}${pathname}`,
    files,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
