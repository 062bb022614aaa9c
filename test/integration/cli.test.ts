import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLectern, type LecternRun } from '../fixtures/run-lectern.ts';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';

const lectern = (home: string, ...args: string[]): Promise<LecternRun> => runLectern(home, args);

const covers = (spans: Array<{ start: number; end: number }>, duration: number) => {
  expect(spans[0].start).toBe(0);
  expect(spans[spans.length - 1].end).toBeCloseTo(duration, 2);
  for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBe(spans[i - 1].end);
  for (const span of spans) expect(span.end).toBeGreaterThan(span.start);
};

describe('the lectern command line', () => {
  let home: string;
  let folder: string;
  let video: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const a = await tempDir();
    const b = await tempDir();
    cleanups.push(a.cleanup, b.cleanup);
    home = a.dir;
    folder = b.dir;
    video = await copySample(sample, folder, 'Lecture 3');
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('index prints a summary and a second run skips what is unchanged', async () => {
    const first = await lectern(home, 'index', folder);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Indexed 1, unchanged 0, failed 0/);
    const second = await lectern(home, 'index', folder, '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ indexed: 0, unchanged: 1, failed: 0 });
  });

  it('chapters --json prints the documented shape, chapters and slides covering the whole duration', async () => {
    const run = await lectern(home, 'chapters', video, '--json');
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(Object.keys(output)).toEqual(['file', 'duration', 'chapters', 'slides']);
    expect(output.file).toBe(video);
    expect(output.duration).toBeGreaterThan(60);
    for (const chapter of output.chapters) expect(Object.keys(chapter)).toEqual(['start', 'end', 'title']);
    for (const slide of output.slides) expect(Object.keys(slide)).toEqual(['start', 'end', 'page']);
    covers(output.chapters, output.duration);
    covers(output.slides, output.duration);
    expect(output.slides).toHaveLength(6);
  });

  it('search --json returns best-first moments in the documented shape', async () => {
    const run = await lectern(home, 'search', 'gradient step size', '--in', video, '--limit', '3', '--json');
    expect(run.code).toBe(0);
    const { results } = JSON.parse(run.stdout);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(3);
    expect(Object.keys(results[0])).toEqual(['file', 'start', 'end', 'score', 'text']);
    expect(results[0].file).toBe(video);
    expect(results[0].text).toMatch(/step size|gradient/i);
    for (let i = 1; i < results.length; i++) expect(results[i].score).toBeLessThanOrEqual(results[i - 1].score);
  });

  it('export writes Markdown chapters', async () => {
    const out = path.join(folder, 'notes.md');
    const run = await lectern(home, 'export', video, '--format', 'md', '--out', out);
    expect(run.code).toBe(0);
    const markdown = await readFile(out, 'utf8');
    expect(markdown.startsWith('# Lecture 3\n')).toBe(true);
    expect(markdown).toMatch(/^## \[00:00:00\] /m);
  });

  it('says what is wrong in one line, without a stack trace, for user mistakes', async () => {
    const notes = path.join(folder, 'notes.txt');
    await writeFile(notes, 'hello');
    const cases = [
      await lectern(home, 'index', path.join(folder, 'no such folder')),
      await lectern(home, 'chapters', notes, '--json'),
      await lectern(home, 'search', 'x', '--in', path.join(folder, 'elsewhere.mp4')),
      await lectern(home, 'export', video, '--format', 'docx'),
    ];
    for (const run of cases) {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^lectern: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    }
    expect(cases[0].stderr).toMatch(/Folder not found/);
    expect(cases[1].stderr).toMatch(/Not a media file/);
    expect(cases[2].stderr).toMatch(/Not in the library/);
  });
});
