import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../core/user-error.ts';
import { DEFAULT_FIXTURE, whisperFixturePath } from './testing/ggml-fixture.ts';
import { modelNameFromPath, readWhisperModelInfo } from './whisper-model-file.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'lectern-model-file-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).code;
  }
  return undefined;
}

describe('readWhisperModelInfo', () => {
  it('reads the hyper-parameters and tensor table of a generated English-only model', () => {
    const info = readWhisperModelInfo(whisperFixturePath(), { withTensors: true });
    expect(info).toMatchObject({
      nVocab: 51864,
      nAudioState: 128,
      nAudioLayer: 4,
      nTextLayer: 4,
      nMels: 80,
      ftype: 1,
      multilingual: false,
      size: 'tiny',
      tensorCount: 167,
    });
    expect(info.tensors?.find((t) => t.name === 'decoder.token_embedding.weight')).toEqual({
      name: 'decoder.token_embedding.weight',
      type: 1,
      ne: [128, 51864],
    });
  });

  it('tells a multilingual vocabulary from an English-only one', () => {
    const info = readWhisperModelInfo(whisperFixturePath({ ...DEFAULT_FIXTURE, multilingual: true, language: 'de' }));
    expect(info.multilingual).toBe(true);
    expect(info.nVocab).toBe(51865);
  });

  it('refuses a missing file, a file that is not ggml, a GGUF file and a truncated model', () => {
    expect(codeOf(() => readWhisperModelInfo(path.join(scratch, 'nope.bin')))).toBe('asr-model-missing');
    const text = path.join(scratch, 'text.bin');
    writeFileSync(text, 'this is not a model at all, just some text that is long enough'.repeat(4));
    expect(codeOf(() => readWhisperModelInfo(text))).toBe('asr-model-invalid');
    const gguf = path.join(scratch, 'model.gguf');
    writeFileSync(gguf, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(200)]));
    expect(codeOf(() => readWhisperModelInfo(gguf))).toBe('asr-model-invalid');
    const whole = readFileSync(whisperFixturePath());
    for (const keep of [100, 300_000, whole.length - 10]) {
      const cut = path.join(scratch, `cut-${keep}.bin`);
      writeFileSync(cut, whole.subarray(0, keep));
      expect(codeOf(() => readWhisperModelInfo(cut))).toBe('asr-model-invalid');
    }
    const padded = path.join(scratch, 'padded.bin');
    writeFileSync(padded, Buffer.concat([whole, Buffer.alloc(64)]));
    expect(codeOf(() => readWhisperModelInfo(padded))).toBe('asr-model-invalid');
  });

  it('names models after their file', () => {
    expect(modelNameFromPath('/m/ggml-tiny.en.bin')).toBe('tiny.en');
    expect(modelNameFromPath('/m/ggml-base.bin')).toBe('base');
    expect(modelNameFromPath('/m/custom.bin')).toBe('custom');
  });
});

const sharedFixture = path.resolve(
  process.env.LECTERN_SHARED ?? path.resolve(import.meta.dirname, '../../../../shared'),
  'models/fix-s128.bin',
);

describe.skipIf(!existsSync(sharedFixture))('the generated fixture against the shared reference model', () => {
  it('has the same header, tensor names, types and shapes as fix-s128.bin', () => {
    const reference = readWhisperModelInfo(sharedFixture, { withTensors: true });
    const generated = readWhisperModelInfo(whisperFixturePath(), { withTensors: true });
    const strip = ({ path: _p, name: _n, ...rest }: typeof reference) => rest;
    expect(strip(generated)).toEqual(strip(reference));
  });
});
