import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptWindows } from '../core/transcript-windows.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { replaceChapters, replaceSlides, replaceTranscript } from '../store/lecture-content-store.ts';
import { ensureLecture } from '../store/lectures-store.ts';
import { replaceVectors } from '../store/vectors-store.ts';
import { MomentSearch } from './moment-search.ts';

const said = (texts: string[]) => texts.map((text, i) => ({ start: i * 10, end: i * 10 + 9, text }));

const LECTURES = [
  [
    'Today we look at gradient descent and its step size.',
    'The step size decides how fast gradient descent converges.',
    'Momentum helps in narrow valleys where plain descent zigzags.',
    'In 1964 Polyak described the heavy ball method.',
  ],
  [
    'An eigenvector keeps its direction under the matrix.',
    'Its eigenvalue says how much it stretches.',
    'The characteristic polynomial gives every eigenvalue at once.',
    'Symmetric matrices have real eigenvalues and orthogonal eigenvectors.',
  ],
  [
    'A camera obscura is a dark room with a tiny hole in the wall.',
    'The image on the far wall is upside down.',
    'A lens lets more light through than a pinhole does.',
    'The focal length says where parallel rays meet.',
  ],
];

const QUERIES = [
  'how fast does gradient descent converge',
  'which vector keeps its direction',
  'dark room with a tiny hole',
  'eigenvalus of a symetric matrix',
  'who described the heavy ball method and when',
  'focal length of a lens',
  'nothing here matches xyzzy',
];

describe('moment search with its lexical half in a worker thread', () => {
  let dir: string;
  let db: Db;
  let search: MomentSearch;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-lexical-thread-'));
    db = openDatabase(dir);
    LECTURES.forEach((texts, n) => {
      const id = ensureLecture(db, `/library/lecture-${n}.mp4`, null, `Lecture ${n}`).id;
      const cues = said(texts);
      replaceTranscript(db, id, cues, 'test');
      // The last lecture has no windows: its spoken text is found through its cues.
      if (n < LECTURES.length - 1) {
        replaceVectors(
          db,
          id,
          'window',
          transcriptWindows(cues).map((w) => ({ ...w, model: 'test', vector: new Float32Array([1, 0]) })),
        );
      }
      replaceSlides(db, id, [
        {
          start: 0,
          end: 20,
          keyframe: null,
          thumbnail: null,
          title: texts[0].split(' ').slice(0, 4).join(' '),
          text: texts[1],
        },
        { start: 20, end: 40, keyframe: null, thumbnail: null, title: null, text: texts[3] },
      ]);
      replaceChapters(db, id, [{ start: 0, end: 40, title: texts[2].split(' ').slice(0, 5).join(' ') }], {
        k: 1,
        reason: 'test',
      });
    });
    // No text encoder: only the lexical half and what follows it run.
    search = new MomentSearch(db, { text: () => Promise.reject(new Error('no text encoder')) });
  });

  afterAll(async () => {
    await search?.close();
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Searches on the worker thread, once it has started (until then a search runs on this thread). */
  async function onThread(query: string, options: { lectureId?: number } = {}) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const moments = await search.search(query, options, { lexicalThread: true });
      if (search.lastTimings?.lexicalOnThread) return moments;
      if (Date.now() > deadline) throw new Error('the lexical worker did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('returns exactly the moments the search finds on its own thread, in the library and in one lecture', async () => {
    for (const query of QUERIES) {
      const away = await onThread(query);
      const here = await search.search(query, {}, { lexicalThread: false });
      expect(search.lastTimings?.lexicalOnThread).toBe(false);
      expect(away).toEqual(here);
      const lectureId = here[0]?.lectureId ?? 1;
      expect(await onThread(query, { lectureId })).toEqual(
        await search.search(query, { lectureId }, { lexicalThread: false }),
      );
    }
    expect((await onThread('which vector keeps its direction'))[0].text).toContain('eigenvector');
    expect((await onThread('dark room with a tiny hole'))[0].lectureId).toBe(3);
  });

  it('sees what the library gained after the worker started', async () => {
    const added = ensureLecture(db, '/library/added.mp4', null, 'Added').id;
    const cues = said(['Backpropagation applies the chain rule layer by layer.']);
    replaceTranscript(db, added, cues, 'test');
    replaceVectors(
      db,
      added,
      'window',
      transcriptWindows(cues).map((w) => ({ ...w, model: 'test', vector: new Float32Array([1, 0]) })),
    );
    const [top] = await onThread('chain rule in backpropagation');
    expect(top).toMatchObject({ lectureId: added, start: 0, end: 9 });
  });
});
