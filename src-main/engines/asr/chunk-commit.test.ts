import { describe, expect, it } from 'vitest';
import type { AsrSegment } from './asr-types.ts';
import { commitChunk } from './chunk-commit.ts';

const seg = (start: number, end: number, text = `s${start}`): AsrSegment => ({ start, end, text });
const base = { chunkStart: 0, chunkEnd: 120, isLast: false, overlap: 5, committedUntil: 0 };

describe('commitChunk', () => {
  it('keeps segments that end before the overlap and restarts at the last one kept', () => {
    const result = commitChunk({ ...base, segments: [seg(0, 40), seg(40, 100), seg(100, 117), seg(117, 120)] });
    expect(result.commit.map((s) => [s.start, s.end])).toEqual([
      [0, 40],
      [40, 100],
    ]);
    expect(result.nextStart).toBe(100);
  });

  it('keeps everything, clipped to the audio, in the last chunk', () => {
    const result = commitChunk({
      ...base,
      isLast: true,
      chunkEnd: 25,
      segments: [seg(0, 10), seg(10, 20), seg(20, 30)],
    });
    expect(result.commit.map((s) => [s.start, s.end])).toEqual([
      [0, 10],
      [10, 20],
      [20, 25],
    ]);
  });

  it('drops what repeats the previous chunk and empty segments', () => {
    const result = commitChunk({
      ...base,
      chunkStart: 100,
      chunkEnd: 220,
      committedUntil: 104,
      segments: [seg(100, 103.5), seg(100.5, 106), seg(104, 130), seg(130, 131, '   '), seg(131, 160)],
    });
    expect(result.commit.map((s) => [s.start, s.end])).toEqual([
      [104, 130],
      [131, 160],
    ]);
  });

  it('trims the start of a segment that begins inside committed audio', () => {
    const result = commitChunk({
      ...base,
      chunkStart: 100,
      chunkEnd: 220,
      committedUntil: 102,
      segments: [seg(101, 110)],
    });
    expect(result.commit[0]).toMatchObject({ start: 102, end: 110 });
  });

  it('moves on by chunk minus overlap through silence', () => {
    expect(commitChunk({ ...base, segments: [] }).nextStart).toBe(115);
  });

  it('restarts at late speech when nothing ends before the overlap', () => {
    const result = commitChunk({ ...base, chunkEnd: 30, segments: [seg(20, 30)] });
    expect(result.commit).toEqual([]);
    expect(result.nextStart).toBe(20);
  });

  it('always moves forward, even when the only segment spans the chunk', () => {
    const result = commitChunk({ ...base, chunkEnd: 30, segments: [seg(0, 28)] });
    expect(result.commit.map((s) => s.end)).toEqual([28]);
    expect(result.nextStart).toBe(28);
    const stuck = commitChunk({ ...base, chunkStart: 50, chunkEnd: 80, committedUntil: 50, segments: [seg(50, 50.2)] });
    expect(stuck.nextStart).toBeGreaterThanOrEqual(51);
  });

  it('keeps word times inside their trimmed segment', () => {
    const withWords: AsrSegment = {
      start: 99,
      end: 110,
      text: 'a b',
      words: [
        { start: 99, end: 100.5, text: 'a' },
        { start: 101, end: 112, text: 'b' },
      ],
    };
    const [kept] = commitChunk({
      ...base,
      chunkStart: 98,
      chunkEnd: 218,
      committedUntil: 100,
      segments: [withWords],
    }).commit;
    expect(kept.words).toEqual([
      { start: 100, end: 100.5, text: 'a' },
      { start: 101, end: 110, text: 'b' },
    ]);
  });
});
