/**
 * Character error rate for judging OCR: edit distance between recognised and reference text
 * over the reference length, after a light normalisation (unicode forms, curly quotes,
 * whitespace collapsed to single spaces; case kept). Pure.
 */

export function normaliseForCer(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’‚‛]/g, "'")
    .replace(/[“”„‟]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Levenshtein distance over UTF-16 code units, two rows of typed arrays. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const deletion = previous[j] + 1;
      const insertion = current[j - 1] + 1;
      current[j] =
        substitution < deletion
          ? substitution < insertion
            ? substitution
            : insertion
          : deletion < insertion
            ? deletion
            : insertion;
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

export interface CerCount {
  errors: number;
  referenceLength: number;
}

/** Errors and reference length, so a set's CER can be pooled as sum(errors) / sum(lengths). */
export function cerCount(hypothesis: string, reference: string): CerCount {
  const hyp = normaliseForCer(hypothesis);
  const ref = normaliseForCer(reference);
  return { errors: editDistance(hyp, ref), referenceLength: ref.length };
}

export function characterErrorRate(hypothesis: string, reference: string): number {
  const { errors, referenceLength } = cerCount(hypothesis, reference);
  return referenceLength === 0 ? (errors === 0 ? 0 : 1) : errors / referenceLength;
}
