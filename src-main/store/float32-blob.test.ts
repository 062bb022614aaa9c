import { describe, expect, it } from 'vitest';
import { toBlob, toFloat32 } from './float32-blob.ts';

describe('float32 BLOBs', () => {
  it('reads back the values written, from a buffer at an odd byte offset too', () => {
    const values = new Float32Array([0.5, -1.25, 3e-8, Number.MAX_VALUE]);
    const stored = toBlob(values);
    expect(Array.from(toFloat32(stored))).toEqual(Array.from(values));
    const unaligned = Buffer.concat([Buffer.from([7]), stored]).subarray(1);
    expect(unaligned.byteOffset % 4).not.toBe(0);
    expect(Array.from(toFloat32(unaligned))).toEqual(Array.from(values));
  });
});
