// How vectors and per-second signals are stored: float32 values as a SQLite BLOB.

/** The bytes of the array as they are (no copy). */
export const toBlob = (values: Float32Array): Buffer =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength);

/** A copy as a Float32Array: SQLite's buffer may not be 4-byte aligned. */
export function toFloat32(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}
