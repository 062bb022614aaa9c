import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../../../core/seeded-random.ts';
import { GGML_MAGIC } from '../whisper-model-file.ts';
import { WHISPER_LANGUAGES } from '../whisper-languages.ts';

/**
 * Builds a tiny but valid whisper.cpp ggml model (the real tiny layout with a small width) whose
 * greedy decoding of any 30 s window is a known sentence, so tests exercise the real binding,
 * loader and decoder without downloading weights.
 *
 * How: every block's output projections are zero, so the residual stream carries only the token
 * embedding plus the positional embedding. The decoder's positional embedding at position p is
 * a scaled copy of the token embedding of the token that must follow position p, so after the
 * final layer norm the logits peak at that token whatever the audio is. English-only models
 * decode from the prompt [sot]: position 0 predicts <|0.00|>, then the words, then the closing
 * timestamp, then end-of-text. Multilingual models: position 0 predicts the language token (that
 * is what language detection reads), the prompt is [sot, lang, transcribe] and position 2 starts
 * the segment.
 *
 * whisper.cpp then moves its window to the closing timestamp, so audio of D seconds decodes as
 * ceil(D / segmentSeconds) copies of the sentence at 0, segmentSeconds, 2·segmentSeconds, …
 */
export interface WhisperFixtureSpec {
  /** Tokens of the sentence, each one vocabulary entry (a leading space starts a new word). */
  tokens: string[];
  /** The closing timestamp of each window's segment, in seconds (a multiple of 0.02, <= 30). */
  segmentSeconds: number;
  /** A multilingual (51865-token) vocabulary whose language detection answers `language`. */
  multilingual?: boolean;
  language?: string;
  /** Model width (whisper.cpp needs >= 128) and depth. */
  nState?: number;
  nLayer?: number;
  seed?: number;
}

export const FIXTURE_SENTENCE = 'Welcome to the lecture on linear algebra and eigenvalues.';

/** The default fixture: English-only, the sentence above every 10 s. */
export const DEFAULT_FIXTURE: WhisperFixtureSpec = {
  tokens: [' Welcome', ' to', ' the', ' lecture', ' on', ' linear', ' algebra', ' and', ' eigen', 'values.'],
  segmentSeconds: 10,
};

const GENERATOR_VERSION = 1;
const N_VOCAB_FILE = 50257; // entries stored in the file; whisper.cpp adds the special tokens
const FIRST_WORD_ID = 1000;
const N_AUDIO_CTX = 1500;
const N_TEXT_CTX = 448;
const N_MELS = 80;
const N_FFT = 201;

const f32View = new Float32Array(1);
const u32View = new Uint32Array(f32View.buffer);

/** IEEE half from a float (round to nearest; the fixture's values are all normal and small). */
function toHalf(value: number): number {
  f32View[0] = value;
  const x = u32View[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = ((x >>> 23) & 0xff) - 127 + 15;
  if (exponent <= 0) return sign; // flush tiny values to zero
  if (exponent >= 31) return sign | 0x7c00;
  const mantissa = x & 0x7fffff;
  let half = sign | (exponent << 10) | (mantissa >>> 13);
  if (mantissa & 0x1000) half++; // round half up
  return half;
}

function halfToFloat(half: number): number {
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  const magnitude = exponent === 0 ? mantissa * 2 ** -24 : (1 + mantissa / 1024) * 2 ** (exponent - 15);
  return half & 0x8000 ? -magnitude : magnitude;
}

interface Tensor {
  name: string;
  /** ggml extents, fastest first. */
  ne: number[];
  /** 0 = f32, 1 = f16 */
  type: 0 | 1;
  data: Float32Array;
}

function tensorBytes(tensor: Tensor): Buffer {
  const nameBytes = Buffer.from(tensor.name, 'utf8');
  const head = Buffer.alloc(12 + 4 * tensor.ne.length);
  head.writeInt32LE(tensor.ne.length, 0);
  head.writeInt32LE(nameBytes.length, 4);
  head.writeInt32LE(tensor.type, 8);
  tensor.ne.forEach((extent, i) => head.writeInt32LE(extent, 12 + 4 * i));
  let body: Buffer;
  if (tensor.type === 0) {
    body = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  } else {
    const halves = new Uint16Array(tensor.data.length);
    for (let i = 0; i < halves.length; i++) halves[i] = toHalf(tensor.data[i]);
    body = Buffer.from(halves.buffer);
  }
  return Buffer.concat([head, nameBytes, body]);
}

/** The vocabulary ids of special tokens, as whisper.cpp numbers them. */
export function specialTokenIds(multilingual: boolean) {
  const shift = multilingual ? 1 : 0;
  const sot = 50257 + shift;
  return {
    eot: 50256 + shift,
    sot,
    language: (code: string) => sot + 1 + WHISPER_LANGUAGES.indexOf(code),
    transcribe: 50358 + shift,
    timestampBegin: 50363 + shift,
  };
}

/** The model file's bytes for a spec (about 19 MB at width 128). */
export function buildWhisperFixture(spec: WhisperFixtureSpec): Buffer {
  const nState = spec.nState ?? 128;
  const nLayer = spec.nLayer ?? 4;
  const multilingual = spec.multilingual ?? false;
  const nVocab = multilingual ? 51865 : 51864;
  if (nState < 64 || nState % 64 !== 0)
    throw new Error('the width must be a multiple of 64 (whisper.cpp runs 128 and up)');
  if (nLayer === 2) throw new Error('whisper.cpp treats 2 text layers as a distilled model (no timestamps)');
  const ticks = Math.round(spec.segmentSeconds / 0.02);
  if (ticks < 1 || ticks > 1500) throw new Error('segmentSeconds must be within (0, 30]');
  const random = seededRandom(spec.seed ?? 1234);
  const uniform = (n: number, scale: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = (random() * 2 - 1) * scale;
    return out;
  };
  const ids = specialTokenIds(multilingual);

  const parts: Buffer[] = [];
  const header = Buffer.alloc(4 * 12);
  header.writeUInt32LE(GGML_MAGIC, 0);
  [nVocab, N_AUDIO_CTX, nState, nState / 64, nLayer, N_TEXT_CTX, nState, nState / 64, nLayer, N_MELS, 1].forEach(
    (value, i) => header.writeInt32LE(value, 4 + 4 * i),
  );
  parts.push(header);

  // Mel filters: a plausible positive bank (values do not matter to the fixture's output).
  const melHead = Buffer.alloc(8);
  melHead.writeInt32LE(N_MELS, 0);
  melHead.writeInt32LE(N_FFT, 4);
  const filters = new Float32Array(N_MELS * N_FFT);
  for (let i = 0; i < filters.length; i++) filters[i] = random() * 0.01;
  parts.push(melHead, Buffer.from(filters.buffer));

  // Vocabulary: ' w<i>' placeholders, token 220 = ' ' (whisper.cpp looks it up), the sentence's
  // tokens from id 1000.
  const words = new Map<number, string>();
  spec.tokens.forEach((token, i) => words.set(FIRST_WORD_ID + i, token));
  const vocabParts: Buffer[] = [Buffer.alloc(4)];
  vocabParts[0].writeInt32LE(N_VOCAB_FILE, 0);
  for (let id = 0; id < N_VOCAB_FILE; id++) {
    const text = Buffer.from(id === 220 ? ' ' : (words.get(id) ?? ` w${id}`), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(text.length, 0);
    vocabParts.push(length, text);
  }
  parts.push(Buffer.concat(vocabParts));

  const zeros = (n: number) => new Float32Array(n);
  const ones = (n: number) => new Float32Array(n).fill(1);
  const matrixScale = 1 / Math.sqrt(nState);
  const tensors: Tensor[] = [];
  const add = (name: string, ne: number[], type: 0 | 1, data: Float32Array) => tensors.push({ name, ne, type, data });

  const block = (prefix: string, cross: boolean) => {
    const n = nState;
    add(`${prefix}.mlp_ln.weight`, [n], 0, ones(n));
    add(`${prefix}.mlp_ln.bias`, [n], 0, zeros(n));
    add(`${prefix}.mlp.0.weight`, [n, 4 * n], 1, uniform(4 * n * n, matrixScale));
    add(`${prefix}.mlp.0.bias`, [4 * n], 0, zeros(4 * n));
    add(`${prefix}.mlp.2.weight`, [4 * n, n], 1, zeros(4 * n * n)); // output projection: zero
    add(`${prefix}.mlp.2.bias`, [n], 0, zeros(n));
    const attention = (kind: string) => {
      add(`${prefix}.${kind}_ln.weight`, [n], 0, ones(n));
      add(`${prefix}.${kind}_ln.bias`, [n], 0, zeros(n));
      add(`${prefix}.${kind}.query.weight`, [n, n], 1, uniform(n * n, matrixScale));
      add(`${prefix}.${kind}.query.bias`, [n], 0, zeros(n));
      add(`${prefix}.${kind}.key.weight`, [n, n], 1, uniform(n * n, matrixScale));
      add(`${prefix}.${kind}.value.weight`, [n, n], 1, uniform(n * n, matrixScale));
      add(`${prefix}.${kind}.value.bias`, [n], 0, zeros(n));
      add(`${prefix}.${kind}.out.weight`, [n, n], 1, zeros(n * n)); // output projection: zero
      add(`${prefix}.${kind}.out.bias`, [n], 0, zeros(n));
    };
    attention('attn');
    if (cross) attention('cross_attn');
  };

  add('encoder.positional_embedding', [nState, N_AUDIO_CTX], 0, uniform(nState * N_AUDIO_CTX, 0.05));
  add('encoder.conv1.weight', [3, N_MELS, nState], 1, uniform(3 * N_MELS * nState, 1 / Math.sqrt(3 * N_MELS)));
  add('encoder.conv1.bias', [1, nState], 0, zeros(nState));
  add('encoder.conv2.weight', [3, nState, nState], 1, uniform(3 * nState * nState, 1 / Math.sqrt(3 * nState)));
  add('encoder.conv2.bias', [1, nState], 0, zeros(nState));
  add('encoder.ln_post.weight', [nState], 0, ones(nState));
  add('encoder.ln_post.bias', [nState], 0, zeros(nState));
  for (let layer = 0; layer < nLayer; layer++) block(`encoder.blocks.${layer}`, false);

  // Token embedding (stored as f16; the positional rows copy the rounded values).
  const embedding = uniform(nVocab * nState, 0.5);
  for (let i = 0; i < embedding.length; i++) embedding[i] = halfToFloat(toHalf(embedding[i]));
  const targets: number[] = [];
  if (multilingual) targets.push(ids.language(spec.language ?? 'en'), ids.transcribe);
  targets.push(ids.timestampBegin);
  spec.tokens.forEach((_, i) => targets.push(FIRST_WORD_ID + i));
  targets.push(ids.timestampBegin + ticks, ids.eot);
  if (targets.length > N_TEXT_CTX) throw new Error('sentence too long');
  const positional = zeros(nState * N_TEXT_CTX);
  const scale = 7;
  targets.forEach((token, position) => {
    for (let k = 0; k < nState; k++) positional[position * nState + k] = scale * embedding[token * nState + k];
  });
  add('decoder.positional_embedding', [nState, N_TEXT_CTX], 0, positional);
  add('decoder.token_embedding.weight', [nState, nVocab], 1, embedding);
  add('decoder.ln.weight', [nState], 0, ones(nState));
  add('decoder.ln.bias', [nState], 0, zeros(nState));
  for (let layer = 0; layer < nLayer; layer++) block(`decoder.blocks.${layer}`, true);

  for (const tensor of tensors) parts.push(tensorBytes(tensor));
  return Buffer.concat(parts);
}

/**
 * The path of a fixture model for `spec`, generated once into the OS temp folder and reused
 * (the file name is a hash of the spec, written atomically so parallel tests can share it).
 */
export function whisperFixturePath(spec: WhisperFixtureSpec = DEFAULT_FIXTURE): string {
  const key = createHash('sha256').update(JSON.stringify({ GENERATOR_VERSION, spec })).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), 'lectern-test-models');
  const file = path.join(dir, `ggml-fixture-${spec.multilingual ? 'multi' : 'en'}-${key}.bin`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, buildWhisperFixture(spec));
  renameSync(temporary, file);
  return file;
}
