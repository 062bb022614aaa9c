import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/fixtures/sample-media.ts';
import { ffmpegPath } from '../../media/ffmpeg-path.ts';
import { runTool } from '../../media/run-tool.ts';
import { openDatabase, type Db } from '../../store/database.ts';
import { readSlides } from '../../store/lecture-content-store.ts';
import { stageSummary } from '../../store/stage-runs-store.ts';
import { closeEngines } from '../engine-registry.ts';
import { indexLecture } from '../lecture-indexer.ts';

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

describe('ocr stage', () => {
  let db: Db;
  let video: string;
  let dataDir: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const media = await tempDir();
    const data = await tempDir();
    cleanups.push(media.cleanup, data.cleanup);
    dataDir = data.dir;
    // Three slides of six seconds: Photosynthesis, Respiration, then Photosynthesis again.
    const slide = (word: string, colour: string) => {
      const text = path.join(media.dir, `${word}.txt`);
      writeFileSync(text, word);
      return `color=c=${colour}:s=640x360:d=6:r=5,drawtext=fontfile=${FONT}:textfile=${text}:fontsize=48:fontcolor=white:x=40:y=140`;
    };
    video = path.join(media.dir, 'returning slide.mp4');
    const made = await runTool(ffmpegPath(), [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', slide('Photosynthesis', 'navy')],
      ...['-f', 'lavfi', '-i', slide('Respiration', 'darkgreen')],
      ...['-f', 'lavfi', '-i', slide('Photosynthesis', 'navy')],
      ...['-filter_complex', '[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]', '-map', '[v]'],
      ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '10', video],
    ]);
    if (made.code !== 0) throw new Error(made.stderr);
    db = openDatabase(dataDir);
  }, 60_000);

  afterAll(async () => {
    db?.close();
    await closeEngines();
    for (const cleanup of cleanups) await cleanup();
  });

  it('reads a slide shown again once and gives both showings its text', { timeout: 120_000 }, async () => {
    const outcome = await indexLecture({
      db,
      dataDir,
      file: video,
      folderId: null,
      settings: { chapterTargetSeconds: { min: 5, max: 20 } },
    });
    expect(outcome.status).toBe('indexed');
    const slides = readSlides(db, outcome.lectureId!);
    expect(slides).toHaveLength(3);
    expect(slides[0].text).toMatch(/Photosynthesis/);
    expect(slides[1].text).toMatch(/Respiration/);
    expect(slides[2].text).toBe(slides[0].text);
    expect(slides[2].title).toBe(slides[0].title);
    expect(stageSummary<{ repeats: number }>(db, outcome.lectureId!, 'ocr')?.repeats).toBe(1);
  });
});
