import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../core/user-error.ts';
import { APP_SECURITY, appProtocol } from '../electron/app-protocol.ts';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';
import { parseByteRange } from './content-types.ts';
import type { ApiErrorBody, LecternHostApi, Settings } from './contract.ts';
import { createRequestHandler, type RequestHandler } from './request-handler.ts';

let dir: string;
let app: (request: Request) => Promise<Response>;
let http: RequestHandler;
let settings: Settings;
const media = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
const WINDOW = 'http://127.0.0.1:4000';
const TOKEN = 'ab'.repeat(24);

/** The API as a host sees it, over a fake library with one lecture (id 1). */
function fakeApi(): LecternHostApi {
  const lecture = (id: unknown) => {
    if (id !== 1) throw new UserError('not-found', `No lecture with id ${id}.`);
  };
  return {
    mediaFile: (id: number) => {
      lecture(id);
      return path.join(dir, 'lecture.mp4');
    },
    thumbnailFile: (id: number, idx: number) => (id === 1 && idx === 0 ? path.join(dir, 'thumb.jpg') : null),
    pageImageFile: async (id: number, page: number, size: 'small' | 'full') =>
      id === 1 && page === 2 ? path.join(dir, size === 'small' ? 'page-small.jpg' : 'page-full.jpg') : null,
    subscribe: () => () => {},
    jobsState: () => ({ running: false, paused: false, queued: 0, current: null }),
    async listFolders() {
      return [];
    },
    async getLecture({ id }: { id: number }) {
      if (typeof id !== 'number') throw new UserError('bad-request', 'id must be a whole number.');
      lecture(id);
      return { id };
    },
    async setSettings(changes: Partial<Settings>) {
      settings = { ...settings, ...changes };
      return settings;
    },
  } as unknown as LecternHostApi;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-handler-'));
  const rendererDir = path.join(dir, 'dist-renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Lectern</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the window');
  await writeFile(path.join(dir, 'lecture.mp4'), media);
  await writeFile(path.join(dir, 'thumb.jpg'), 'jpeg');
  await writeFile(path.join(dir, 'page-small.jpg'), 'small page');
  await writeFile(path.join(dir, 'page-full.jpg'), 'crisp page');
  app = appProtocol(createRequestHandler({ api: fakeApi(), rendererDir, security: APP_SECURITY }));
  http = createRequestHandler({
    api: fakeApi(),
    rendererDir,
    bodyLimit: 1000,
    security: { origins: [WINDOW], hosts: ['127.0.0.1:4000'], token: TOKEN },
  });
});

afterAll(() => rm(dir, { recursive: true, force: true }));

beforeAll(() => {
  settings = { chapterTargetSeconds: 300, speechModel: null, transcribeDespiteSidecar: false };
});

const get = (url: string, headers: Record<string, string> = {}) => app(new Request(url, { headers }));
const errorOf = async (response: Response) => ((await response.json()) as ApiErrorBody).error;

describe('the request handler behind lectern://app', () => {
  it('serves the window with the strict CSP', async () => {
    const response = await get('lectern://app/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>Lectern</title>');
  });

  it('serves built assets with their type', async () => {
    const response = await get('lectern://app/assets/app.js');
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await response.text()).toBe('console.log(1)');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const url of [
      'lectern://app/../secret.txt',
      'lectern://app/%2e%2e/secret.txt',
      'lectern://app/..%2fsecret.txt',
    ]) {
      const body = await (await get(url)).text();
      expect(body).not.toContain('not for the window');
    }
  });

  it('refuses other hosts', async () => {
    expect((await get('lectern://media/1')).status).toBe(421);
  });

  it('only reads: API calls come over IPC, not the protocol', async () => {
    const post = await app(new Request('lectern://app/api/listFolders', { method: 'POST', body: '{}' }));
    expect(post.status).toBe(405);
  });

  it('streams a whole media file and says it accepts ranges', async () => {
    const response = await get('lectern://app/media/1');
    expect(response.status).toBe(200);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer()).equals(media)).toBe(true);
  });

  it('serves the requested byte range of a media file', async () => {
    const response = await get('lectern://app/media/1', { Range: 'bytes=100-199' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(Buffer.from(await response.arrayBuffer()).equals(media.subarray(100, 200))).toBe(true);
  });

  it('refuses a range past the end with 416', async () => {
    const response = await get('lectern://app/media/1', { Range: 'bytes=5000-' });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
  });

  it('serves media only for lectures in the library, saying why in words', async () => {
    const response = await get('lectern://app/media/2');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).message).toBe('No lecture with id 2.');
  });

  it('serves known thumbnails and 404s the rest', async () => {
    expect(await (await get('lectern://app/thumbnails/1/0')).text()).toBe('jpeg');
    expect((await get('lectern://app/thumbnails/1/5')).status).toBe(404);
  });

  it("serves a deck page's crisp picture and its thumbnail, and 404s other pages and shapes", async () => {
    expect(await (await get('lectern://app/pages/1/2')).text()).toBe('crisp page');
    expect(await (await get('lectern://app/pages/1/2/small')).text()).toBe('small page');
    for (const address of ['pages/1/3', 'pages/1/0', 'pages/1/2/big', 'pages/1/x', 'pages/1', 'pages/1/2/small/x']) {
      expect((await get(`lectern://app/${address}`)).status, address).toBe(404);
    }
  });
});

describe('the request handler behind the loopback host', () => {
  const call = (method: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
    http(
      new Request(`${WINDOW}/api/${method}`, {
        method: 'POST',
        headers: { 'X-Lectern-Token': TOKEN, 'Content-Type': 'application/json', ...init.headers },
        body: init.body ?? '{}',
      }),
    );
  const cookie = `lectern_token=${TOKEN}`;

  it('refuses a cross-site text/plain post that carries the session cookie (another 127.0.0.1 port)', async () => {
    // What `fetch(url, {mode: 'no-cors', credentials: 'include', method: 'POST', body})` sends from
    // http://127.0.0.1:5555: SameSite does not separate ports, so the cookie rides along.
    const response = await http(
      new Request(`${WINDOW}/api/setSettings`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: 'http://127.0.0.1:5555', 'Content-Type': 'text/plain;charset=UTF-8' },
        body: '{"chapterTargetSeconds": 60}',
      }),
    );
    expect(response.status).toBe(415);
    expect(settings.chapterTargetSeconds).toBe(300);
  });

  it('refuses a state change from another origin even as JSON, and one with neither Origin nor token header', async () => {
    const foreign = await http(
      new Request(`${WINDOW}/api/setSettings`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: 'http://127.0.0.1:5555', 'Content-Type': 'application/json' },
        body: '{"chapterTargetSeconds": 60}',
      }),
    );
    expect(foreign.status).toBe(403);
    const cookieOnly = await http(
      new Request(`${WINDOW}/api/setSettings`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json' },
        body: '{"chapterTargetSeconds": 60}',
      }),
    );
    expect(cookieOnly.status).toBe(403);
    expect(settings.chapterTargetSeconds).toBe(300);
  });

  it("accepts the window's own JSON calls, and a script's with the token header", async () => {
    const fromWindow = await http(
      new Request(`${WINDOW}/api/setSettings`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: WINDOW, 'Content-Type': 'application/json' },
        body: '{"chapterTargetSeconds": 60}',
      }),
    );
    expect(fromWindow.status).toBe(200);
    expect((await call('setSettings', { body: '{"chapterTargetSeconds": 90}' })).status).toBe(200);
    expect(settings.chapterTargetSeconds).toBe(90);
  });

  it('serves deck pages only to the signed-in window', async () => {
    expect((await http(new Request(`${WINDOW}/pages/1/2`))).status).toBe(401);
    expect((await http(new Request(`${WINDOW}/pages/1/2`, { headers: { cookie } }))).status).toBe(200);
  });

  it('lets reads through with the cookie alone (another site cannot read the answer)', async () => {
    const read = await http(
      new Request(`${WINDOW}/api/listFolders`, { method: 'POST', headers: { Cookie: cookie }, body: '{}' }),
    );
    expect(read.status).toBe(200);
  });

  it('answers a malformed %-escape with 400, not 500', async () => {
    expect((await http(new Request(`${WINDOW}/%ff`))).status).toBe(400);
    expect((await http(new Request(`${WINDOW}/assets/%E0%A4%A`))).status).toBe(400);
  });

  it('answers an oversized body with 413', async () => {
    const response = await call('setSettings', { body: JSON.stringify({ chapterTargetSeconds: 'x'.repeat(5000) }) });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('too-large');
  });

  it('answers a wrongly typed id with 400', async () => {
    const response = await call('getLecture', { body: '{"id": true}' });
    expect(response.status).toBe(400);
  });
});

describe('parseByteRange', () => {
  it('reads open, closed and suffix ranges', () => {
    expect(parseByteRange('bytes=0-', 10)).toEqual({ start: 0, end: 9 });
    expect(parseByteRange('bytes=2-4', 10)).toEqual({ start: 2, end: 4 });
    expect(parseByteRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseByteRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 });
  });
  it('ignores a missing or malformed header and rejects unsatisfiable ranges', () => {
    expect(parseByteRange(null, 10)).toBeNull();
    expect(parseByteRange('items=1-2', 10)).toBeNull();
    expect(parseByteRange('bytes=12-', 10)).toBe('invalid');
    expect(parseByteRange('bytes=6-3', 10)).toBe('invalid');
  });
});
