/**
 * A cheap, deterministic visual descriptor for lecture keyframes, computed from a 128x96 RGB
 * thumbnail: where the bright and dark mass sits (luma layout), where colour sits (chroma layout),
 * where and in which direction the edges run (text lines, diagrams, photos: an edge-orientation
 * histogram per cell) and the overall palette (a colour histogram). Two frames of the same slide
 * land close; different slides, a slide and a talking head, or a slide and a code demo land apart.
 * Pure: pixels in, a unit Float32Array out.
 */

export const DESCRIPTOR_WIDTH = 128;
export const DESCRIPTOR_HEIGHT = 96;

const LUMA_COLS = 16;
const LUMA_ROWS = 12;
const CHROMA_COLS = 8;
const CHROMA_ROWS = 6;
const EDGE_COLS = 4;
const EDGE_ROWS = 3;
const EDGE_BINS = 8;
const HIST_LEVELS = 4;

const LUMA_DIM = LUMA_COLS * LUMA_ROWS;
const CHROMA_DIM = CHROMA_COLS * CHROMA_ROWS * 2;
const EDGE_DIM = EDGE_COLS * EDGE_ROWS * EDGE_BINS;
const HIST_DIM = HIST_LEVELS ** 3;

export const DESCRIPTOR_DIM = LUMA_DIM + CHROMA_DIM + EDGE_DIM + HIST_DIM;

/** Relative weight of each block in the final vector. */
const WEIGHTS = { luma: 1, chroma: 0.5, edges: 1, hist: 0.6 };

/**
 * Computes the descriptor. `rgb` holds DESCRIPTOR_WIDTH x DESCRIPTOR_HEIGHT interleaved RGB bytes
 * (decode with fit 'fill': every frame of one video shares its aspect ratio).
 */
export function slideDescriptor(rgb: Uint8Array): Float32Array {
  const w = DESCRIPTOR_WIDTH;
  const h = DESCRIPTOR_HEIGHT;
  const n = w * h;
  if (rgb.length !== n * 3) throw new Error(`expected ${n * 3} RGB bytes, got ${rgb.length}`);

  // Luma and chroma planes in [0, 1] / [-0.5, 0.5] (BT.601).
  const y = new Float32Array(n);
  const cb = new Float32Array(n);
  const cr = new Float32Array(n);
  const hist = new Float32Array(HIST_DIM);
  for (let p = 0, i = 0; p < n; p++, i += 3) {
    const r = rgb[i] / 255;
    const g = rgb[i + 1] / 255;
    const b = rgb[i + 2] / 255;
    const yy = 0.299 * r + 0.587 * g + 0.114 * b;
    const u = -0.168736 * r - 0.331264 * g + 0.5 * b;
    const v = 0.5 * r - 0.418688 * g - 0.081312 * b;
    y[p] = yy;
    cb[p] = u;
    cr[p] = v;
    const qy = Math.min(HIST_LEVELS - 1, Math.floor(yy * HIST_LEVELS));
    const qu = Math.min(HIST_LEVELS - 1, Math.floor((u + 0.5) * HIST_LEVELS));
    const qv = Math.min(HIST_LEVELS - 1, Math.floor((v + 0.5) * HIST_LEVELS));
    hist[(qy * HIST_LEVELS + qu) * HIST_LEVELS + qv] += 1 / n;
  }

  const out = new Float32Array(DESCRIPTOR_DIM);
  let offset = 0;

  // 1. Luma layout: block means, centred and scaled to unit length (contrast-invariant).
  const luma = cellMeans(y, w, h, LUMA_COLS, LUMA_ROWS);
  centre(luma);
  offset = place(out, offset, luma, WEIGHTS.luma, 0.05);

  // 2. Chroma layout: block means of Cb and Cr, already signed around 0 (grey has none).
  const chroma = new Float32Array(CHROMA_DIM);
  chroma.set(cellMeans(cb, w, h, CHROMA_COLS, CHROMA_ROWS), 0);
  chroma.set(cellMeans(cr, w, h, CHROMA_COLS, CHROMA_ROWS), CHROMA_DIM / 2);
  offset = place(out, offset, chroma, WEIGHTS.chroma, 0.5);

  // 3. Edge orientation histogram per cell (unsigned orientation, magnitude weighted), sqrt'd.
  const edges = edgeHistogram(y, w, h);
  offset = place(out, offset, edges, WEIGHTS.edges, 0.05);

  // 4. Global colour histogram, sqrt'd (Hellinger).
  for (let i = 0; i < hist.length; i++) hist[i] = Math.sqrt(hist[i]);
  place(out, offset, hist, WEIGHTS.hist, 0);

  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i] * out[i];
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < out.length; i++) out[i] *= inv;
  return out;
}

function cellMeans(plane: Float32Array, w: number, h: number, cols: number, rows: number): Float32Array {
  const cw = w / cols;
  const ch = h / rows;
  const out = new Float32Array(cols * rows);
  for (let yy = 0; yy < h; yy++) {
    const row = Math.floor(yy / ch) * cols;
    for (let xx = 0; xx < w; xx++) out[row + Math.floor(xx / cw)] += plane[yy * w + xx];
  }
  const area = cw * ch;
  for (let i = 0; i < out.length; i++) out[i] /= area;
  return out;
}

function centre(v: Float32Array): void {
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length;
  for (let i = 0; i < v.length; i++) v[i] -= mean;
}

/**
 * Writes `block` into `out` at `offset`, scaled to length `weight` — or less when the block's own
 * length is under `floor`, so a nearly empty block (a grey slide's chroma, a blank frame's layout)
 * stays nearly empty instead of having its noise blown up.
 */
function place(out: Float32Array, offset: number, block: Float32Array, weight: number, floor: number): number {
  let sum = 0;
  for (let i = 0; i < block.length; i++) sum += block[i] * block[i];
  const norm = Math.sqrt(sum);
  const scale = norm > 0 ? weight / Math.max(norm, floor) : 0;
  for (let i = 0; i < block.length; i++) out[offset + i] = block[i] * scale;
  return offset + block.length;
}

function edgeHistogram(y: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(EDGE_DIM);
  const cw = w / EDGE_COLS;
  const ch = h / EDGE_ROWS;
  for (let yy = 1; yy < h - 1; yy++) {
    const cellRow = Math.floor(yy / ch) * EDGE_COLS;
    for (let xx = 1; xx < w - 1; xx++) {
      const p = yy * w + xx;
      // Sobel.
      const gx = y[p - w + 1] + 2 * y[p + 1] + y[p + w + 1] - y[p - w - 1] - 2 * y[p - 1] - y[p + w - 1];
      const gy = y[p + w - 1] + 2 * y[p + w] + y[p + w + 1] - y[p - w - 1] - 2 * y[p - w] - y[p - w + 1];
      const mag = Math.sqrt(gx * gx + gy * gy);
      if (mag < 1e-3) continue;
      let angle = Math.atan2(gy, gx);
      if (angle < 0) angle += Math.PI;
      const bin = Math.min(EDGE_BINS - 1, Math.floor((angle / Math.PI) * EDGE_BINS));
      out[(cellRow + Math.floor(xx / cw)) * EDGE_BINS + bin] += mag;
    }
  }
  const pixels = cw * ch;
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i] / pixels);
  return out;
}
