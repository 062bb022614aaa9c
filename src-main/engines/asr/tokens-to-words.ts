import type { AsrWord } from './asr-types.ts';
import type { RawToken } from './whisper-protocol.ts';

/** Token ids from here up are special (end-of-text, start, language, task, timestamps). */
const FIRST_SPECIAL_TOKEN = 50256;

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Joins whisper's tokens into words: a token that starts with a space starts a word, others
 * (word pieces, punctuation) extend the current one. Times come from the tokens, shifted by
 * `offset`, kept inside [segmentStart, segmentEnd] and non-decreasing; p is the mean token
 * probability. Returns undefined when the tokens cannot be split cleanly (a multi-byte
 * character split across tokens, e.g. CJK): the segment then has text but no words.
 */
export function tokensToWords(
  tokens: readonly RawToken[],
  offset: number,
  segmentStart: number,
  segmentEnd: number,
): AsrWord[] | undefined {
  interface Building {
    text: string;
    start: number;
    end: number;
    pSum: number;
    count: number;
  }
  const built: Building[] = [];
  for (const token of tokens) {
    if (token.id >= FIRST_SPECIAL_TOKEN || token.text === '') continue;
    const startsWord = /^\s/.test(token.text) || built.length === 0;
    if (startsWord) {
      built.push({ text: token.text, start: token.start, end: token.end, pSum: token.p, count: 1 });
    } else {
      const word = built[built.length - 1];
      word.text += token.text;
      word.end = token.end;
      word.pSum += token.p;
      word.count++;
    }
  }
  if (built.some((word) => word.text.includes('\uFFFD'))) return undefined;
  const words: AsrWord[] = [];
  let floor = segmentStart;
  for (const word of built) {
    const text = word.text.trim();
    if (!text) continue;
    const start = Math.min(Math.max(word.start + offset, floor), segmentEnd);
    const end = Math.min(Math.max(word.end + offset, start), segmentEnd);
    floor = start;
    words.push({ start: round(start), end: round(end), text, p: Math.round((word.pSum / word.count) * 1000) / 1000 });
  }
  return words;
}
