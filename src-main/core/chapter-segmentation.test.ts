import { describe, expect, it } from 'vitest';
import {
  priorK,
  priorRange,
  segmentChapters,
  snapBoundaries,
  type ChapterSegmentationInput,
} from './chapter-segmentation.ts';
import { makeClipGrid } from './clip-features.ts';
import { seededRandom as random } from './seeded-random.ts';
import { UserError } from './user-error.ts';

/**
 * A lecture of `duration` seconds on 10 s clips whose topic changes at the given times
 * (topic ids per part), noisy unit features, and a sentence ending every 7 s.
 */
function lecture(
  duration: number,
  parts: Array<{ until: number; topic: number }>,
  noise = 0.6,
  seed = 1,
): ChapterSegmentationInput {
  const dim = 48;
  const rnd = random(seed);
  const topics = new Map<number, Float64Array>();
  const clips = makeClipGrid(duration, 10);
  const features = new Float32Array(clips.length * dim);
  clips.forEach((clip, i) => {
    const middle = (clip.start + clip.end) / 2;
    const topic = (parts.find((p) => middle < p.until) ?? parts[parts.length - 1]).topic;
    if (!topics.has(topic))
      topics.set(
        topic,
        Float64Array.from({ length: dim }, () => rnd() * 2 - 1),
      );
    const centre = topics.get(topic) as Float64Array;
    let n2 = 0;
    for (let k = 0; k < dim; k++) {
      const v = centre[k] + noise * (rnd() * 2 - 1);
      features[i * dim + k] = v;
      n2 += v * v;
    }
    for (let k = 0; k < dim; k++) features[i * dim + k] /= Math.sqrt(n2);
  });
  const sentenceEnds: number[] = [];
  for (let t = 7; t < duration; t += 7) sentenceEnds.push(t);
  return { duration, clips, features, dim, sentenceEnds, slideSpans: [] };
}

function expectCover(spans: Array<{ start: number; end: number }>, duration: number): void {
  expect(spans[0].start).toBe(0);
  expect(spans[spans.length - 1].end).toBe(duration);
  spans.forEach((s, i) => {
    expect(s.end).toBeGreaterThan(s.start);
    if (i > 0) expect(s.start).toBe(spans[i - 1].end);
  });
}

const cuts = (spans: Array<{ start: number }>): number[] => spans.slice(1).map((s) => s.start);

describe('segmentChapters', () => {
  it('finds three clear topics in a 15-minute lecture, cutting near the topic changes', () => {
    const input = lecture(900, [
      { until: 300, topic: 0 },
      { until: 600, topic: 1 },
      { until: 900, topic: 2 },
    ]);
    const result = segmentChapters(input);
    expectCover(result.spans, 900);
    expect(result.k).toBe(3);
    expect(result.reason).toMatch(/gap statistic/);
    const [a, b] = cuts(result.spans);
    expect(Math.abs(a - 300)).toBeLessThanOrEqual(10);
    expect(Math.abs(b - 600)).toBeLessThanOrEqual(10);
  });

  it('splits a returning topic into two chapters', () => {
    const input = lecture(900, [
      { until: 300, topic: 0 },
      { until: 600, topic: 1 },
      { until: 900, topic: 0 },
    ]);
    const result = segmentChapters({ ...input, requestedK: 3 });
    const [a, b] = cuts(result.spans);
    expect(Math.abs(a - 300)).toBeLessThanOrEqual(10);
    expect(Math.abs(b - 600)).toBeLessThanOrEqual(10);
  });

  it('gives exactly the requested number of chapters, every cut at a sentence end', () => {
    const input = lecture(900, [
      { until: 450, topic: 0 },
      { until: 900, topic: 1 },
    ]);
    for (const k of [1, 2, 3, 5, 8, 20]) {
      const result = segmentChapters({ ...input, requestedK: k });
      expect(result.k).toBe(k);
      expectCover(result.spans, 900);
      for (const t of cuts(result.spans)) expect(input.sentenceEnds).toContain(t);
    }
  });

  it('says so when more chapters are asked for than the recording can hold', () => {
    const input = lecture(30, [{ until: 30, topic: 0 }]); // 3 clips, sentence ends at 7, 14, 21, 28
    const result = segmentChapters({ ...input, requestedK: 10 });
    expect(result.k).toBe(3);
    expect(result.reason).toMatch(/asked for 10/);
  });

  it('refuses a chapter count below 1 or not a number, in words', () => {
    const input = lecture(120, [{ until: 120, topic: 0 }]);
    expect(() => segmentChapters({ ...input, requestedK: 0 })).toThrow(UserError);
    expect(() => segmentChapters({ ...input, requestedK: Number.NaN })).toThrow(/at least 1/);
  });

  it('gives a one-minute clip one chapter, and handles a single clip', () => {
    const minute = segmentChapters(
      lecture(60, [
        { until: 30, topic: 0 },
        { until: 60, topic: 1 },
      ]),
    );
    expect(minute.spans).toEqual([{ start: 0, end: 60 }]);
    const one = segmentChapters(lecture(5, [{ until: 5, topic: 0 }]));
    expect(one.spans).toEqual([{ start: 0, end: 5 }]);
  });

  it('falls back to the duration prior when there are no features, evenly spaced at sentence ends', () => {
    const input = lecture(900, [{ until: 900, topic: 0 }]);
    const result = segmentChapters({ ...input, features: new Float32Array(input.features.length) });
    expect(result.k).toBe(priorK(900));
    expect(result.k).toBe(3);
    expect(result.reason).toMatch(/no content features/);
    const [a, b] = cuts(result.spans);
    expect(Math.abs(a - 300)).toBeLessThanOrEqual(7);
    expect(Math.abs(b - 600)).toBeLessThanOrEqual(7);
    expect(input.sentenceEnds).toContain(a);
  });

  it('treats a recording whose clips all look the same as having no features (no all-pairs ties)', () => {
    const input = lecture(36_000, [{ until: 36_000, topic: 0 }], 0); // no noise: every row the same
    const result = segmentChapters(input);
    expect(result.reason).toMatch(/no content features/);
    expect(result.k).toBe(priorK(36_000));
  });

  it('moves a boundary to a nearby slide change, at the sentence end closest to it', () => {
    const input = lecture(900, [
      { until: 300, topic: 0 },
      { until: 600, topic: 1 },
      { until: 900, topic: 2 },
    ]);
    const slideSpans = [
      { start: 0, end: 311 },
      { start: 311, end: 900 },
    ];
    const result = segmentChapters({ ...input, slideSpans, requestedK: 3 });
    // Sentence ends fall every 7 s: 308 and 315 straddle the slide change at 311; 308 is closer.
    expect(cuts(result.spans)[0]).toBe(308);
  });

  it('cuts at slide changes and clip edges when there is no speech', () => {
    const input = lecture(900, [
      { until: 300, topic: 0 },
      { until: 600, topic: 1 },
      { until: 900, topic: 2 },
    ]);
    const slideSpans = [
      { start: 0, end: 296 },
      { start: 296, end: 604 },
      { start: 604, end: 900 },
    ];
    const result = segmentChapters({ ...input, sentenceEnds: [], slideSpans, requestedK: 3 });
    expect(cuts(result.spans)).toEqual([296, 604]);
  });

  it('lets --chapters win over the prior, and uses the prior range when automatic', () => {
    expect(priorRange(720)).toEqual({ lo: 2, hi: 6 });
    expect(priorRange(60)).toEqual({ lo: 1, hi: 1 });
    const input = lecture(720, [{ until: 720, topic: 0 }]);
    expect(segmentChapters({ ...input, requestedK: 9 }).k).toBe(9);
    const auto = segmentChapters(input);
    expect(auto.k).toBeGreaterThanOrEqual(2);
    expect(auto.k).toBeLessThanOrEqual(6);
  });
});

describe('snapBoundaries', () => {
  it('keeps boundaries distinct and in order when two want the same cut', () => {
    expect(snapBoundaries([100, 101], [50, 100.5, 150], [])).toEqual([100.5, 150]);
    expect(snapBoundaries([100, 101], [99, 100.5, 150], [])).toEqual([99, 100.5]);
  });

  it('aims at a slide change within 15 s, and ignores one further away', () => {
    expect(snapBoundaries([100], [95, 100, 112], [111])).toEqual([112]);
    expect(snapBoundaries([100], [95, 100, 117], [117])).toEqual([100]);
  });
});

describe('segmentChapters with sentences (boundary evidence)', () => {
  /** A 12-minute lecture with topics changing at 150, 330 and 540 s, a sentence every 6 s. */
  function spokenLecture(): ChapterSegmentationInput & { topicStarts: number[] } {
    const topicStarts = [150, 330, 540];
    const base = lecture(720, [
      { until: 150, topic: 0 },
      { until: 330, topic: 1 },
      { until: 540, topic: 2 },
      { until: 720, topic: 3 },
    ]);
    const sentences: Array<{ start: number; end: number; text: string }> = [];
    for (let t = 0; t < 720; t += 6) {
      const opens = topicStarts.includes(t);
      sentences.push({
        start: t,
        end: t + 6,
        text: opens ? "So let's move on to the next idea." : 'It works like this.',
      });
    }
    return { ...base, sentenceEnds: sentences.map((s) => s.end), sentences, topicStarts };
  }

  it('starts chapters at the sentences where the topics change', () => {
    const input = spokenLecture();
    const result = segmentChapters(input);
    for (const t of input.topicStarts) expect(cuts(result.spans)).toContain(t);
    expect(result.reason).toMatch(/VidChapters-7M/);
    expectCover(result.spans, 720);
  });

  it('gives an exact requested count at sentence starts, strongest evidence first', () => {
    const input = spokenLecture();
    const result = segmentChapters({ ...input, requestedK: 2 });
    expect(result.k).toBe(2);
    expect(input.topicStarts).toContain(cuts(result.spans)[0]);
  });

  it('falls back to cutting at any sentence end when more chapters are asked for than the evidence can place', () => {
    const input = spokenLecture();
    const result = segmentChapters({ ...input, requestedK: 60 });
    expect(result.k).toBe(60);
    expectCover(result.spans, 720);
  });

  it('keeps the count within the limits of the chapter-length setting', () => {
    const input = spokenLecture();
    const result = segmentChapters({ ...input, targetChapterSeconds: { min: 300, max: 720 } });
    expect(result.k).toBeLessThanOrEqual(2);
  });

  it('gives more chapters when the user asks for shorter ones', () => {
    const input = spokenLecture();
    const published = segmentChapters(input);
    const short = segmentChapters({
      ...input,
      preferredChapterSeconds: 60,
      targetChapterSeconds: { min: 30, max: 120 },
    });
    expect(short.k).toBeGreaterThan(published.k);
    expect(short.reason).toMatch(/asked for \(60 s\)/);
  });
});
