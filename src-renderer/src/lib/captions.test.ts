import { describe, expect, it } from 'vitest';
import { toWebVtt } from './captions.ts';

describe('toWebVtt', () => {
  it('writes a header and one cue per segment with millisecond times', () => {
    expect(toWebVtt([{ start: 1.5, end: 3725.25, text: 'Hello' }])).toBe(
      'WEBVTT\n\n00:00:01.500 --> 01:02:05.250\nHello\n',
    );
  });
  it('keeps cue text from breaking the file', () => {
    const vtt = toWebVtt([{ start: 0, end: 1, text: 'a --> b\n\n<c> & d' }]);
    expect(vtt).toContain('a → b\n&lt;c> &amp; d');
  });
  it('drops empty and zero-length cues', () => {
    expect(
      toWebVtt([
        { start: 2, end: 2, text: 'x' },
        { start: 0, end: 1, text: '  ' },
      ]),
    ).toBe('WEBVTT\n\n\n');
  });
});
