import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.ts';
import { replaceChapters, replaceSlides, replaceTranscript } from '../store/lecture-content-store.ts';
import { ensureLecture, setLectureMedia } from '../store/lectures-store.ts';
import { startHttpHost, type HttpHost } from './http-host.ts';
import { LecternService } from './lectern-service.ts';

const { WebVTTParser } = createRequire(import.meta.url)('webvtt-parser') as {
  WebVTTParser: new () => {
    parse(input: string, mode: string): { cues: Array<{ text: string }>; errors: unknown[] };
  };
};

describe('exporting a lecture through the service and GET /export/', () => {
  let dir: string;
  let db: Db;
  let service: LecternService;
  let host: HttpHost;
  let id: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-export-'));
    db = openDatabase(dir);
    service = new LecternService(db, dir);
    // A lecture as the pipeline leaves it (no media needed to export).
    const row = ensureLecture(db, path.join(dir, 'Lecture 3.mp4'), null, 'Lecture 3');
    id = row.id;
    setLectureMedia(db, id, { duration: 90, hasVideo: true, hasAudio: true });
    replaceTranscript(
      db,
      id,
      [
        { start: 1, end: 5, text: 'An eigenvector is a direction the matrix only stretches.' },
        { start: 50, end: 55, text: 'Cholesky factors a symmetric positive definite matrix.' },
      ],
      'sidecar',
    );
    replaceSlides(db, id, [
      { start: 0, end: 45, keyframe: null, thumbnail: null, title: 'Eigenvalues', text: 'Eigenvalues\nA v = λ v' },
      { start: 45, end: 90, keyframe: null, thumbnail: null, title: 'Cholesky', text: 'Cholesky\nA = L L^T' },
    ]);
    replaceChapters(
      db,
      id,
      [
        { start: 0, end: 45, title: 'Eigenvalues' },
        { start: 45, end: 90, title: 'Cholesky' },
      ],
      { k: 2, reason: 'test' },
    );
    host = await startHttpHost(service);
  });

  afterAll(async () => {
    await host?.close();
    db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = (url: string) => fetch(`${host.url}${url}`, { headers: { 'X-Lectern-Token': host.token } });

  it('renders every format, named after the lecture, with edited chapters in the exports', async () => {
    await service.editChapters({ lectureId: id, edit: { kind: 'rename', at: 60, title: 'Cholesky, by hand' } });
    const md = await service.exportLecture({ id, format: 'md' });
    expect(md).toMatchObject({ filename: 'Lecture 3.md', mime: 'text/markdown' });
    expect(md.content).toMatch(/^## \[00:00:45\] Cholesky, by hand$/m);
    const chapters = await service.exportLecture({ id, format: 'chapters-vtt' });
    expect(chapters.filename).toBe('Lecture 3.chapters.vtt');
    expect(new WebVTTParser().parse(chapters.content, 'chapters').cues.map((c) => c.text)).toEqual([
      'Eigenvalues',
      'Cholesky, by hand',
    ]);
    expect((await service.exportLecture({ id, format: 'vtt' })).filename).toBe('Lecture 3.transcript.vtt');
    expect((await service.exportLecture({ id, format: 'srt' })).mime).toBe('application/x-subrip');
    const json = JSON.parse((await service.exportLecture({ id, format: 'json' })).content);
    expect(json.lecture.chapters[1]).toMatchObject({ title: 'Cholesky, by hand', edited: true });
    await expect(service.exportLecture({ id, format: 'docx' as 'md' })).rejects.toThrow(/Unknown export format/);
  });

  it('serves each format by file ending or ?format=, as a download', async () => {
    const cases: Array<[string, string, string]> = [
      [`/export/${id}.md`, 'text/markdown; charset=utf-8', 'Lecture%203.md'],
      [`/export/${id}`, 'text/markdown; charset=utf-8', 'Lecture%203.md'],
      [`/export/${id}.chapters.vtt`, 'text/vtt; charset=utf-8', 'Lecture%203.chapters.vtt'],
      [`/export/${id}.transcript.vtt`, 'text/vtt; charset=utf-8', 'Lecture%203.transcript.vtt'],
      [`/export/${id}.srt`, 'application/x-subrip; charset=utf-8', 'Lecture%203.transcript.srt'],
      [`/export/${id}?format=json`, 'application/json; charset=utf-8', 'Lecture%203.json'],
    ];
    for (const [url, type, filename] of cases) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-disposition'), url).toBe(`attachment; filename*=UTF-8''${filename}`);
      expect((await response.text()).length, url).toBeGreaterThan(20);
    }
  });

  it('answers a wrong format, a wrong lecture or a missing token with an error in words', async () => {
    const bad = await get(`/export/${id}.docx`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad-format', message: 'Unknown export format: .docx' } });
    const named = await get(`/export/${id}?format=pdf`);
    expect((await named.json()).error.hint).toBe('Supported: md, chapters-vtt, vtt, srt, json');
    expect((await get('/export/9999.md')).status).toBe(404);
    expect((await get('/export/abc.md')).status).toBe(404);
    expect((await get(`/export/${id}/x.md`)).status).toBe(404);
    expect((await fetch(`${host.url}/export/${id}.md`)).status).toBe(401);
  });
});
