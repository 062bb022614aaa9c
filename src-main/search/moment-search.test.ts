import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptWindows } from '../core/transcript-windows.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { replaceTranscript } from '../store/lecture-content-store.ts';
import { ensureLecture } from '../store/lectures-store.ts';
import { replaceVectors } from '../store/vectors-store.ts';
import { capQuery, MAX_QUERY_WORDS } from '../core/grounding-query-cap.ts';
import { MomentSearch } from './moment-search.ts';

const said = (texts: string[]) => texts.map((text, i) => ({ start: i * 10, end: i * 10 + 9, text }));

describe('moment search when a lecture has no transcript windows (its text embedding failed)', () => {
  let dir: string;
  let db: Db;
  let embedded: number;
  let bare: number;
  // No text encoder: the dense half is off, as it is when the encoder cannot start.
  const search = () => new MomentSearch(db, { text: () => Promise.reject(new Error('no text encoder')) });

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-bare-'));
    db = openDatabase(dir);
    embedded = ensureLecture(db, '/library/embedded.mp4', null, 'Embedded').id;
    bare = ensureLecture(db, '/library/bare.mp4', null, 'Bare').id;
    const first = said([
      'Today we look at gradient descent.',
      'The step size decides how fast it converges.',
      'Momentum helps in narrow valleys.',
    ]);
    replaceTranscript(db, embedded, first, 'test');
    replaceVectors(
      db,
      embedded,
      'window',
      transcriptWindows(first).map((w) => ({ ...w, model: 'test', vector: new Float32Array([1, 0]) })),
    );
    replaceTranscript(
      db,
      bare,
      said([
        'Welcome back everyone.',
        'An eigenvector keeps its direction under the matrix.',
        'Its eigenvalue says how much it stretches.',
      ]),
      'test',
    );
  });

  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warms up with whole searches, which leave what a question then finds as it was', async () => {
    const warmed = search();
    const asked: string[] = [];
    const run = warmed.search.bind(warmed);
    warmed.search = (question, options, tuning) => {
      asked.push(question);
      return run(question, options, tuning);
    };
    await warmed.warm();
    expect(asked.length).toBeGreaterThanOrEqual(5);
    const found = await warmed.search('which vector keeps its direction');
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(await search().search('which vector keeps its direction'));
  });

  it('finds what was said in it from its transcript cues, in the library and in the lecture', async () => {
    const [top] = await search().search('which vector keeps its direction');
    expect(top).toMatchObject({ lectureId: bare, start: 10, end: 19, why: ['spoken'] });
    expect(top.text).toBe('An eigenvector keeps its direction under the matrix.');
    const [scoped] = await search().search('how much does it stretch', { lectureId: bare });
    expect(scoped).toMatchObject({ lectureId: bare, start: 20, end: 29 });
  });

  it('still searches the windows of the lectures that have them', async () => {
    const [top] = await search().search('momentum in a narrow valley');
    expect(top.lectureId).toBe(embedded);
    expect(top.text).toContain('Momentum');
  });

  it('stops using the cues once the lecture has windows', async () => {
    const moments = search();
    expect((await moments.search('eigenvalue stretches')).some((m) => m.lectureId === bare)).toBe(true);
    replaceVectors(db, bare, 'window', [
      { start: 0, end: 9, text: 'Welcome back everyone.', model: 'test', vector: new Float32Array([0, 1]) },
    ]);
    expect((await moments.search('eigenvalue stretches')).some((m) => m.lectureId === bare)).toBe(false);
  });

  it('caps a pasted page to its first words before the encoder or the index sees it, however it is called', async () => {
    const seen: string[] = [];
    const recording = new MomentSearch(db, {
      text: async () => ({
        id: 'test',
        dim: 2,
        embed: async (texts: string[]) => {
          seen.push(...texts);
          return texts.map(() => new Float32Array([1, 0]));
        },
        close: async () => undefined,
      }),
    });
    const page = `momentum ${'gradient descent converges slowly '.repeat(3000)}${'x'.repeat(100_000)}`;
    const started = performance.now();
    const moments = await recording.search(page);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(seen).toEqual([capQuery(page).text]);
    expect(seen[0].split(' ')).toHaveLength(MAX_QUERY_WORDS);
    expect(moments[0].lectureId).toBe(embedded);
  });
});

/**
 * A library of one lecture with only these sentences, set up before the describe's tests and
 * removed after them, searched within the lecture without a text encoder (the lexical half).
 */
function spokenLecture(file: string, sentences: Array<{ start: number; end: number; text: string }>) {
  let dir = '';
  let db: Db | null = null;
  let lecture = 0;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-spoken-'));
    db = openDatabase(dir);
    lecture = ensureLecture(db, file, null, 'Photovoltaics').id;
    replaceTranscript(db, lecture, sentences, 'test');
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return (question: string) =>
    new MomentSearch(db!, { text: () => Promise.reject(new Error('no text encoder')) }).search(question, {
      lectureId: lecture,
    });
}

describe('moment search and the notice read out at a recording’s start', () => {
  const search = spokenLecture('/library/ocw.mp4', [
    { start: 0, end: 4, text: 'The following content is provided under a Creative Commons license.' },
    { start: 4, end: 11, text: 'Your support will help MIT OpenCourseWare offer educational resources for free.' },
    {
      start: 11,
      end: 19,
      text: 'To make a donation or view materials from hundreds of MIT courses, visit MIT OpenCourseWare.',
    },
    { start: 40, end: 48, text: 'Welcome to lecture two of this course on photovoltaics.' },
    { start: 90, end: 98, text: 'Sunlight reaching the ground depends on the air mass.' },
  ]);

  it('never answers with the licence notice, though it opens the lecture and shares its words', async () => {
    const moments = await search('which lecture of the course is this');
    expect(moments[0]).toMatchObject({ start: 40 });
    expect(moments.some((m) => /Creative Commons|donation/.test(m.text))).toBe(false);
  });

  it('answers with it when the question asks about the licence', async () => {
    const [top] = await search('what licence is the content provided under');
    expect(top.text).toContain('Creative Commons');
  });
});

describe('moment search and a question that only mentions the lecture', () => {
  const search = spokenLecture('/library/pv.mp4', [
    { start: 2, end: 9, text: 'Welcome to this class on photovoltaics, where we look at solar cells.' },
    { start: 60, end: 68, text: 'Sunlight reaching the ground depends on the air mass.' },
    { start: 150, end: 158, text: 'A solar cell loses efficiency when it gets hot.' },
  ]);

  it('answers where the topic is, not at the opening where the lecture names itself', async () => {
    for (const [question, start] of [
      ['in this class, what makes a solar cell lose efficiency', 150],
      ['what do we do when solar cells get hot', 150],
      ['in this class, what does sunlight depend on', 60],
    ] as const) {
      const [top] = await search(question);
      expect({ question, start: top.start }).toEqual({ question, start });
    }
  });

  it('marks the question’s words in each result, as the search matched them, and no function word', async () => {
    const [top] = await search('in this class, what makes a solar cell lose efficiency');
    expect(top.marks!.map(([start, end]) => top.text.slice(start, end))).toEqual([
      'solar',
      'cell',
      'loses',
      'efficiency',
    ]);
  });

  it('still answers a question about the lecture itself at its opening', async () => {
    const [top] = await search('what is this class about');
    expect(top.start).toBe(2);
  });
});

describe('moment search and a question about the lecture that shares no word with its opening', () => {
  const search = spokenLecture('/library/intro.mp4', [
    { start: 3, end: 8, text: 'Good morning, I am Jane Doe, and I will be with you all term.' },
    { start: 200, end: 208, text: 'Photovoltaic cells turn light into electricity.' },
    { start: 400, end: 408, text: 'The course project is due at the end of term.' },
  ]);

  it('still finds the answer at the opening, which neither half retrieves', async () => {
    const [top] = await search('who teaches this course');
    expect(top).toMatchObject({ start: 3 });
    expect(top.why).toContain('lecture opening');
  });

  it('says "lecture opening" only for a question about the lecture', async () => {
    const results = await search('when is the course project due');
    expect(results[0]).toMatchObject({ start: 400 });
    expect(results.flatMap((r) => r.why)).not.toContain('lecture opening');
  });
});

describe('moment search and a question about a lecture shorter than its opening', () => {
  const search = spokenLecture('/library/short.mp4', [
    { start: 3, end: 8, text: 'Good morning, I am Jane Doe.' },
    { start: 20, end: 28, text: 'Photovoltaic cells turn light into electricity.' },
  ]);

  it('adds no empty moment past its end', async () => {
    const moments = await search('who teaches this course');
    expect(moments.map((m) => m.start)).toEqual([3]);
  });
});

describe('moment search and British or American spelling', () => {
  const search = spokenLecture('/library/numerics.mp4', [
    { start: 0, end: 8, text: 'Welcome back to numerical methods.' },
    { start: 30, end: 38, text: 'Now let us turn to the Cholesky factorisation of a symmetric matrix.' },
    { start: 60, end: 68, text: 'The colour of each cell shows the size of the entry.' },
    { start: 90, end: 98, text: 'Gradient descent is the workhorse of optimisation.' },
    { start: 120, end: 128, text: 'Then we work with the normalized vectors.' },
    { start: 150, end: 158, text: 'We keep the factor and reuse it for every factor we need.' },
  ]);

  it('finds a word said one way from a question that spells it the other way, and marks it', async () => {
    for (const [question, start, word] of [
      ['factorization', 30, 'factorisation'],
      ['color', 60, 'colour'],
      ['optimization', 90, 'optimisation'],
      ['normalised', 120, 'normalized'],
    ] as const) {
      const [top] = await search(question);
      const marked = top ? top.marks!.map(([from, to]) => top.text.slice(from, to)) : [];
      expect({ question, start: top?.start, marked }).toEqual({ question, start, marked: [word] });
    }
  });

  it('does not take "factorization" for "factor", as the stemmer does with the American spelling', async () => {
    const moments = await search('factorization');
    expect(moments.map((m) => m.start)).toEqual([30, 150]);
  });
});
