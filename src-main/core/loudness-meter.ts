/**
 * Streaming loudness envelope of 16-bit little-endian mono PCM: RMS level in dBFS per
 * window. Keeps one partial window, so memory is flat for any length.
 */
export class LoudnessMeter {
  private readonly windowSamples: number;
  private sumSquares = 0;
  private count = 0;
  private carry: number | null = null;
  readonly levels: number[] = [];

  constructor(sampleRate: number, windowSeconds: number) {
    this.windowSamples = Math.max(1, Math.round(sampleRate * windowSeconds));
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    if (this.carry !== null && chunk.length > 0) {
      this.addSample((((chunk[0] << 8) | this.carry) << 16) >> 16);
      this.carry = null;
      offset = 1;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (; offset + 1 < chunk.length; offset += 2) this.addSample(view.getInt16(offset, true));
    if (offset < chunk.length) this.carry = chunk[offset];
  }

  finish(): Float32Array {
    if (this.count > 0) this.closeWindow();
    return Float32Array.from(this.levels);
  }

  private addSample(sample: number): void {
    const x = sample / 32768;
    this.sumSquares += x * x;
    this.count += 1;
    if (this.count === this.windowSamples) this.closeWindow();
  }

  private closeWindow(): void {
    const rms = Math.sqrt(this.sumSquares / this.count);
    this.levels.push(rms > 0 ? Math.max(-100, 20 * Math.log10(rms)) : -100);
    this.sumSquares = 0;
    this.count = 0;
  }
}
