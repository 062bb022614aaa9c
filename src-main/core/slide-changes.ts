export interface VisualSpan {
  start: number;
  end: number;
  /** Time of the frame that best shows the span (late in it, after reveals and transitions). */
  keyTime: number;
}

export interface SlideChangeOptions {
  /** Seconds between sampled frames. */
  step: number;
  /** A pixel has changed when its grey level moves by more than this (0-255). */
  pixelThreshold?: number;
  /** A frame starts a new span when this fraction of pixels changed against the span's anchor. */
  changedFraction?: number;
  /** Spans shorter than this (transitions, animations) are folded into a neighbour. */
  minSpanSeconds?: number;
}

/**
 * Streaming slide-change detector over small greyscale frames. It keeps only the anchor
 * (first frame of the current span), the previous frame and a candidate change, so memory is
 * flat however long the lecture is. Comparing against the anchor as well as the previous
 * frame catches slow fades that never differ much from one sample to the next.
 */
export class SlideChangeDetector {
  private readonly step: number;
  private readonly pixelThreshold: number;
  private readonly changedFraction: number;
  private readonly minSpanSeconds: number;
  private anchor: Uint8Array | null = null;
  private previous: Uint8Array | null = null;
  private pending: { frame: Uint8Array; index: number } | null = null;
  private frameIndex = 0;
  private readonly starts: number[] = [];
  /** Per-frame change against the previous frame (fraction of changed pixels), for later stages. */
  readonly changeSeries: number[] = [];

  constructor(options: SlideChangeOptions) {
    this.step = options.step;
    this.pixelThreshold = options.pixelThreshold ?? 18;
    this.changedFraction = options.changedFraction ?? 0.04;
    this.minSpanSeconds = options.minSpanSeconds ?? 2;
  }

  push(frame: Uint8Array): void {
    const copy = Uint8Array.from(frame);
    if (!this.anchor || !this.previous) {
      this.anchor = copy;
      this.starts.push(0);
      this.changeSeries.push(0);
      this.previous = copy;
      this.frameIndex += 1;
      return;
    }
    const fromPrevious = changedFraction(this.previous, copy, this.pixelThreshold);
    this.changeSeries.push(fromPrevious);
    // A slide change is confirmed only when the new picture then holds still for a sample:
    // a moving speaker or a video on the slide keeps changing and never starts a new span.
    if (this.pending && changedFraction(this.pending.frame, copy, this.pixelThreshold) < this.changedFraction) {
      this.starts.push(this.pending.index * this.step);
      this.anchor = this.pending.frame;
    }
    this.pending = null;
    const fromAnchor = changedFraction(this.anchor, copy, this.pixelThreshold);
    if (fromPrevious >= this.changedFraction || fromAnchor >= this.changedFraction * 2) {
      this.pending = { frame: copy, index: this.frameIndex };
    }
    this.previous = copy;
    this.frameIndex += 1;
  }

  get framesSeen(): number {
    return this.frameIndex;
  }

  /** Closes the last span at `duration` and returns spans covering [0, duration]. */
  finish(duration: number): VisualSpan[] {
    // A change on the very last sample cannot be confirmed; it is too short to matter anyway.
    return spansFromStarts(this.starts, duration, this.minSpanSeconds);
  }
}

function changedFraction(a: Uint8Array, b: Uint8Array, threshold: number): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[i];
    if (d > threshold || d < -threshold) changed++;
  }
  return changed / n;
}

/** Turns change times into contiguous spans, folding spans shorter than `minSeconds` into the next one. */
export function spansFromStarts(starts: readonly number[], duration: number, minSeconds: number): VisualSpan[] {
  const cleaned: number[] = [];
  for (const start of [...starts].sort((a, b) => a - b)) {
    if (start >= duration) continue;
    if (cleaned.length === 0) {
      cleaned.push(0);
      if (start <= 0) continue;
    }
    const last = cleaned[cleaned.length - 1];
    // A span too short to be a slide (a transition) takes the later start instead.
    if (start - last < minSeconds) {
      if (cleaned.length > 1) cleaned[cleaned.length - 1] = start;
      continue;
    }
    cleaned.push(start);
  }
  if (cleaned.length === 0) cleaned.push(0);
  if (cleaned.length > 1 && duration - cleaned[cleaned.length - 1] < minSeconds) cleaned.pop();
  return cleaned.map((start, i) => {
    const end = i + 1 < cleaned.length ? cleaned[i + 1] : duration;
    const keyTime = Math.max(start, Math.min(end - 0.5, start + (end - start) * 0.75));
    return { start, end, keyTime };
  });
}
