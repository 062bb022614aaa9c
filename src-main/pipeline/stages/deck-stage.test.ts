import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/fixtures/sample-media.ts';
import { writeTinyPdf } from '../../../test/fixtures/tiny-pdf.ts';
import { ffmpegPath } from '../../media/ffmpeg-path.ts';
import { runTool } from '../../media/run-tool.ts';
import { openDatabase, type Db } from '../../store/database.ts';
import { readDeck, readDeckPages, readDeckSpans, writeDeckChoice } from '../../store/deck-store.ts';
import { addChapterEdit, readChapters, rebuildChapters } from '../../store/lecture-content-store.ts';
import { closeEngines } from '../engine-registry.ts';
import { indexLecture } from '../lecture-indexer.ts';

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

const VTT = `WEBVTT

00:00.000 --> 00:05.000
Plants turn light into sugar through photosynthesis.

00:05.000 --> 00:10.000
Chlorophyll absorbs the light in the leaf.

00:10.000 --> 00:15.000
Cellular respiration then burns the glucose.

00:15.000 --> 00:20.000
It happens in the mitochondria and needs oxygen.
`;

describe('deck stage', () => {
  let db: Db;
  let audio: string;
  let dataDir: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const media = await tempDir();
    const data = await tempDir();
    cleanups.push(media.cleanup, data.cleanup);
    dataDir = data.dir;
    audio = path.join(media.dir, 'biology.wav');
    const silence = await runTool(ffmpegPath(), [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '20', audio],
    ]);
    if (silence.code !== 0) throw new Error(silence.stderr);
    writeFileSync(path.join(media.dir, 'biology.vtt'), VTT);
    // Page 1 is a scan: a picture of its text and no text layer. Page 2 has a text layer.
    const text = path.join(media.dir, 'page1.txt');
    writeFileSync(text, 'Photosynthesis\nChlorophyll absorbs light');
    const picture = await runTool(ffmpegPath(), [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'color=c=white:s=960x720'],
      ...['-vf', `drawtext=fontfile=${FONT}:textfile=${text}:fontsize=56:fontcolor=black:x=60:y=80:line_spacing=30`],
      ...['-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    ]);
    if (picture.code !== 0) throw new Error(picture.stderr);
    writeFileSync(
      path.join(media.dir, 'biology.pdf'),
      writeTinyPdf([
        { image: { width: 960, height: 720, rgb: picture.stdout } },
        {
          lines: [
            { text: 'Cellular Respiration', size: 40, x: 50, y: 40 },
            { text: 'glucose burns in the mitochondria with oxygen', size: 22, x: 60, y: 140 },
          ],
        },
      ]),
    );
    db = openDatabase(dataDir);
  }, 60_000);

  afterAll(async () => {
    db?.close();
    await closeEngines();
    for (const cleanup of cleanups) await cleanup();
  });

  it('reads a page without a text layer by OCR and places a voice-only lecture on the pages', async () => {
    const outcome = await indexLecture({
      db,
      dataDir,
      file: audio,
      folderId: null,
      settings: { chapterTargetSeconds: { min: 5, max: 20 } },
    });
    expect(outcome.status).toBe('indexed');
    const lectureId = outcome.lectureId!;
    const pages = readDeckPages(db, lectureId);
    expect(pages.map((p) => p.textSource)).toEqual(['ocr', 'text-layer']);
    expect(pages[0].text).toMatch(/Photosynthesis/);
    expect(pages[1].title).toBe('Cellular Respiration');
    expect(pages.every((p) => p.image && existsSync(p.image))).toBe(true);
    expect(readDeck(db, lectureId)).toMatchObject({ attached: true, pageCount: 2 });
    expect(readDeckSpans(db, lectureId)).toEqual([
      { start: 0, end: 10, page: 1 },
      { start: 10, end: 20, page: 2 },
    ]);
  }, 120_000);

  it("titles the chapters from the placed pages' titles; detaching brings the spoken titles back, edits stay", async () => {
    // Two chapters asked for: new chapters re-run the deck stage, which titles them.
    const settings = { chapterTargetSeconds: { min: 5, max: 20 }, requestedChapters: 2 };
    const index = () => indexLecture({ db, dataDir, file: audio, folderId: null, settings });
    const first = await index();
    expect(first.status === 'indexed' && first.ran).toEqual(['segment', 'deck']);
    const lectureId = first.lectureId!;
    const withDeck = readChapters(db, lectureId);
    expect(withDeck).toHaveLength(2);
    const pageTitles = readDeckPages(db, lectureId).map((p) => p.title);
    for (const chapter of withDeck) expect(pageTitles).toContain(chapter.title);
    expect(withDeck.map((c) => c.title)).toEqual([pageTitles[0], 'Cellular Respiration']);

    // A student's rename survives the deck coming and going.
    addChapterEdit(db, lectureId, { kind: 'rename', at: withDeck.at(-1)!.start, title: 'My own title' });
    rebuildChapters(db, lectureId);
    writeDeckChoice(db, lectureId, { kind: 'detached' });
    const detached = await index();
    expect(detached.status === 'indexed' && detached.ran).toEqual(['deck']);
    const spoken = readChapters(db, lectureId);
    expect(spoken.map((c) => c.start)).toEqual(withDeck.map((c) => c.start));
    expect(pageTitles).not.toContain(spoken[0].title);
    expect(spoken.at(-1)).toMatchObject({ title: 'My own title', edited: true });

    writeDeckChoice(db, lectureId, { kind: 'attached', path: path.join(path.dirname(audio), 'biology.pdf') });
    await index();
    expect(readChapters(db, lectureId).map((c) => c.title)).toEqual([
      ...withDeck.slice(0, -1).map((c) => c.title),
      'My own title',
    ]);
  }, 120_000);
});
