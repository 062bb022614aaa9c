// Marks where a query's words appear in a snippet, as plain parts (rendered without HTML).

export interface TextPart {
  text: string;
  hit: boolean;
}

const STOP = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'to',
  'in',
  'is',
  'it',
  'on',
  'for',
  'does',
  'do',
  'where',
  'what',
  'how',
  'why',
  'she',
  'he',
  'they',
]);

/** The words worth marking: lower case, no stop words, no one-letter words. */
export function queryWords(query: string): string[] {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP.has(w));
  return [...new Set(words)];
}

/**
 * Splits `text` into parts, marking words that start with a query word or its stem (the first
 * five letters of longer words, so "derive" marks "derivative" and "derivation").
 */
export function highlightParts(text: string, query: string): TextPart[] {
  const stems = queryWords(query).map((w) => (w.length > 5 ? w.slice(0, 5) : w));
  if (stems.length === 0) return [{ text, hit: false }];
  const parts: TextPart[] = [];
  const push = (piece: string, hit: boolean) => {
    if (!piece) return;
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += piece;
    else parts.push({ text: piece, hit });
  };
  for (const piece of text.split(/([\p{L}\p{N}]+)/u)) {
    const lower = piece.toLowerCase();
    push(piece, /[\p{L}\p{N}]/u.test(piece) && stems.some((s) => lower.startsWith(s)));
  }
  return parts;
}
