import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../src-main/api/http-host.ts';
import { LecternService } from '../../src-main/api/lectern-service.ts';
import type { ApiErrorBody, LectureDetail, LectureSummary, ProgressEvent } from '../../src-main/api/contract.ts';
import { openDatabase, type Db } from '../../src-main/store/database.ts';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';

describe('the loopback HTTP host', () => {
  let host: HttpHost;
  let db: Db;
  let service: LecternService;
  let folder: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const media = await tempDir();
    const data = await tempDir();
    cleanups.push(media.cleanup, data.cleanup);
    folder = media.dir;
    await copySample(sample, folder, 'lecture');
    db = openDatabase(data.dir);
    service = new LecternService(db, data.dir);
    host = await startHttpHost(service);
  }, 120_000);

  afterAll(async () => {
    await host?.close();
    db?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  const api = (method: string, params: unknown = {}, token: string | null = host.token) =>
    fetch(`${host.url}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Lectern-Token': token } : {}) },
      body: JSON.stringify(params),
    });

  it('listens on 127.0.0.1 only and refuses calls without the per-run token', async () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    expect((await api('listFolders', {}, null)).status).toBe(401);
    expect((await api('listFolders', {}, 'f'.repeat(host.token.length))).status).toBe(401);
    expect((await api('listFolders')).status).toBe(200);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request(
        `${host.url}/api/listFolders`,
        { method: 'POST', headers: { Host: 'evil.example', 'X-Lectern-Token': host.token } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('adds a folder, streams progress as server-sent events, and lists the indexed lecture', async () => {
    const events: ProgressEvent[] = [];
    const controller = new AbortController();
    const stream = await fetch(`${host.url}/api/events`, {
      headers: { 'X-Lectern-Token': host.token },
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type === 'progress' && data) events.push(JSON.parse(data));
          if (events.some((e) => e.stage === 'done')) return;
        }
      }
    })().catch(() => undefined);
    const added = await api('addFolder', { path: folder });
    expect(added.status).toBe(200);
    await Promise.race([reading, new Promise((r) => setTimeout(r, 90_000))]);
    controller.abort();
    for (let i = 0; i < 600; i++) {
      const jobs = await (await api('getJobs')).json();
      if (!jobs.running && jobs.queued === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(events.map((e) => e.stage)).toEqual(expect.arrayContaining(['probe', 'frames', 'segment', 'done']));
    const lectures = (await (await api('listLectures')).json()) as LectureSummary[];
    expect(lectures).toHaveLength(1);
    expect(lectures[0]).toMatchObject({ status: 'ready', title: 'lecture' });
    const detail = (await (await api('getLecture', { id: lectures[0].id })).json()) as LectureDetail;
    expect(detail.chapters.length).toBeGreaterThan(0);
    expect(detail.mediaUrl).toBe(`/media/${lectures[0].id}`);
  });

  it('serves library media with range requests, and nothing outside the library', async () => {
    const [lecture] = (await (await api('listLectures')).json()) as LectureSummary[];
    const partial = await fetch(`${host.url}/media/${lecture.id}`, {
      headers: { 'X-Lectern-Token': host.token, Range: 'bytes=100-199' },
    });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toMatch(/^bytes 100-199\/\d+$/);
    expect((await partial.arrayBuffer()).byteLength).toBe(100);
    const unknown = await fetch(`${host.url}/media/9999`, { headers: { 'X-Lectern-Token': host.token } });
    expect(unknown.status).toBe(404);
    const traversal = await fetch(`${host.url}/media/..%2F..%2Fetc%2Fpasswd`, {
      headers: { 'X-Lectern-Token': host.token },
    });
    expect(traversal.status).toBe(404);
    const noToken = await fetch(`${host.url}/media/${lecture.id}`);
    expect(noToken.status).toBe(401);
  });

  it('answers user mistakes with a JSON error in words', async () => {
    const missing = await api('addFolder', { path: path.join(folder, 'nope') });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ApiErrorBody).error).toMatchObject({ code: 'folder-missing' });
    const unknown = await api('dropDatabase');
    expect(unknown.status).toBe(404);
    const notFound = await api('getLecture', { id: 12345 });
    expect(notFound.status).toBe(404);
    const notAnId = await api('getLecture', { id: true });
    expect(notAnId.status).toBe(400);
    for (const limit of [-1, 0, 'abc']) {
      const badLimit = await api('search', { query: 'eigenvalues', limit });
      expect(badLimit.status).toBe(400);
      expect(((await badLimit.json()) as ApiErrorBody).error.message).toMatch(/limit/);
    }
    const inherited = await fetch(`${host.url}/api/setSettings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': host.token },
      body: '{"constructor": 60}',
    });
    expect(inherited.status).toBe(400);
  });

  it('trades the token in the open link for an HttpOnly session cookie', async () => {
    const res = await fetch(host.openUrl, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const withCookie = await fetch(`${host.url}/api/listFolders`, {
      method: 'POST',
      headers: { Cookie: cookie.split(';')[0] },
      body: '{}',
    });
    expect(withCookie.status).toBe(200);
  });
});
