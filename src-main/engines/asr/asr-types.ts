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
}
