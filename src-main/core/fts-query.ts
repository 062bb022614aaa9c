/**
 * Turns what a student types into a safe FTS5 expression: every word becomes a quoted
 * prefix term, joined with OR so that a typo or an extra word never zeroes out a query
 * (bm25 still ranks segments matching more words first). Returns null when nothing is searchable.
 */
export function toFtsQuery(input: string): string | null {
  const words = input
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  const unique = [...new Set(words)].filter((w) => w.length > 1 || /\d/.test(w));
  if (unique.length === 0) return null;
  return unique.map((w) => `"${w}"*`).join(' OR ');
}
