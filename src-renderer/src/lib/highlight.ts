// Marks a question's words in a snippet or a transcript line, as plain parts (rendered without
// HTML). Which words count is the search's call (a result's `marks`: the stems and spelling
// corrections it matched), so the window never marks "this" or "you", nor "little" for "lit".

export interface TextPart {
  text: string;
  hit: boolean;
}

/** `text` cut at the [start, end) ranges in `marks` (in order, as a search result gives them). */
export function markedParts(text: string, marks: ReadonlyArray<readonly [number, number]>): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const [start, end] of marks) {
    if (start < at || end > text.length || end <= start) continue;
    if (start > at) parts.push({ text: text.slice(at, start), hit: false });
    parts.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), hit: false });
  return parts;
}

/** The words the results marked, lower-cased: what the transcript marks for the same question. */
export function markedWords(
  results: ReadonlyArray<{ text: string; marks?: ReadonlyArray<readonly [number, number]> }>,
): Set<string> {
  const words = new Set<string>();
  for (const result of results)
    for (const [start, end] of result.marks ?? []) words.add(result.text.slice(start, end).toLowerCase());
  return words;
}

/** `text` with each of `words` (whole words, any case) marked. */
export function wordParts(text: string, words: ReadonlySet<string>): TextPart[] {
  if (words.size === 0) return [{ text, hit: false }];
  const marks: Array<[number, number]> = [];
  for (const found of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu))
    if (words.has(found[0].toLowerCase())) marks.push([found.index, found.index + found[0].length]);
  return markedParts(text, marks);
}
