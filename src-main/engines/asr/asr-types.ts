/** One word (or word piece joined into a word) with its time in seconds and its probability. */
export interface AsrWord {
  start: number;
  end: number;
  text: string;
  p?: number;
}

/** One decoded segment; times in seconds from the start of the media. */
export interface AsrSegment {
  start: number;
  end: number;
  text: string;
  words?: AsrWord[];
}

export interface AsrResult {
  /** ISO 639-1 code: the detected language (multilingual models) or 'en' for English-only models. */
  language: string;
  segments: AsrSegment[];
  /** The model's name, e.g. 'tiny.en' for ggml-tiny.en.bin. */
  model: string;
}

export interface AsrOptions {
  /** A whisper.cpp ggml model file (see src-main/models for installing one). */
  modelPath: string;
  /** ISO 639-1 code, or undefined / 'auto' to detect it (multilingual models only). */
  language?: string;
  threads?: number;
  /** Called as segments are decoded: seconds of media done, of the media's duration. */
  onProgress?: (doneSeconds: number, totalSeconds: number) => void;
  signal?: AbortSignal;
  /**
   * Called after each chunk with the segments it settled (in order, never revised later) and the
   * point to resume from: a caller that stores both can continue a killed run where it stopped.
   */
  onCommit?: (segments: AsrSegment[], resume: AsrResumePoint) => void;
  /** Continues an earlier run from the point its last `onCommit` gave (the result then holds only new segments). */
  resumeFrom?: AsrResumePoint;
}

/** Where a chunked transcription stands after a chunk: the same chunks follow from it as in an unbroken run. */
export interface AsrResumePoint {
  /** Seconds: where the next chunk starts (the media's end once the last chunk is done). */
  nextStart: number;
  /** Seconds: the end of the last segment kept. */
  committedUntil: number;
  /** The language decided so far (null: not yet detected). */
  language: string | null;
}
