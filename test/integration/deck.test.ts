import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../../src-main/media/run-tool.ts';
import { CRISP_PAGE_SIZE } from '../../src-main/media/deck-page-image.ts';
import { imageSize } from '../../src-main/media/page-picture.ts';
import { ffmpegPath } from '../../src-main/media/ffmpeg-path.ts';
import { runLectern, type LecternRun } from '../fixtures/run-lectern.ts';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';
import { sampleLectureDeck, SLIDE_16_9 } from '../fixtures/sample-lecture-deck.ts';
import { writeTinyPdf, type PdfPageSpec } from '../fixtures/tiny-pdf.ts';

const lectern = (home: string, ...args: string[]): Promise<LecternRun> => runLectern(home, args);

/** An unrelated deck: another subject altogether. */
const otherDeck: PdfPageSpec[] = [
  {
    lines: [
      { text: 'Photosynthesis', size: 40, x: 50, y: 40 },
      { text: 'chlorophyll absorbs light', size: 24, x: 60, y: 140 },
    ],
  },
  {
    lines: [
      { text: 'Cellular Respiration', size: 40, x: 50, y: 40 },
      { text: 'mitochondria and glucose', size: 24, x: 60, y: 140 },
    ],
  },
  {
    lines: [
      { text: 'The Krebs Cycle', size: 40, x: 50, y: 40 },
      { text: 'citric acid and enzymes', size: 24, x: 60, y: 140 },
    ],
  },
];

interface ChaptersOutput {
  slides: Array<{ start: number; end: number; page: number | null }>;
}

describe('slide decks: attach, align, detach', () => {
  let home: string;
  let folder: string;
  let video: string;
  let voice: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const a = await tempDir();
    const b = await tempDir();
    cleanups.push(a.cleanup, b.cleanup);
    home = a.dir;
    folder = b.dir;
    video = await copySample(sample, folder, 'Lecture 3');
    const deck = writeTinyPdf(await sampleLectureDeck(), SLIDE_16_9);
    await writeFile(path.join(folder, 'Lecture 3.pdf'), deck);
    // The same lecture as a voice-only recording, its deck beside it.
    voice = path.join(folder, 'Lecture 3 audio.m4a');
    const made = await runTool(ffmpegPath(), ['-v', 'error', '-y', '-i', video, '-vn', '-c:a', 'aac', voice]);
    expect(made.code).toBe(0);
    await writeFile(path.join(folder, 'Lecture 3 audio.vtt'), await readFile(sample.subtitles));
    await writeFile(path.join(folder, 'Lecture 3 audio.pdf'), deck);
    await writeFile(path.join(folder, 'other.pdf'), writeTinyPdf(otherDeck));
    await writeFile(path.join(folder, 'damaged.pdf'), deck.subarray(0, 60));
  }, 180_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  const chapters = async (file: string): Promise<ChaptersOutput> => {
    const run = await lectern(home, 'chapters', file, '--json');
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as ChaptersOutput;
  };

  it('index picks up <stem>.pdf and places each slide span on its page', async () => {
    const run = await lectern(home, 'index', folder);
    expect(run.code, run.stderr).toBe(0);
    const output = await chapters(video);
    expect(output.slides.map((s) => s.page)).toEqual([1, 2, 3, 4, 5, 6]);
  }, 240_000);

  it('gives a voice-only recording slide spans from its deck, in order', async () => {
    const output = await chapters(voice);
    const pages = output.slides.map((s) => s.page);
    expect(pages[0]).toBe(1);
    expect(pages).toContain(6);
    for (let i = 1; i < pages.length; i++) expect(pages[i]!).toBeGreaterThan(pages[i - 1]!);
    expect(output.slides[0].start).toBe(0);
  }, 120_000);

  it("puts the deck's page text into a voice-only lecture's Markdown notes", async () => {
    const out = path.join(folder, 'audio-notes.md');
    const run = await lectern(home, 'export', voice, '--format', 'md', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const markdown = await readFile(out, 'utf8');
    expect(markdown).toMatch(/\*\*On the slides\*\*/);
    expect(markdown).toMatch(/Cholesky Factorisation/);
  }, 120_000);

  it('export --images puts the crisp page pictures beside the notes and shows them under their slides', async () => {
    const out = path.join(folder, 'notes', 'lecture.md');
    const run = await lectern(home, 'export', video, '--format', 'md', '--images', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const markdown = await readFile(out, 'utf8');
    const shown = [...markdown.matchAll(/!\[Slide, page (\d+)\]\(([^)]+)\)/g)];
    expect(shown.map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [, page, href] of shown) {
      expect(href).toBe(`slides/Lecture%203%20-%20page%20${page}.jpg`);
      const picture = await imageSize(path.join(folder, 'notes', decodeURIComponent(href)));
      expect(picture?.width).toBe(CRISP_PAGE_SIZE);
    }
    const refused = await lectern(home, 'export', video, '--format', 'srt', '--images');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--images goes with Markdown notes/);
  }, 120_000);

  it('detach forgets the deck (the sidecar too) and re-runs only the deck stage', async () => {
    const run = await lectern(home, 'detach', video, '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ deck: null });
    expect(run.stderr).not.toMatch(/chapters ✓|reading slides ✓/);
    expect((await chapters(video)).slides.every((s) => s.page === null)).toBe(true);
  }, 120_000);

  it("reports another lecture's deck instead of attaching it", async () => {
    const run = await lectern(home, 'attach', video, path.join(folder, 'other.pdf'), '--json');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/do not seem to belong to this lecture/);
    expect((await chapters(video)).slides.every((s) => s.page === null)).toBe(true);
  }, 120_000);

  it('refuses a damaged PDF with a clear message and keeps the lecture working', async () => {
    const run = await lectern(home, 'attach', video, path.join(folder, 'damaged.pdf'));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/lectern: Cannot read the slides damaged\.pdf/);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect((await chapters(video)).slides.length).toBe(6);
  }, 120_000);

  it('attach by hand brings the pages back', async () => {
    const run = await lectern(home, 'attach', video, path.join(folder, 'Lecture 3.pdf'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Attached Lecture 3\.pdf \(6 pages/);
    expect((await chapters(video)).slides.map((s) => s.page)).toEqual([1, 2, 3, 4, 5, 6]);
  }, 120_000);
});
