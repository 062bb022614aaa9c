export type { AsrOptions, AsrResult, AsrResumePoint, AsrSegment, AsrWord } from './asr-types.ts';
export { defaultAsrThreads, transcribeMedia } from './transcribe-media.ts';
export { readWhisperModelInfo, type WhisperModelInfo } from './whisper-model-file.ts';
