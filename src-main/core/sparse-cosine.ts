/** Cosine of two sparse term-weight vectors (term -> weight); 0 when either is empty or all zero. */
export function sparseCosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [term, weight] of a) {
    na += weight * weight;
    const other = b.get(term);
    if (other !== undefined) dot += weight * other;
  }
  for (const weight of b.values()) nb += weight * weight;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
