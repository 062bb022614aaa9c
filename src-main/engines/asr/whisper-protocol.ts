/** Messages between transcribe-media (parent) and whisper-child (the process that runs whisper.cpp). */

export interface RawToken {
  id: number;
  text: string;
  p: number;
  /** Seconds from the start of the PCM buffer given to whisper. */
  start: number;
  end: number;
}

export interface RawSegment {
  start: number;
  end: number;
  text: string;
  language: string;
  tokens: RawToken[];
}

export type ParentMessage =
  | { type: 'load'; modelPath: string }
  | { type: 'transcribe'; id: number; pcm: Float32Array; language: string; threads: number };

export type ChildMessage =
  | { type: 'loaded' }
  | { type: 'segment'; id: number; segment: RawSegment }
  | { type: 'done'; id: number; segments: RawSegment[] }
  | { type: 'failed'; id?: number; code: string; message: string };
