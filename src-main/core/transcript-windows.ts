export interface TimedText {
  start: number;
  end: number;
  text: string;
}

export interface WindowOptions {
  /** Sentences (cues) per window. */
  size?: number;
  /** Sentences the next window moves on by; less than `size` makes windows overlap. */
  stride?: number;
  /** A window never spans more than this many seconds. */
  maxSeconds?: number;
}

/**
 * Overlapping windows of a few consecutive transcript cues: the units a question is matched
 * against (one sentence is too little context, a chapter too much).
 */
export function transcriptWindows(cues: readonly TimedText[], options: WindowOptions = {}): TimedText[] {
  const size = Math.max(1, options.size ?? 3);
  const stride = Math.max(1, Math.min(size, options.stride ?? 2));
  const maxSeconds = options.maxSeconds ?? 45;
  const windows: TimedText[] = [];
  for (let first = 0; first < cues.length; first += stride) {
    const parts = [cues[first]];
    for (let i = first + 1; i < Math.min(cues.length, first + size); i++) {
      if (cues[i].end - cues[first].start > maxSeconds) break;
      parts.push(cues[i]);
    }
    windows.push({
      start: parts[0].start,
      end: parts[parts.length - 1].end,
      text: parts.map((p) => p.text).join(' '),
    });
    if (first + size >= cues.length) break;
  }
  return windows;
}
