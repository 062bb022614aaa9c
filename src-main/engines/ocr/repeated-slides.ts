/**
 * Lectures go back to slides they showed before (after a question, a demo, the speaker's
 * camera): such a slide need not be read again. Two greyscale rasters of the same size are
 * the same picture when almost no pixel moved by more than compression noise. The bar is
 * strict: one changed character on a slide changes more pixels than it allows, so a slide that
 * differs anywhere is read on its own.
 */
export interface RepeatOptions {
  /** A pixel differs when its grey level moves by more than this (0-255). */
  pixelThreshold?: number;
  /** Rasters are the same picture when at most this fraction of pixels differs. */
  maxChangedFraction?: number;
}

export const REPEAT_DEFAULTS: Required<RepeatOptions> = { pixelThreshold: 16, maxChangedFraction: 0.0005 };

function samePicture(a: Uint8Array, b: Uint8Array, threshold: number, allowed: number): boolean {
  if (a.length !== b.length) return false;
  let changed = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    if (d > threshold || d < -threshold) {
      changed++;
      if (changed > allowed) return false;
    }
  }
  return true;
}

/**
 * For each raster, the index of the first earlier raster showing the same picture, or its own
 * index when none does (so `result[i] === i` marks the ones to read).
 */
export function firstShowings(rasters: readonly Uint8Array[], options: RepeatOptions = {}): number[] {
  const { pixelThreshold, maxChangedFraction } = { ...REPEAT_DEFAULTS, ...options };
  const originals: number[] = [];
  return rasters.map((raster, i) => {
    const allowed = Math.floor(raster.length * maxChangedFraction);
    const match = originals.find((j) => samePicture(rasters[j], raster, pixelThreshold, allowed));
    if (match !== undefined) return match;
    originals.push(i);
    return i;
  });
}
