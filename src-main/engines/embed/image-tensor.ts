/**
 * Turns decoded RGB pixels (interleaved HWC bytes, as sharp and ffmpeg's rgb24 give them) into
 * the planar CHW float32 layout vision models take, normalised per channel:
 * `(byte / 255 - mean[c]) / std[c]`. Writes straight into a batch tensor; no per-pixel objects.
 */

export interface ChannelNorm {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/** OpenAI CLIP's normalisation (also used by most CLIP exports). */
export const CLIP_NORM: ChannelNorm = {
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
};

/**
 * Writes one image into `target` (a [batch, 3, height, width] tensor) at batch index `index`.
 * `rgb` must hold exactly width * height * 3 bytes.
 */
export function writeChwTensor(
  rgb: Uint8Array,
  width: number,
  height: number,
  norm: ChannelNorm,
  target: Float32Array,
  index: number,
): void {
  const plane = width * height;
  if (rgb.length !== plane * 3) {
    throw new Error(`expected ${plane * 3} RGB bytes for ${width}x${height}, got ${rgb.length}`);
  }
  const base = index * plane * 3;
  if (base + plane * 3 > target.length) throw new Error(`batch index ${index} is outside the tensor`);
  for (let c = 0; c < 3; c++) {
    const scale = 1 / (255 * norm.std[c]);
    const shift = norm.mean[c] / norm.std[c];
    const out = base + c * plane;
    for (let p = 0, i = c; p < plane; p++, i += 3) target[out + p] = rgb[i] * scale - shift;
  }
}
