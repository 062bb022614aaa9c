import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../api/content-security-policy.ts';
import { UserError } from '../core/user-error.ts';
import { parseByteRange, respond, type AppFiles } from './app-protocol.ts';

let dir: string;
let files: AppFiles;
const media = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-protocol-'));
  const rendererDir = path.join(dir, 'dist-renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Lectern</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the window');
  await writeFile(path.join(dir, 'lecture.mp4'), media);
  await writeFile(path.join(dir, 'thumb.jpg'), 'jpeg');
  files = {
    rendererDir,
    mediaFile: (id) => {
      if (id !== 1) throw new UserError('not-found', `No lecture with id ${id}.`);
      return path.join(dir, 'lecture.mp4');
    },
    thumbnailFile: (id, idx) => (id === 1 && idx === 0 ? path.join(dir, 'thumb.jpg') : null),
  };
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const get = (url: string, headers: Record<string, string> = {}) => respond(new Request(url, { headers }), files);

describe('lectern://app protocol', () => {
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

  it('answers other hosts with 404', async () => {
    expect((await get('lectern://media/1')).status).toBe(404);
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

  it('serves media only for lectures in the library', async () => {
    const response = await get('lectern://app/media/2');
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('No lecture with id 2.');
  });

  it('serves known thumbnails and 404s the rest', async () => {
    expect(await (await get('lectern://app/thumbnails/1/0')).text()).toBe('jpeg');
    expect((await get('lectern://app/thumbnails/1/5')).status).toBe(404);
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
