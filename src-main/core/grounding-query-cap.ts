/**
 * How much of a query reaches the search: its first MAX_QUERY_WORDS words, each at most
 * MAX_WORD_LENGTH characters. A question is a sentence or two; a pasted page is cut to its
 * opening words rather than handed to an encoder that stalls (100k characters took 34 s) or
 * crashes (15k characters overflowed onnxruntime in the embedding worker). Counting words, not
 * characters, never cuts a word in half; capping each word's length bounds the sub-word pieces
 * an encoder's tokenizer can make of it (a run of 10,000 letters is one "word").
 */
export const MAX_QUERY_WORDS = 64;
export const MAX_WORD_LENGTH = 40;

/** Anything but white space: a word with the punctuation attached to it ("O(n^3)", "L=LL^T"). */
const WORD = /\S+/gu;

export interface CappedQuery {
  text: string;
  /** True when words were dropped or shortened. */
  truncated: boolean;
}

export function capQuery(input: string): CappedQuery {
  const words: string[] = [];
  let truncated = false;
  for (const match of input.matchAll(WORD)) {
    if (words.length === MAX_QUERY_WORDS) {
      truncated = true;
      break;
    }
    const chars = [...match[0]];
    if (chars.length > MAX_WORD_LENGTH) truncated = true;
    words.push(chars.slice(0, MAX_WORD_LENGTH).join(''));
  }
  return { text: words.join(' '), truncated };
}
