import { describe, expect, it } from 'vitest';
import { capQuery, MAX_QUERY_WORDS, MAX_WORD_LENGTH } from './grounding-query-cap.ts';

describe('capQuery', () => {
  it('leaves a question as it is (white space tidied)', () => {
    expect(capQuery('  where does she derive the  chain rule? ')).toEqual({
      text: 'where does she derive the chain rule?',
      truncated: false,
    });
  });

  it('keeps the first words of a pasted page, never cutting a word in half', () => {
    const page = Array.from({ length: 5000 }, (_, i) => `word${i}`).join(' ');
    const { text, truncated } = capQuery(page);
    expect(truncated).toBe(true);
    expect(text.split(' ')).toHaveLength(MAX_QUERY_WORDS);
    expect(text.split(' ').at(-1)).toBe(`word${MAX_QUERY_WORDS - 1}`);
  });

  it('shortens a run of letters without spaces, which a tokenizer would split into thousands of pieces', () => {
    const { text, truncated } = capQuery(`eigen ${'a'.repeat(100_000)} values`);
    expect(truncated).toBe(true);
    expect(text).toBe(`eigen ${'a'.repeat(MAX_WORD_LENGTH)} values`);
  });

  it('counts characters, not UTF-16 units, so an emoji or accented word is not split', () => {
    const word = '😀'.repeat(MAX_WORD_LENGTH + 5);
    expect([...capQuery(word).text]).toHaveLength(MAX_WORD_LENGTH);
  });

  it('bounds any input: 900,000 characters of mixed text come out under a few thousand', () => {
    const hostile = 'x'.repeat(300_000) + ' y'.repeat(300_000);
    expect(capQuery(hostile).text.length).toBeLessThanOrEqual(MAX_QUERY_WORDS * (MAX_WORD_LENGTH + 1));
  });
});
