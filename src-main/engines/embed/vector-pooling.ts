/**
 * Vector arithmetic the embedders share: mean pooling over a token axis with a mask, and L2
 * normalisation. Typed arrays in, typed arrays out; no I/O.
 */

/** Scales `v` in place to unit L2 length (a zero vector stays zero) and returns it. */
export function l2NormaliseInPlace(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i] *= inv;
  }
  return v;
}

/**
 * Masked mean over the sequence axis of a row-major [batch, seq, dim] tensor. Positions whose
 * mask is 0 (padding) do not count. Returns one Float32Array of length `dim` per batch row.
 */
export function maskedMeanPool(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  seq: number,
  dim: number,
): Float32Array[] {
  if (hidden.length !== batch * seq * dim) {
    throw new Error(`hidden state has ${hidden.length} values, expected ${batch}x${seq}x${dim}`);
  }
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const acc = new Float64Array(dim);
    let count = 0;
    for (let s = 0; s < seq; s++) {
      if (Number(mask[b * seq + s]) === 0) continue;
      count++;
      const base = (b * seq + s) * dim;
      for (let d = 0; d < dim; d++) acc[d] += hidden[base + d];
    }
    const row = new Float32Array(dim);
    if (count > 0) for (let d = 0; d < dim; d++) row[d] = acc[d] / count;
    out.push(row);
  }
  return out;
}

/** Splits a row-major [batch, dim] tensor into one Float32Array per row (copies). */
export function splitRows(data: Float32Array, batch: number, dim: number): Float32Array[] {
  if (data.length !== batch * dim) {
    throw new Error(`tensor has ${data.length} values, expected ${batch}x${dim}`);
  }
  const rows: Float32Array[] = [];
  for (let b = 0; b < batch; b++) rows.push(data.slice(b * dim, (b + 1) * dim));
  return rows;
}

/** Dot product of two equal-length vectors (cosine similarity for unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
