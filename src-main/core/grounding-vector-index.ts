/**
 * The dense half of moment search: every stored vector of one embedding model, kept in memory
 * in two compact forms, searched coarse-to-fine without touching JS objects per row.
 *
 *  1. coarse: sign bits of (vector - mean) over the `coarseBits` dimensions that vary most
 *     (32 bytes per row at 256 bits). One SIMD pass over the contiguous bit rows gives every
 *     row's Hamming distance to the query and keeps the `rerank` nearest;
 *  2. fine: int8 codes of the whole vector with one float scale per row (dim bytes per row):
 *     the kept rows are scored by int8 x int16 dot products (cosine to ~1e-3) and the best `k`
 *     returned.
 *
 * Rows are grouped by lecture, each lecture's rows contiguous, so a one-lecture search scans
 * only its range. Replacing or removing a lecture marks its rows dead and appends the new ones;
 * the arrays are compacted once dead rows pass a third of the total. Memory per row:
 * coarseBits/8 + dim + 29 bytes (about 575 B at 512-d: 600k rows ~ 330 MB, plus growth room).
 * Measured on 600k real-encoder rows (synthetic 1,000-hour library, 40 questions): 256 bits
 * keep 84 / 91 / 95 / 98 % of the exhaustive int8 top 10 at a rerank of 1,000 / 2,000 /
 * 4,000 / 8,000 rows; the fine pass over 4,000 rows costs about as much as over 2,000.
 */
import { createKernels, MAX_BIT_CHUNKS, type SimdKernels } from './grounding-simd.ts';

export interface IndexRow {
  /** The row id the caller uses to find the row again (e.g. the database rowid). */
  id: number;
  /** Small integer the caller uses to tell kinds of rows apart (e.g. 0 = window, 1 = slide). */
  kind: number;
  start: number;
  end: number;
  /** L2-normalised, length `dim`. */
  vector: Float32Array;
}

export interface DenseHit {
  id: number;
  lectureId: number;
  kind: number;
  start: number;
  end: number;
  cosine: number;
}

export interface DenseSearchOptions {
  k: number;
  /** Only this lecture's rows. */
  lectureId?: number;
  /** Only rows of this kind. */
  kind?: number;
  /** How many Hamming-nearest rows get an int8 score (default max(2000, 40 k)). */
  rerank?: number;
}

const PAGE = 65536;
const QUERY_BYTES = 4096;

class Region {
  /** Byte offsets inside the memory: rows, then scratch (query, distances / indices, outputs). */
  rowsAt = 0;
  capacity = 0;
  readonly kernels: SimdKernels;
  constructor(
    readonly memory: WebAssembly.Memory,
    readonly rowBytes: number,
    shape: { bitChunks: number; byteChunks: number },
    preferJs: boolean,
  ) {
    this.kernels = createKernels(memory, shape, { preferJs });
  }
  /** Makes room for `rows` rows and `scratch` bytes after them. */
  reserve(rows: number, scratch: number): void {
    const need = align16(rows * this.rowBytes) + scratch;
    if (need > this.memory.buffer.byteLength) {
      const pages = Math.ceil((need - this.memory.buffer.byteLength) / PAGE);
      this.memory.grow(Math.max(pages, Math.ceil(this.memory.buffer.byteLength / PAGE / 4)));
    }
    this.capacity = Math.max(this.capacity, rows);
  }
  get scratchAt(): number {
    return align16(this.capacity * this.rowBytes);
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }
}

const align16 = (n: number) => (n + 15) & ~15;

export class DenseVectorIndex {
  readonly dim: number;
  private readonly padded: number;
  private readonly bits: Region;
  private readonly bytes: Region;
  private readonly coarseBits: number;
  private mean: Float32Array | null = null;
  /** The dimensions the coarse bits are taken from, most varying first. */
  private coarseDims: Int32Array | null = null;
  private count = 0;
  private dead = 0;
  private ids = new Float64Array(0);
  private lectures = new Int32Array(0);
  private kinds = new Uint8Array(0);
  private starts = new Float64Array(0);
  private ends = new Float64Array(0);
  private scales = new Float32Array(0);
  private alive = new Uint8Array(0);
  private readonly ranges = new Map<number, { first: number; count: number }>();

  constructor(dim: number, options: { preferJs?: boolean; coarseBits?: number } = {}) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`DenseVectorIndex: bad dimension ${dim}`);
    this.dim = dim;
    this.padded = Math.ceil(dim / 128) * 128;
    this.coarseBits = Math.min(this.padded, Math.ceil((options.coarseBits ?? 256) / 128) * 128);
    const bitChunks = this.coarseBits / 128;
    const byteChunks = this.padded / 16;
    if (bitChunks > MAX_BIT_CHUNKS) throw new RangeError(`DenseVectorIndex: dimension ${dim} too large`);
    const shape = { bitChunks, byteChunks };
    const preferJs = options.preferJs ?? false;
    this.bits = new Region(new WebAssembly.Memory({ initial: 1 }), bitChunks * 16, shape, preferJs);
    this.bytes = new Region(new WebAssembly.Memory({ initial: 1 }), byteChunks * 16, shape, preferJs);
  }

  get simd(): boolean {
    return this.bits.kernels.simd;
  }
  /** Live rows. */
  get size(): number {
    return this.count - this.dead;
  }
  /** Bytes held: both code blocks and the per-row columns. */
  get memoryBytes(): number {
    return this.bits.memory.buffer.byteLength + this.bytes.memory.buffer.byteLength + this.ids.length * 29;
  }
  hasLecture(lectureId: number): boolean {
    return this.ranges.has(lectureId);
  }
  lectureIds(): number[] {
    return [...this.ranges.keys()];
  }

  /** Replaces a lecture's rows (an empty list removes the lecture). */
  setLecture(lectureId: number, rows: readonly IndexRow[]): void {
    this.removeLecture(lectureId);
    if (rows.length === 0) return;
    if (this.dead > 0 && this.dead * 3 > this.count) this.compact();
    if (!this.mean) {
      this.mean = meanOf(rows, this.dim);
      this.coarseDims = mostVarying(rows, this.mean, Math.min(this.dim, this.coarseBits));
    }
    this.ensure(this.count + rows.length);
    const first = this.count;
    const bitBytes = this.bits.bytes();
    const i8 = new Int8Array(this.bytes.memory.buffer);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (row.vector.length !== this.dim) {
        throw new RangeError(`DenseVectorIndex: vector of length ${row.vector.length}, expected ${this.dim}`);
      }
      const at = first + r;
      encodeBits(row.vector, this.mean, this.coarseDims!, bitBytes, at * this.bits.rowBytes, this.bits.rowBytes);
      this.scales[at] = encodeInt8(row.vector, i8, at * this.bytes.rowBytes, this.bytes.rowBytes);
      this.ids[at] = row.id;
      this.lectures[at] = lectureId;
      this.kinds[at] = row.kind;
      this.starts[at] = row.start;
      this.ends[at] = row.end;
      this.alive[at] = 1;
    }
    this.count += rows.length;
    this.ranges.set(lectureId, { first, count: rows.length });
  }

  removeLecture(lectureId: number): void {
    const range = this.ranges.get(lectureId);
    if (!range) return;
    this.alive.fill(0, range.first, range.first + range.count);
    this.dead += range.count;
    this.ranges.delete(lectureId);
    if (this.dead === this.count) this.clear();
  }

  /** The `k` rows closest to `query` (L2-normalised, length dim), best first. */
  search(query: Float32Array, options: DenseSearchOptions): DenseHit[] {
    if (query.length !== this.dim) throw new RangeError(`DenseVectorIndex: query of length ${query.length}`);
    if (!this.mean || this.size === 0 || options.k <= 0) return [];
    let first = 0;
    let count = this.count;
    if (options.lectureId !== undefined) {
      const range = this.ranges.get(options.lectureId);
      if (!range) return [];
      ({ first, count } = range);
    }
    const rerank = Math.max(options.rerank ?? Math.max(2000, options.k * 40), options.k);
    const candidates = this.coarse(query, first, count, rerank, options.kind);
    return this.fine(query, candidates, options.k);
  }

  /**
   * Row indices of the ~`want` live rows (of `kind`) nearest by Hamming distance within
   * [first, first+count): one scan writes every row's distance and their histogram, which gives
   * the exact threshold; rows under it, then rows at it, are taken until `want` (of the kind).
   */
  private coarse(query: Float32Array, first: number, count: number, want: number, kind?: number): Int32Array {
    const b = this.bits;
    const maxDistance = this.coarseBits;
    // Dead rows and rows of other kinds sit in the scan too: collect proportionally more.
    const target = Math.min(count, Math.ceil(want / Math.max(0.05, this.kindShare(first, count, kind))));
    const queryAt = b.scratchAt;
    const histAt = queryAt + QUERY_BYTES;
    const distAt = histAt + align16((maxDistance + 1) * 4);
    const withinAt = distAt + align16(count * 2);
    b.reserve(b.capacity, withinAt - queryAt + count * 4);
    encodeBits(query, this.mean!, this.coarseDims!, b.bytes(), queryAt, b.rowBytes);
    const hist = new Int32Array(b.memory.buffer, histAt, maxDistance + 1);
    hist.fill(0);
    b.kernels.hammingDistances(0, first, count, queryAt, distAt, histAt);
    let threshold = 0;
    for (let seen = hist[0]; seen < target && threshold < maxDistance;) seen += hist[++threshold];
    // Rows under the threshold all fit; rows at it fill what is left.
    let atThreshold = target;
    for (let d = 0; d < threshold; d++) atThreshold -= hist[d];
    const dist = new Uint16Array(b.memory.buffer, distAt, count);
    // Only the rows at or under the threshold (a small share), found by the kernel, in row order.
    const within = new Int32Array(b.memory.buffer, withinAt, b.kernels.rowsWithin(distAt, count, threshold, withinAt));
    const out = new Int32Array(target);
    let n = 0;
    for (const i of within) {
      if (dist[i] === threshold && atThreshold-- <= 0) continue;
      const row = first + i;
      if (this.alive[row] && (kind === undefined || this.kinds[row] === kind)) out[n++] = row;
    }
    return out.subarray(0, n);
  }

  private fine(query: Float32Array, rows: Int32Array, k: number): DenseHit[] {
    const r = this.bytes;
    const queryAt = r.scratchAt;
    const indexAt = queryAt + align16(this.padded * 2);
    const outAt = indexAt + align16(rows.length * 4);
    r.reserve(r.capacity, outAt - queryAt + rows.length * 4 + 16);
    const q16 = new Int16Array(r.memory.buffer, queryAt, this.padded);
    const qScale = encodeInt16(query, q16);
    new Int32Array(r.memory.buffer, indexAt, rows.length).set(rows);
    r.kernels.dotRows(0, indexAt, rows.length, queryAt, outAt);
    const dots = new Int32Array(r.memory.buffer, outAt, rows.length);
    const scores = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) scores[i] = dots[i] * this.scales[rows[i]] * qScale;
    // The k-th best score from a native numeric sort, then only the rows at or above it.
    const cut = rows.length > k ? Float64Array.from(scores).sort()[rows.length - k] : -Infinity;
    const best: number[] = [];
    for (let i = 0; i < rows.length; i++) if (scores[i] >= cut) best.push(i);
    best.sort((a, b) => scores[b] - scores[a] || rows[a] - rows[b]);
    const hits: DenseHit[] = [];
    for (const i of best.slice(0, k)) {
      const row = rows[i];
      hits.push({
        id: this.ids[row],
        lectureId: this.lectures[row],
        kind: this.kinds[row],
        start: this.starts[row],
        end: this.ends[row],
        cosine: scores[i],
      });
    }
    return hits;
  }

  /** Share of rows in the range that are alive and of `kind`, from a sample. */
  private kindShare(first: number, count: number, kind?: number): number {
    const step = Math.max(1, Math.floor(count / 2048));
    let seen = 0;
    let match = 0;
    for (let i = first; i < first + count; i += step) {
      seen++;
      if (this.alive[i] && (kind === undefined || this.kinds[i] === kind)) match++;
    }
    return seen ? match / seen : 1;
  }

  private ensure(rows: number): void {
    if (rows <= this.ids.length) return;
    const capacity = Math.max(rows, Math.ceil(this.ids.length * 1.5), 1024);
    const grow = <T extends Float64Array | Int32Array | Uint8Array | Float32Array>(old: T, make: (n: number) => T) => {
      const next = make(capacity);
      next.set(old as never);
      return next;
    };
    this.ids = grow(this.ids, (n) => new Float64Array(n));
    this.lectures = grow(this.lectures, (n) => new Int32Array(n));
    this.kinds = grow(this.kinds, (n) => new Uint8Array(n));
    this.starts = grow(this.starts, (n) => new Float64Array(n));
    this.ends = grow(this.ends, (n) => new Float64Array(n));
    this.scales = grow(this.scales, (n) => new Float32Array(n));
    this.alive = grow(this.alive, (n) => new Uint8Array(n));
    this.bits.reserve(capacity, 0);
    this.bytes.reserve(capacity, 0);
  }

  /** Moves live rows down over dead ones, lecture by lecture (codes move inside their memories). */
  private compact(): void {
    let to = 0;
    const bitBytes = this.bits.bytes();
    const byteBytes = this.bytes.bytes();
    const ranges = [...this.ranges.entries()].sort((a, b) => a[1].first - b[1].first);
    for (const [lectureId, range] of ranges) {
      if (range.first !== to) {
        const move = (bytes: Uint8Array, width: number) =>
          bytes.copyWithin(to * width, range.first * width, (range.first + range.count) * width);
        move(bitBytes, this.bits.rowBytes);
        move(byteBytes, this.bytes.rowBytes);
        for (const column of [this.ids, this.lectures, this.kinds, this.starts, this.ends, this.scales, this.alive]) {
          column.copyWithin(to, range.first, range.first + range.count);
        }
      }
      this.ranges.set(lectureId, { first: to, count: range.count });
      to += range.count;
    }
    this.alive.fill(0, to);
    this.count = to;
    this.dead = 0;
  }

  private clear(): void {
    this.count = 0;
    this.dead = 0;
    this.alive.fill(0);
  }
}

/** The `n` dimensions whose values vary most around the mean. */
function mostVarying(rows: readonly IndexRow[], mean: Float32Array, n: number): Int32Array {
  const variance = new Float64Array(mean.length);
  for (const row of rows) {
    for (let k = 0; k < mean.length; k++) variance[k] += (row.vector[k] - mean[k]) ** 2;
  }
  const order = Array.from(variance.keys()).sort((a, b) => variance[b] - variance[a] || a - b);
  return Int32Array.from(order.slice(0, n));
}

function meanOf(rows: readonly IndexRow[], dim: number): Float32Array {
  const sum = new Float64Array(dim);
  for (const row of rows) for (let k = 0; k < dim; k++) sum[k] += row.vector[k];
  return Float32Array.from(sum, (s) => s / rows.length);
}

/** Sign bits of (v - mean) at the chosen dimensions, little-endian within bytes; the rest stay 0. */
function encodeBits(
  v: Float32Array,
  mean: Float32Array,
  dims: Int32Array,
  out: Uint8Array,
  at: number,
  width: number,
): void {
  out.fill(0, at, at + width);
  for (let j = 0; j < dims.length; j++) {
    const k = dims[j];
    if (v[k] > mean[k]) out[at + (j >> 3)] |= 1 << (j & 7);
  }
}

/** int8 codes of v (padding zero); returns the scale that turns a code back into a value. */
function encodeInt8(v: Float32Array, out: Int8Array, at: number, width: number): number {
  let max = 0;
  for (let k = 0; k < v.length; k++) max = Math.max(max, Math.abs(v[k]));
  const scale = max > 0 ? max / 127 : 1;
  out.fill(0, at, at + width);
  for (let k = 0; k < v.length; k++) out[at + k] = Math.round(v[k] / scale);
  return scale;
}

/** int16 codes of the query within +-4095 (so a 4k-d int8 x int16 dot stays inside int32). */
function encodeInt16(v: Float32Array, out: Int16Array): number {
  let max = 0;
  for (let k = 0; k < v.length; k++) max = Math.max(max, Math.abs(v[k]));
  const scale = max > 0 ? max / 4095 : 1;
  out.fill(0);
  for (let k = 0; k < v.length; k++) out[k] = Math.round(v[k] / scale);
  return scale;
}
