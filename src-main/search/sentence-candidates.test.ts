import { describe, expect, it } from 'vitest';
import type { GroundedMoment } from '../core/grounding.ts';
import { TermMatcher } from '../core/grounding-rerank.ts';
import type { MomentRows } from '../store/moment-search.ts';
import { sentenceCandidates } from './sentence-candidates.ts';

const cues = [
  'Welcome back.',
  'Today the camera obscura.',
  'It is a dark room with a small hole.',
  'Light through the hole draws the scene upside down.',
  'Next week lenses.',
].map((text, i) => ({ id: i + 1, start: i * 10, end: i * 10 + 10, text }));

const rows: MomentRows = {
  cues,
  windows: [],
  slides: [{ id: 1, start: 0, end: 50, title: 'Camera obscura', text: 'a dark room' }],
  chapters: [{ id: 1, start: 0, end: 50, text: 'Pinhole cameras' }],
  lecture: { lectureId: 1, file: '/l.mp4', lectureTitle: 'L' },
};

const moment = (start: number, end: number, kind: 'window' | 'slide' = 'window'): GroundedMoment => ({
  lectureId: 1,
  start,
  end,
  score: 0.8,
  unit: { key: `${kind}:${start}`, kind, lectureId: 1, start, end },
  windows: [],
  windowScores: [],
  why: ['spoken'],
});

const matcher = new TermMatcher({
  terms: [
    { stems: ['hole'], weight: 1 },
    { stems: ['room'], weight: 1 },
  ],
  answerType: null,
});

describe('sentenceCandidates', () => {
  it('makes every sentence of a moment a candidate with its neighbours, each sentence once', () => {
    const out = sentenceCandidates(
      [moment(10, 40), moment(20, 30)],
      [rows, rows],
      { windows: [], slides: [] },
      matcher,
    );
    expect(out.map((c) => c.start)).toEqual([10, 20, 30]);
    const dark = out.find((c) => c.start === 20)!;
    expect(dark.candidate).toMatchObject({
      text: 'It is a dark room with a small hole.',
      previous: 'Today the camera obscura.',
      next: 'Light through the hole draws the scene upside down.',
      opens: false,
      rank: 0,
      chapters: ['Pinhole cameras'],
    });
    // The next sentence also says "hole": the moment runs on over it.
    expect(dark.end).toBe(40);
  });

  it('leaves out the sentences it is told to (a licence notice), and keeps the rest of the moment', () => {
    const out = sentenceCandidates([moment(0, 50)], [rows], { windows: [], slides: [] }, matcher, [], (sentence) =>
      sentence.startsWith('It is a dark room'),
    );
    expect(out.map((c) => c.start)).toEqual([0, 10, 30, 40]);
  });

  it('keeps a moment without transcript as one candidate', () => {
    const silent: MomentRows = { ...rows, cues: [] };
    const [only] = sentenceCandidates([moment(0, 50, 'slide')], [silent], { windows: [], slides: [] }, matcher);
    expect(only).toMatchObject({ start: 0, end: 50, candidate: { spoken: false, kind: 'slide' } });
    expect(only.candidate.text).toContain('Camera obscura');
  });

  it('gives each sentence the best dense cosine of a window holding it, relative to the best', () => {
    const dense = {
      windows: [
        { lectureId: 1, start: 30, end: 50, cosine: 0.9 },
        { lectureId: 1, start: 10, end: 30, cosine: 0.7 },
      ],
      slides: [],
    };
    const out = sentenceCandidates([moment(10, 40)], [rows], dense, matcher);
    expect(out.find((c) => c.start === 10)!.candidate.denseWindow).toBeCloseTo(-0.2);
    expect(out.find((c) => c.start === 30)!.candidate.denseWindow).toBeCloseTo(0);
  });
});
