import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURE, buildWhisperFixture } from '../engines/asr/testing/ggml-fixture.ts';
import { tinyTextEncoderOnnx } from '../engines/embed/testing/tiny-onnx-models.ts';
import { checkOnnxModelFile } from './onnx-model-file.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'lectern-onnx-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const model = Buffer.from(
  tinyTextEncoderOnnx(
    Array.from({ length: 64 }, (_, i) => [i, i / 2, 1]),
    [
      [0, 0, 0],
      [1, 1, 1],
    ],
  ),
);

function fileOf(name: string, bytes: Uint8Array): string {
  const file = path.join(scratch, name);
  writeFileSync(file, bytes);
  return file;
}

function problemOf(file: string): string {
  try {
    checkOnnxModelFile(file);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no problem';
}

describe('checking an ONNX model file from its structure', () => {
  it('accepts a model onnxruntime loads', async () => {
    const file = fileOf('good.onnx', model);
    expect(problemOf(file)).toBe('no problem');
    const session = await ort.InferenceSession.create(file);
    expect(session.outputNames).toEqual(['last_hidden_state']);
  });

  it('refuses a copy cut short, one with bytes after it, an HTML page, a whisper model and an empty file', () => {
    expect(problemOf(fileOf('cut.onnx', model.subarray(0, model.length - 7)))).toMatch(/cut short/);
    expect(problemOf(fileOf('padded.onnx', Buffer.concat([model, Buffer.from('\0\0\0\0')])))).toMatch(
      /not a usable ONNX model/,
    );
    expect(problemOf(fileOf('page.onnx', Buffer.from('<html><body>rate limited</body></html>'.repeat(50))))).toMatch(
      /not a usable ONNX model/,
    );
    expect(problemOf(fileOf('ggml.onnx', buildWhisperFixture({ ...DEFAULT_FIXTURE, nLayer: 1 })))).toMatch(
      /not a usable ONNX model/,
    );
    expect(problemOf(fileOf('empty.onnx', new Uint8Array(0)))).toMatch(/empty/);
  });

  it('refuses a protobuf that holds no graph', () => {
    // ir_version 8 and a producer name, nothing else: well-formed, but no model.
    const noGraph = Buffer.from([0x08, 0x08, 0x12, 0x03, 0x61, 0x62, 0x63]);
    expect(problemOf(fileOf('nograph.onnx', noGraph))).toMatch(/no model graph/);
  });
});
