/**
 * The clip grid chapters are built on, and the fusion of per-clip feature blocks
 * (transcript, OCR, visual embeddings) into one vector per clip.
 */

export interface ClipSpan {
  start: number;
  end: number;
}

/**
 * Contiguous clips of `clipSeconds` covering [0, duration]; the last clip takes the
 * remainder (merged into the previous one when shorter than half a clip). A duration of
 * 0 (or less) gives no clips.
 */
export function makeClipGrid(duration: number, clipSeconds = 10): ClipSpan[] {
  if (!Number.isFinite(duration) || duration <= 0) return [];
  if (!Number.isFinite(clipSeconds) || clipSeconds <= 0) {
    throw new RangeError(`makeClipGrid: clipSeconds must be positive, got ${clipSeconds}`);
  }
  let count = Math.max(1, Math.floor(duration / clipSeconds));
  if (duration - count * clipSeconds >= clipSeconds / 2) count++;
  const clips: ClipSpan[] = [];
  for (let i = 0; i < count; i++) {
    clips.push({ start: i * clipSeconds, end: i === count - 1 ? duration : (i + 1) * clipSeconds });
  }
  return clips;
}

export interface FeatureBlock {
  /** n x dim, row-major; all-zero rows mean "no signal for this clip". */
  vectors: Float32Array;
  dim: number;
  /** Relative weight of this block in the fused vector (0 drops it). */
  weight: number;
}

/**
 * Fuses blocks into one row per clip: each block row L2-normalised, multiplied by the
 * block's weight, concatenated, and the whole row L2-normalised again. Rows where every
 * block is zero stay all-zero. So with weights w, when two rows have the same non-zero
 * blocks, their cosine is the w^2-weighted average of the blocks' cosines.
 */
export function fuseClipFeatures(blocks: FeatureBlock[], n: number): { features: Float32Array; dim: number } {
  for (const b of blocks) {
    if (!Number.isInteger(b.dim) || b.dim < 0 || b.vectors.length < n * b.dim) {
      throw new RangeError(`fuseClipFeatures: a block holds ${b.vectors.length} values, need ${n}x${b.dim}`);
    }
    if (!(b.weight >= 0)) throw new RangeError(`fuseClipFeatures: weights must be >= 0, got ${b.weight}`);
  }
  const dim = blocks.reduce((s, b) => s + b.dim, 0);
  const features = new Float32Array(n * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    let offset = 0;
    for (const b of blocks) {
      let norm2 = 0;
      for (let k = 0; k < b.dim; k++) norm2 += b.vectors[i * b.dim + k] ** 2;
      if (norm2 > 0 && b.weight > 0) {
        const scale = b.weight / Math.sqrt(norm2);
        for (let k = 0; k < b.dim; k++) row[offset + k] = b.vectors[i * b.dim + k] * scale;
      }
      offset += b.dim;
    }
    let total = 0;
    for (let k = 0; k < dim; k++) total += row[k] * row[k];
    if (total === 0) continue;
    const inv = 1 / Math.sqrt(total);
    for (let k = 0; k < dim; k++) features[i * dim + k] = row[k] * inv;
  }
  return { features, dim };
}
