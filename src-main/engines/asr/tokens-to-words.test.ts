import { describe, expect, it } from 'vitest';
import { tokensToWords } from './tokens-to-words.ts';
import type { RawToken } from './whisper-protocol.ts';

const tok = (text: string, start: number, end: number, p = 0.9, id = 100): RawToken => ({ id, text, p, start, end });

describe('tokensToWords', () => {
  it('joins word pieces and punctuation onto the word they continue, skipping special tokens', () => {
    const words = tokensToWords(
      [
        tok('[_BEG_]', 0, 0, 1, 50363),
        tok(' eigen', 1, 1.4, 0.8),
        tok('values', 1.4, 2, 0.6),
        tok('.', 2, 2.1, 1),
        tok(' Next', 2.5, 3),
        tok('[_TT_150]', 3, 3, 1, 50513),
      ],
      10,
      10,
      13,
    );
    expect(words).toEqual([
      { start: 11, end: 12.1, text: 'eigenvalues.', p: 0.8 },
      { start: 12.5, end: 13, text: 'Next', p: 0.9 },
    ]);
  });

  it('keeps times inside the segment and never going back', () => {
    const words = tokensToWords([tok(' a', 5, 6), tok(' b', 4, 4.5), tok(' c', 7, 99)], 0, 5.5, 8);
    expect(words?.map((w) => [w.start, w.end])).toEqual([
      [5.5, 6],
      [5.5, 5.5],
      [7, 8],
    ]);
  });

  it('gives no words when a character is split across tokens', () => {
    expect(tokensToWords([tok(' \uFFFD', 0, 1), tok('\uFFFD', 1, 2)], 0, 0, 2)).toBeUndefined();
  });
});
