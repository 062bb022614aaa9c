import { describe, expect, it } from 'vitest';
import { parseSubtitles } from './subtitles.ts';

describe('parseSubtitles', () => {
  it('reads WebVTT cues with hours, styling tags and entities', () => {
    const { cues, problems } = parseSubtitles(
      'WEBVTT\n\nNOTE a comment\n\n1\n00:00:01.000 --> 00:00:03.500 align:start\n<v Prof>Hello &amp; welcome</v>\n\n01:00:00.250 --> 01:00:02.000\nsecond\nline\n',
    );
    expect(problems).toEqual([]);
    expect(cues).toEqual([
      { start: 1, end: 3.5, text: 'Hello & welcome' },
      { start: 3600.25, end: 3602, text: 'second line' },
    ]);
  });

  it('reads SRT with comma milliseconds and CRLF line ends', () => {
    const { cues } = parseSubtitles(
      '1\r\n00:00:02,100 --> 00:00:04,000\r\nfirst\r\n\r\n2\r\n00:00:05,000 --> 00:00:06,000\r\nsecond\r\n',
    );
    expect(cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [2.1, 4, 'first'],
      [5, 6, 'second'],
    ]);
  });

  it('keeps the readable cues of a malformed file and reports the rest', () => {
    const { cues, problems } = parseSubtitles(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ngood\n\n00:00:xx --> 00:00:03.000\nbad time\n\nstray words without timing\n\n00:00:09.000 --> 00:00:08.000\nends before it starts\n',
    );
    expect(cues).toEqual([{ start: 1, end: 2, text: 'good' }]);
    expect(problems).toHaveLength(3);
  });

  it('returns nothing from an empty or binary file without throwing', () => {
    expect(parseSubtitles('').cues).toEqual([]);
    expect(parseSubtitles('\u0000\u0001\u0002garbage').cues).toEqual([]);
  });
});
