import { describe, expect, it } from 'vitest';
import { createKernels, kernelModuleBytes } from './grounding-simd.ts';

/** A deterministic pseudo-random byte source (xorshift32). */
function bytes(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x & 0xff;
  };
}

describe('SIMD kernels for the dense index', () => {
  it('assembles a module this runtime accepts', () => {
    for (const [bits, values] of [
      [1, 32],
      [4, 24],
      [2, 48],
    ]) {
      expect(WebAssembly.validate(kernelModuleBytes(bits, values))).toBe(true);
    }
  });

  it('computes the same distances and histogram as the plain JS kernel', () => {
    for (const bitChunks of [1, 3]) {
      const memory = new WebAssembly.Memory({ initial: 4 });
      const simd = createKernels(memory, { bitChunks, byteChunks: 8 });
      const js = createKernels(memory, { bitChunks, byteChunks: 8 }, { preferJs: true });
      expect(simd.simd).toBe(true);
      expect(js.simd).toBe(false);
      const rows = 1000;
      const rowBytes = bitChunks * 16;
      const u8 = new Uint8Array(memory.buffer);
      const next = bytes(7 + bitChunks);
      for (let i = 0; i < rows * rowBytes + 64; i++) u8[i] = next();
      const queryAt = rows * rowBytes;
      const maxD = bitChunks * 128;
      const run = (k: typeof simd, histAt: number, distAt: number) => {
        new Int32Array(memory.buffer, histAt, maxD + 1).fill(0);
        k.hammingDistances(0, 5, rows - 5, queryAt, distAt, histAt);
        return {
          hist: Array.from(new Int32Array(memory.buffer, histAt, maxD + 1)),
          dist: Array.from(new Uint16Array(memory.buffer, distAt, rows - 5)),
        };
      };
      const a = run(simd, 65536, 81920);
      const b = run(js, 98304, 114688);
      expect(a).toEqual(b);
      expect(a.hist.reduce((s, x) => s + x, 0)).toBe(rows - 5);
      // Check distances by hand.
      const pop = (x: number) => x.toString(2).replace(/0/g, '').length;
      for (const row of [0, 17, rows - 6]) {
        let d = 0;
        for (let i = 0; i < rowBytes; i++) d += pop(u8[(5 + row) * rowBytes + i] ^ u8[queryAt + i]);
        expect(a.dist[row]).toBe(d);
      }
    }
  });

  it('keeps the indices of the distances at or under a threshold, in order, as the plain JS kernel does', () => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const simd = createKernels(memory, { bitChunks: 2, byteChunks: 8 });
    const js = createKernels(memory, { bitChunks: 2, byteChunks: 8 }, { preferJs: true });
    const next = bytes(11);
    // Counts that are and are not multiples of eight, distances mostly far, a few near.
    for (const count of [0, 1, 7, 8, 9, 1000, 1003]) {
      const dist = new Uint16Array(memory.buffer, 0, count);
      for (let i = 0; i < count; i++) dist[i] = next() < 8 ? next() % 40 : 100 + next();
      if (count > 0) dist[count - 1] = 30;
      for (const threshold of [0, 30, 99, 256]) {
        const want = [...dist.keys()].filter((i) => dist[i] <= threshold);
        const got = (k: typeof simd, outAt: number) =>
          Array.from(new Int32Array(memory.buffer, outAt, k.rowsWithin(0, count, threshold, outAt)));
        expect(got(simd, 16384)).toEqual(want);
        expect(got(js, 32768)).toEqual(want);
      }
    }
  });

  it('gives distance 0 to rows equal to the query and counts them in the histogram', () => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const k = createKernels(memory, { bitChunks: 1, byteChunks: 1 });
    // 10 rows equal to the query, then one that differs in every bit.
    new Uint8Array(memory.buffer, 0, 10 * 16).fill(0xab);
    new Uint8Array(memory.buffer, 10 * 16, 16).fill(0x54);
    new Uint8Array(memory.buffer, 192, 16).fill(0xab);
    k.hammingDistances(0, 0, 11, 192, 4096, 8192);
    expect(Array.from(new Uint16Array(memory.buffer, 4096, 11))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128]);
    const hist = new Int32Array(memory.buffer, 8192, 129);
    expect(hist[0]).toBe(10);
    expect(hist[128]).toBe(1);
  });

  it('scores int8 rows against an int16 query exactly like the JS reference', () => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const simd = createKernels(memory, { bitChunks: 1, byteChunks: 4 });
    const js = createKernels(memory, { bitChunks: 1, byteChunks: 4 }, { preferJs: true });
    const dim = 64;
    const i8 = new Int8Array(memory.buffer, 0, 50 * dim);
    const next = bytes(3);
    for (let i = 0; i < i8.length; i++) i8[i] = next() - 128;
    const q = new Int16Array(memory.buffer, 4096, dim);
    for (let i = 0; i < dim; i++) q[i] = (next() << 4) - 2048;
    new Int32Array(memory.buffer, 8192, 5).set([0, 49, 7, 7, 20]);
    simd.dotRows(0, 8192, 5, 4096, 12288);
    js.dotRows(0, 8192, 5, 4096, 16384);
    const got = Array.from(new Int32Array(memory.buffer, 12288, 5));
    expect(got).toEqual(Array.from(new Int32Array(memory.buffer, 16384, 5)));
    let expected = 0;
    for (let k = 0; k < dim; k++) expected += i8[49 * dim + k] * q[k];
    expect(got[1]).toBe(expected);
  });
});
