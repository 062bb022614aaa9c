import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../core/user-error.ts';

/** The ggml magic whisper.cpp checks first ('ggml' as a little-endian uint32). */
export const GGML_MAGIC = 0x67676d6c;

export interface WhisperModelInfo {
  path: string;
  /** 'tiny.en', 'base', … from the file name (ggml-<name>.bin), else the file's stem. */
  name: string;
  sizeBytes: number;
  nVocab: number;
  nAudioCtx: number;
  nAudioState: number;
  nAudioHead: number;
  nAudioLayer: number;
  nTextCtx: number;
  nTextState: number;
  nTextHead: number;
  nTextLayer: number;
  nMels: number;
  ftype: number;
  /** Multilingual vocabularies have 51865+ tokens; English-only (.en) ones 51864. */
  multilingual: boolean;
  /** whisper's size class from the encoder depth. */
  size: 'tiny' | 'base' | 'small' | 'medium' | 'large' | 'unknown';
  tensorCount: number;
  /** Name, ggml type and extents of every tensor, when asked for. */
  tensors?: Array<{ name: string; type: number; ne: number[] }>;
}

/** Bytes per block and elements per block of the ggml tensor types whisper files use. */
const GGML_TYPE_SIZES: Record<number, [bytes: number, elements: number]> = {
  0: [4, 1], // f32
  1: [2, 1], // f16
  2: [18, 32], // q4_0
  3: [20, 32], // q4_1
  6: [22, 32], // q5_0
  7: [24, 32], // q5_1
  8: [34, 32], // q8_0
  10: [84, 256], // q2_k
  11: [110, 256], // q3_k
  12: [144, 256], // q4_k
  13: [176, 256], // q5_k
  14: [210, 256], // q6_k
};

const SIZE_BY_LAYERS: Record<number, WhisperModelInfo['size']> = {
  4: 'tiny',
  6: 'base',
  12: 'small',
  24: 'medium',
  32: 'large',
};

/** 'ggml-tiny.en.bin' → 'tiny.en'; 'my-model.bin' → 'my-model'. */
export function modelNameFromPath(modelPath: string): string {
  const base = path.basename(modelPath).replace(/\.bin$/i, '');
  return base.replace(/^ggml-/, '') || base;
}

/** Reads at a file offset, tracking the position; never reads past the end. */
class FileCursor {
  offset = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly fail: (why: string) => never,
  ) {}

  bytes(length: number): Buffer {
    if (length < 0 || this.offset + length > this.size) this.fail('the file ends too early (truncated download?)');
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buffer, done, length - done, this.offset + done);
      if (n === 0) this.fail('the file ends too early (truncated download?)');
      done += n;
    }
    this.offset += length;
    return buffer;
  }

  int32(): number {
    return this.bytes(4).readInt32LE(0);
  }

  skip(length: number): void {
    if (length < 0 || this.offset + length > this.size) this.fail('the file ends too early (truncated download?)');
    this.offset += length;
  }
}

/**
 * Checks that a file is a whisper.cpp ggml model before the native binding sees it (the binding
 * crashes on a missing, foreign or truncated file): it must exist, start with the ggml magic,
 * carry sane hyper-parameters, and its tensor table must end exactly at the end of the file.
 * Reads only headers (a few hundred KB), never the weights.
 */
export function readWhisperModelInfo(modelPath: string, options: { withTensors?: boolean } = {}): WhisperModelInfo {
  const name = modelNameFromPath(modelPath);
  const fail = (why: string): never => {
    throw new UserError(
      'asr-model-invalid',
      `The speech model ${modelPath} is not a usable whisper.cpp model: ${why}.`,
      'Re-install it with `lectern models install <name>` (e.g. tiny.en), or import a ggml .bin file with `lectern models import <file>`.',
    );
  };
  let size: number;
  try {
    const stat = statSync(modelPath);
    if (!stat.isFile()) fail('it is not a file');
    size = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      'asr-model-missing',
      `The speech model ${modelPath} does not exist.`,
      'Install one with `lectern models install tiny.en` (or base.en, small, …), or pass --model <file.bin>.',
    );
  }
  let fd: number;
  try {
    fd = openSync(modelPath, 'r');
  } catch (error) {
    return fail(`it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const cursor = new FileCursor(fd, size, fail);
    if (size < 48) fail('it is too small');
    const magic = cursor.bytes(4);
    if (magic.toString('latin1') === 'GGUF') fail('it is a GGUF file (llama.cpp format), not a whisper ggml .bin');
    if (magic.readUInt32LE(0) !== GGML_MAGIC) fail('it does not start with the ggml magic number');
    const h = Array.from({ length: 11 }, () => cursor.int32());
    const [nVocab, nAudioCtx, nAudioState, nAudioHead, nAudioLayer, nTextCtx, nTextState, nTextHead, nTextLayer] = h;
    const [nMels, ftype] = [h[9], h[10]];
    const sane =
      nVocab >= 51864 &&
      nVocab <= 52000 &&
      nAudioCtx > 0 &&
      nAudioCtx <= 1500 &&
      nTextCtx > 0 &&
      nTextCtx <= 448 &&
      nAudioHead > 0 &&
      nAudioState % nAudioHead === 0 &&
      nTextHead > 0 &&
      nTextState % nTextHead === 0 &&
      nAudioLayer > 0 &&
      nAudioLayer <= 64 &&
      nTextLayer > 0 &&
      nTextLayer <= 64 &&
      (nMels === 80 || nMels === 128) &&
      ftype >= 0 &&
      ftype % 1000 <= 20;
    if (!sane) fail(`its hyper-parameters are not whisper's (n_vocab ${nVocab}, n_mels ${nMels})`);

    const nMel = cursor.int32();
    const nFft = cursor.int32();
    if (nMel !== nMels || nFft <= 0 || nFft > 1024) fail('its mel filter table is malformed');
    cursor.skip(nMel * nFft * 4);

    const vocabEntries = cursor.int32();
    if (vocabEntries <= 0 || vocabEntries > nVocab) fail('its vocabulary is malformed');
    // The vocabulary is ~500 KB of length-prefixed strings: read it in one go.
    const vocabStart = cursor.offset;
    const window = cursor.bytes(Math.min(size - vocabStart, vocabEntries * 260));
    let at = 0;
    for (let i = 0; i < vocabEntries; i++) {
      if (at + 4 > window.length) fail('its vocabulary is truncated');
      const length = window.readUInt32LE(at);
      at += 4 + length;
      if (length > 256 || at > window.length) fail('its vocabulary is malformed');
    }
    cursor.offset = vocabStart + at;

    let tensorCount = 0;
    const tensors: NonNullable<WhisperModelInfo['tensors']> = [];
    while (cursor.offset < size) {
      const nDims = cursor.int32();
      const nameLength = cursor.int32();
      const type = cursor.int32();
      if (nDims < 1 || nDims > 4 || nameLength <= 0 || nameLength > 256) fail('its tensor table is malformed');
      let elements = 1;
      const ne: number[] = [];
      for (let d = 0; d < nDims; d++) {
        const extent = cursor.int32();
        if (extent <= 0) fail('its tensor table is malformed');
        elements *= extent;
        ne.push(extent);
      }
      if (options.withTensors) tensors.push({ name: cursor.bytes(nameLength).toString('utf8'), type, ne });
      else cursor.skip(nameLength);
      const typeSize = GGML_TYPE_SIZES[type];
      if (!typeSize) fail(`it uses an unknown tensor type (${type})`);
      const [blockBytes, blockElements] = typeSize;
      cursor.skip(Math.ceil(elements / blockElements) * blockBytes);
      tensorCount++;
    }
    // Encoder: 7 + 15 per block; decoder: 4 + 24 per block (whisper.cpp's own count).
    const expected = 7 + 15 * nAudioLayer + 4 + 24 * nTextLayer;
    if (tensorCount !== expected) fail(`it has ${tensorCount} tensors where ${expected} were expected`);
    return {
      path: modelPath,
      name,
      sizeBytes: size,
      nVocab,
      nAudioCtx,
      nAudioState,
      nAudioHead,
      nAudioLayer,
      nTextCtx,
      nTextState,
      nTextHead,
      nTextLayer,
      nMels,
      ftype,
      multilingual: nVocab >= 51865,
      size: SIZE_BY_LAYERS[nAudioLayer] ?? 'unknown',
      tensorCount,
      ...(options.withTensors ? { tensors } : {}),
    };
  } finally {
    closeSync(fd);
  }
}
