import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLOURS, installTinyClip } from '../../test/fixtures/tiny-clip.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { replaceSlides } from '../store/lecture-content-store.ts';
import { ensureLecture, setLectureMedia, setLectureStatus } from '../store/lectures-store.ts';
import { replaceVectors } from '../store/vectors-store.ts';
import { imageEmbedderChoice } from '../pipeline/embedder-choice.ts';
import { closeEngines, sharedImageEmbedder, sharedTextAlignedImageEmbedder } from '../pipeline/engine-registry.ts';
import { libraryEmbedders, MomentSearch } from './moment-search.ts';

/** "navy" must find the navy slide through its picture alone: no slide text or speech says it. */
describe('moment search matches words to slide pictures when a CLIP-class model is installed', () => {
  let dataDir: string;
  let db: Db;
  let lectureId: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lectern-pictures-'));
    installTinyClip(dataDir);
    db = openDatabase(dataDir);
    lectureId = ensureLecture(db, '/library/colours.mp4', null, 'Colours').id;
    setLectureMedia(db, lectureId, { duration: 180, hasVideo: true, hasAudio: false });
    const slides = Object.keys(COLOURS).map((colour, i) => ({
      start: i * 60,
      end: i * 60 + 60,
      keyframe: null,
      thumbnail: null,
      title: `Part ${i + 1}`,
      text: 'Notes for this part',
    }));
    replaceSlides(db, lectureId, slides);
    // The slides' pictures, embedded by the installed model as the embed stage would.
    const pictures = await sharedImageEmbedder(dataDir);
    const frames = await Promise.all(
      Object.values(COLOURS).map(([r, g, b]) =>
        sharp({ create: { width: 320, height: 180, channels: 3, background: { r, g, b } } })
          .png()
          .toBuffer(),
      ),
    );
    const vectors = await pictures.embedImages(frames);
    replaceVectors(
      db,
      lectureId,
      'slide-image',
      slides.map((s, i) => ({ start: s.start, end: s.end, text: '', model: pictures.id, vector: vectors[i] })),
    );
    setLectureStatus(db, lectureId, 'ready');
  }, 60_000);

  afterAll(async () => {
    db?.close();
    await closeEngines();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('chooses the installed model over the built-in slide descriptor', () => {
    expect(imageEmbedderChoice(dataDir).key).toBe('clip-vit-base-patch32');
    expect(imageEmbedderChoice(undefined).key).toBe('default');
  });

  it('lands on the slide whose picture the query names, saying it matched on the slide', async () => {
    const search = new MomentSearch(db, libraryEmbedders(dataDir));
    for (const [colour, i] of Object.keys(COLOURS).map((c, k) => [c, k] as const)) {
      const [top] = await search.search(colour, { lectureId });
      expect(top, colour).toMatchObject({ start: i * 60, end: i * 60 + 60 });
      expect(top.why).toContain('on slide');
    }
  }, 60_000);

  it('finds the pictures without a text encoder too, and nothing without the picture model (no words match)', async () => {
    const noText = () => Promise.reject(new Error('no text encoder'));
    const picturesOnly = new MomentSearch(db, {
      text: noText,
      pictures: () => sharedTextAlignedImageEmbedder(dataDir),
    });
    expect((await picturesOnly.search('navy', { lectureId }))[0]).toMatchObject({ start: 120, end: 180 });
    const plain = new MomentSearch(db, { text: noText });
    expect(await plain.search('navy', { lectureId })).toEqual([]);
  });
});
