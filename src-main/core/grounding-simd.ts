/**
 * The two inner loops of dense moment search, as WebAssembly SIMD kernels assembled here from
 * opcodes (no toolchain, no binary blob in the repo), with plain-JS twins for runtimes without
 * SIMD and as the reference the tests check the kernels against.
 *
 *  - hammingDistances: one pass over a block of bit rows (`bitChunks` x 128 bits each): the
 *    Hamming distance of each row to the query (xor, i8x16.popcnt, widening adds), stored as
 *    u16s, and a histogram of all distances (so the caller picks its threshold exactly, in
 *    one pass, whatever the query).
 *  - rowsWithin: the indices of the distances at or under a threshold, in order (eight u16
 *    distances compared at once, i16x8.le_u + v128.any_true; only a block that holds one is
 *    looked at lane by lane), so the caller walks the few kept rows instead of every row.
 *  - dotRows: int8 rows (picked by index) against an int16 query, i32 accumulation through
 *    i32x4.dot_i16x8_s.
 *
 * Both read and write one WebAssembly.Memory that the caller owns; offsets are in bytes and
 * must be multiples of 16.
 */

export interface SimdKernels {
  /** True when the WebAssembly SIMD path runs; false for the JS fallback. */
  readonly simd: boolean;
  readonly memory: WebAssembly.Memory;
  /** 16-byte chunks per bit row (128 bits each) and per int8 row (16 values each). */
  readonly bitChunks: number;
  readonly byteChunks: number;
  /**
   * For bit rows first .. first+count-1 (stored from byte `rowsAt`) against the query's bits at
   * `queryAt`: writes each row's Hamming distance as a u16 at distAt + 2 (row - first), and adds
   * 1 to histogram[distance] (i32s at `histAt`, bitChunks*128+1 of them) for every row.
   */
  hammingDistances(rowsAt: number, first: number, count: number, queryAt: number, distAt: number, histAt: number): void;
  /**
   * Writes i (i32s from byte `outAt`, ascending) for every u16 distance dist[i] <= `threshold`
   * among the `count` at `distAt`; returns how many it wrote.
   */
  rowsWithin(distAt: number, count: number, threshold: number, outAt: number): number;
  /**
   * out[i] (i32) = sum_k int8row[index[i]][k] * int16query[k]; int8 rows from byte `rowsAt`,
   * `count` row indices (i32) at `indexAt`, the int16 query at `queryAt`.
   */
  dotRows(rowsAt: number, indexAt: number, count: number, queryAt: number, outAt: number): void;
}

// ---- a tiny assembler: just what the two kernels need ----

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  eqz: [0x45],
  geU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (d: number) => [0x0c, ...uleb(d)],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  end: [0x0b],
  load32: [0x28, 2, 0],
  load16u: [0x2f, 1, 0],
  and: [0x71],
  ltU: [0x49],
  leU: [0x4d],
  if: [0x04, 0x40],
  store32: [0x36, 2, 0],
  store16: [0x3b, 1, 0],
  simd: (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm],
};
const v128zero = op.simd(0x0c, ...new Array<number>(16).fill(0));
const v128xor = op.simd(0x51);
const i8x16popcnt = op.simd(0x62);
const i8x16add = op.simd(0x6e);
const i16x8extaddU = op.simd(0x7d); // i16x8.extadd_pairwise_i8x16_u
const i32x4extaddU = op.simd(0x7f); // i32x4.extadd_pairwise_i16x8_u
const i16x8extendLowS = op.simd(0x87);
const i16x8extendHighS = op.simd(0x88);
const i32x4add = op.simd(0xae);
const i32x4dot = op.simd(0xba);
const i16x8splat = op.simd(0x10);
const i16x8leU = op.simd(0x34);
const v128anyTrue = op.simd(0x53);
const lane = (i: number) => op.simd(0x1b, i); // i32x4.extract_lane

/** Sum of the four i32 lanes of the v128 in local `v`, left on the stack. */
const laneSum = (v: number): number[] => [
  ...op.get(v),
  ...lane(0),
  ...op.get(v),
  ...lane(1),
  ...op.add,
  ...op.get(v),
  ...lane(2),
  ...op.add,
  ...op.get(v),
  ...lane(3),
  ...op.add,
];

// hammingDistances(rowsAt, first, count, queryAt, distAt, histAt), unrolled for `chunks`, the
// query's chunks held in v128 locals. Locals: 6 p, 7 i, 8 d, 9 acc, 10.. query chunks.
const hammingBody = (chunks: number): number[] => {
  const [rowsAt, first, count, queryAt, distAt, histAt] = [0, 1, 2, 3, 4, 5];
  const [p, i, d, acc, q0] = [6, 7, 8, 9, 10];
  const code: number[] = [
    ...vec([
      [3, I32],
      [1 + chunks, V128],
    ]),
  ];
  for (let c = 0; c < chunks; c++)
    code.push(...op.get(queryAt), ...op.simd(0x00, 4, ...uleb(16 * c)), ...op.set(q0 + c));
  code.push(
    ...op.get(rowsAt),
    ...op.get(first),
    ...op.i32(chunks * 16),
    ...op.mul,
    ...op.add,
    ...op.set(p),
    ...op.block,
    ...op.loop,
    ...op.get(i),
    ...op.get(count),
    ...op.geU,
    ...op.brIf(1),
  );
  for (let c = 0; c < chunks; c++) {
    code.push(...op.get(p), ...op.simd(0x00, 4, ...uleb(16 * c)), ...op.get(q0 + c), ...v128xor, ...i8x16popcnt);
    if (c > 0) code.push(...i8x16add);
  }
  code.push(
    // widen the byte counts (each <= 8 * chunks) to i32 lanes; d = their sum
    ...i16x8extaddU,
    ...i32x4extaddU,
    ...op.set(acc),
    ...laneSum(acc),
    ...op.set(d),
    // dist[i] = d
    ...op.get(distAt),
    ...op.get(i),
    ...op.i32(1),
    ...op.shl,
    ...op.add,
    ...op.get(d),
    ...op.store16,
    // histogram[d] += 1
    ...op.get(histAt),
    ...op.get(d),
    ...op.i32(2),
    ...op.shl,
    ...op.add,
    ...op.get(histAt),
    ...op.get(d),
    ...op.i32(2),
    ...op.shl,
    ...op.add,
    ...op.load32,
    ...op.i32(1),
    ...op.add,
    ...op.store32,
    ...op.get(p),
    ...op.i32(chunks * 16),
    ...op.add,
    ...op.set(p),
    ...op.get(i),
    ...op.i32(1),
    ...op.add,
    ...op.set(i),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.end,
  );
  return code;
};

// dotRows(rowsAt, indexAt, count, queryAt, outAt), unrolled for `chunks`.
// Locals: 5 p, 6 end, 7 acc, 8 v.
const dotBody = (chunks: number): number[] => {
  const [rowsAt, indexAt, count, queryAt, outAt, p, end, acc, v] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const code: number[] = [
    ...vec([
      [2, I32],
      [2, V128],
    ]),
    ...op.get(outAt),
    ...op.get(count),
    ...op.i32(2),
    ...op.shl,
    ...op.add,
    ...op.set(end),
    ...op.block,
    ...op.get(count),
    ...op.eqz,
    ...op.brIf(0),
    ...op.loop,
    // p = rowsAt + index[i] * chunks * 16
    ...op.get(rowsAt),
    ...op.get(indexAt),
    ...op.load32,
    ...op.i32(chunks * 16),
    ...op.mul,
    ...op.add,
    ...op.set(p),
    ...v128zero,
  ];
  for (let c = 0; c < chunks; c++) {
    code.push(
      ...op.get(p),
      ...op.simd(0x00, 4, ...uleb(16 * c)),
      ...op.tee(v),
      ...i16x8extendLowS,
      ...op.get(queryAt),
      ...op.simd(0x00, 4, ...uleb(32 * c)),
      ...i32x4dot,
      ...i32x4add,
      ...op.get(v),
      ...i16x8extendHighS,
      ...op.get(queryAt),
      ...op.simd(0x00, 4, ...uleb(32 * c + 16)),
      ...i32x4dot,
      ...i32x4add,
    );
  }
  code.push(
    ...op.set(acc),
    ...op.get(outAt),
    ...laneSum(acc),
    ...op.store32,
    ...op.get(indexAt),
    ...op.i32(4),
    ...op.add,
    ...op.set(indexAt),
    ...op.get(outAt),
    ...op.i32(4),
    ...op.add,
    ...op.tee(outAt),
    ...op.get(end),
    ...op.sub,
    ...op.brIf(0),
    ...op.end,
    ...op.end,
    ...op.end,
  );
  return code;
};

// rowsWithin(distAt, count, threshold, outAt) -> n. Locals: 4 i, 5 n, 6 j, 7 end, 8 limit, 9 t (v128).
const rowsWithinBody = (): number[] => {
  const [distAt, count, threshold, outAt, i, n, j, end, limit, t] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  // if dist[x] <= threshold: out[n++] = x (x in local `x`)
  const keep = (x: number): number[] => [
    ...op.get(distAt),
    ...op.get(x),
    ...op.i32(1),
    ...op.shl,
    ...op.add,
    ...op.load16u,
    ...op.get(threshold),
    ...op.leU,
    ...op.if,
    ...op.get(outAt),
    ...op.get(n),
    ...op.i32(2),
    ...op.shl,
    ...op.add,
    ...op.get(x),
    ...op.store32,
    ...op.get(n),
    ...op.i32(1),
    ...op.add,
    ...op.set(n),
    ...op.end,
  ];
  return [
    ...vec([
      [5, I32],
      [1, V128],
    ]),
    ...op.get(threshold),
    ...i16x8splat,
    ...op.set(t),
    ...op.get(count),
    ...op.i32(-8),
    ...op.and,
    ...op.set(limit),
    // eight distances at a time; a block with one at or under the threshold, lane by lane
    ...op.block,
    ...op.loop,
    ...op.get(i),
    ...op.get(limit),
    ...op.geU,
    ...op.brIf(1),
    ...op.get(distAt),
    ...op.get(i),
    ...op.i32(1),
    ...op.shl,
    ...op.add,
    ...op.simd(0x00, 4, 0),
    ...op.get(t),
    ...i16x8leU,
    ...v128anyTrue,
    ...op.if,
    ...op.get(i),
    ...op.set(j),
    ...op.get(i),
    ...op.i32(8),
    ...op.add,
    ...op.set(end),
    ...op.loop,
    ...keep(j),
    ...op.get(j),
    ...op.i32(1),
    ...op.add,
    ...op.tee(j),
    ...op.get(end),
    ...op.ltU,
    ...op.brIf(0),
    ...op.end,
    ...op.end,
    ...op.get(i),
    ...op.i32(8),
    ...op.add,
    ...op.set(i),
    ...op.br(0),
    ...op.end,
    ...op.end,
    // the last count % 8, one by one
    ...op.block,
    ...op.loop,
    ...op.get(i),
    ...op.get(count),
    ...op.geU,
    ...op.brIf(1),
    ...keep(i),
    ...op.get(i),
    ...op.i32(1),
    ...op.add,
    ...op.set(i),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(n),
    ...op.end,
  ];
};

/**
 * The module's bytes for bit rows of `bitChunks` x 128 bits and int8 rows of `byteChunks` x 16
 * values: imports env.memory, exports hammingDistances (6 x i32), dotRows (5 x i32) and
 * rowsWithin (4 x i32 -> i32).
 */
export function kernelModuleBytes(bitChunks: number, byteChunks: number): Uint8Array<ArrayBuffer> {
  const hammingType = [0x60, ...vec(new Array(6).fill([I32])), 0x00];
  const dotType = [0x60, ...vec(new Array(5).fill([I32])), 0x00];
  const withinType = [0x60, ...vec(new Array(4).fill([I32])), 0x01, I32];
  const body = (code: number[]) => [...uleb(code.length), ...code];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([hammingType, dotType, withinType])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0], [1], [2]])),
    ...section(
      7,
      vec([
        [...name('hammingDistances'), 0x00, 0],
        [...name('dotRows'), 0x00, 1],
        [...name('rowsWithin'), 0x00, 2],
      ]),
    ),
    ...section(10, vec([body(hammingBody(bitChunks)), body(dotBody(byteChunks)), body(rowsWithinBody())])),
  ];
  return new Uint8Array(bytes);
}

function jsKernels(memory: WebAssembly.Memory, bitChunks: number, byteChunks: number): SimdKernels {
  const popcount = (x: number) => {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  };
  const words = bitChunks * 4;
  const dim = byteChunks * 16;
  return {
    simd: false,
    memory,
    bitChunks,
    byteChunks,
    hammingDistances(rowsAt, first, count, queryAt, distAt, histAt) {
      const m = new Int32Array(memory.buffer);
      const dist = new Uint16Array(memory.buffer, distAt, count);
      const q = queryAt >> 2;
      const hist = histAt >> 2;
      let row = (rowsAt >> 2) + first * words;
      for (let i = 0; i < count; i++, row += words) {
        let d = 0;
        for (let w = 0; w < words; w++) d += popcount(m[row + w] ^ m[q + w]);
        m[hist + d]++;
        dist[i] = d;
      }
    },
    dotRows(rowsAt, indexAt, count, queryAt, outAt) {
      const bytes = new Int8Array(memory.buffer);
      const i32 = new Int32Array(memory.buffer);
      const i16 = new Int16Array(memory.buffer);
      const q = queryAt >> 1;
      for (let i = 0; i < count; i++) {
        const row = rowsAt + i32[(indexAt >> 2) + i] * dim;
        let s = 0;
        for (let k = 0; k < dim; k++) s += bytes[row + k] * i16[q + k];
        i32[(outAt >> 2) + i] = s;
      }
    },
    rowsWithin(distAt, count, threshold, outAt) {
      const dist = new Uint16Array(memory.buffer, distAt, count);
      const out = new Int32Array(memory.buffer, outAt, count);
      let n = 0;
      for (let i = 0; i < count; i++) if (dist[i] <= threshold) out[n++] = i;
      return n;
    },
  };
}

/** Largest bit chunks the byte-wide popcount accumulators can take (8 bits x 31 < 256). */
export const MAX_BIT_CHUNKS = 31;

/**
 * Kernels over `memory` for bit rows of `bitChunks` x 128 bits and int8 rows of `byteChunks`
 * x 16 values: WebAssembly SIMD when the runtime validates the module, else JS. `preferJs`
 * forces the JS path (the tests compare the two). All offsets must be 16-byte aligned.
 */
export function createKernels(
  memory: WebAssembly.Memory,
  shape: { bitChunks: number; byteChunks: number },
  options: { preferJs?: boolean } = {},
): SimdKernels {
  const { bitChunks, byteChunks } = shape;
  if (!(bitChunks >= 1 && bitChunks <= MAX_BIT_CHUNKS && byteChunks >= 1)) {
    throw new RangeError(`createKernels: unsupported shape ${bitChunks} bit / ${byteChunks} byte chunks`);
  }
  const bytes = kernelModuleBytes(bitChunks, byteChunks);
  if (options.preferJs || typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) {
    return jsKernels(memory, bitChunks, byteChunks);
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const exports = instance.exports as unknown as Pick<SimdKernels, 'hammingDistances' | 'dotRows' | 'rowsWithin'>;
  return {
    simd: true,
    memory,
    bitChunks,
    byteChunks,
    hammingDistances: exports.hammingDistances,
    dotRows: exports.dotRows,
    rowsWithin: exports.rowsWithin,
  };
}
