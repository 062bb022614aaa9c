import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../core/user-error.ts';
import { DEFAULT_FIXTURE, buildWhisperFixture } from '../engines/asr/testing/ggml-fixture.ts';
import { tinyTextEncoderOnnx } from '../engines/embed/testing/tiny-onnx-models.ts';
import type { CatalogueEntry } from './catalogue.ts';
import { importModel } from './model-import.ts';
import { installModel, type InstallProgress } from './model-install.ts';
import {
  defaultAsrModel,
  listModels,
  readManifest,
  removeModel,
  resolveModel,
  resolveModelFiles,
} from './model-store.ts';
import { startFileServer, type FileServer } from './testing/file-server.ts';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'lectern-models-'));
const whisperBytes = buildWhisperFixture({ ...DEFAULT_FIXTURE, nLayer: 1 });
const onnxBytes = Buffer.from(tinyTextEncoderOnnx(Array.from({ length: 2000 }, (_, i) => [i, 1, 2, 3])));
const tokenizerBytes = Buffer.from(JSON.stringify({ model: { type: 'WordPiece', vocab: { a: 0 } } }));
let server: FileServer;
let catalogue: CatalogueEntry[];

beforeAll(async () => {
  server = await startFileServer();
  server.files.set('/ggml-tiny.en.bin', { body: whisperBytes });
  server.files.set('/model.onnx', { body: onnxBytes });
  server.files.set('/tokenizer.json', { body: tokenizerBytes });
  server.files.set('/html.bin', { body: Buffer.from('<html>rate limited</html>'.repeat(100)) });
  server.files.set('/html.onnx', { body: Buffer.from('<html>rate limited</html>'.repeat(100)) });
  catalogue = [
    {
      name: 'tiny.en',
      task: 'asr',
      files: [
        {
          name: 'ggml-tiny.en.bin',
          url: server.url('/ggml-tiny.en.bin'),
          size: whisperBytes.length,
          sha256: sha256(whisperBytes),
        },
      ],
      licence: 'MIT',
      source: 'test',
      description: 'a generated whisper model',
    },
    {
      name: 'encoder',
      task: 'text-embed',
      files: [
        { name: 'model.onnx', url: server.url('/model.onnx'), size: null, sha256: null },
        { name: 'tokenizer.json', url: server.url('/tokenizer.json'), size: null, sha256: null },
      ],
      licence: 'Apache-2.0',
      source: 'test',
      description: 'two files, no hashes known in advance',
    },
    {
      name: 'trap',
      task: 'asr',
      files: [{ name: 'ggml-trap.bin', url: server.url('/html.bin'), size: null, sha256: null }],
      licence: 'MIT',
      source: 'test',
      description: 'serves an HTML page instead of a model',
    },
    {
      name: 'onnx-trap',
      task: 'text-embed',
      files: [
        { name: 'model.onnx', url: server.url('/html.onnx'), size: null, sha256: null },
        { name: 'tokenizer.json', url: server.url('/tokenizer.json'), size: null, sha256: null },
      ],
      licence: 'MIT',
      source: 'test',
      description: 'serves an HTML page instead of an ONNX model',
    },
  ];
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function userErrorOf(work: () => unknown): Promise<UserError> {
  const error = await Promise.resolve()
    .then(work)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('the model manager', () => {
  it('installs a catalogue model with progress, lists it, resolves it and removes it', async () => {
    const home = path.join(scratch, 'install');
    expect(listModels(home, catalogue).map((m) => [m.name, m.status])).toEqual([
      ['tiny.en', 'available'],
      ['encoder', 'available'],
      ['trap', 'available'],
      ['onnx-trap', 'available'],
    ]);
    const missing = await userErrorOf(() => resolveModel('tiny.en', home, catalogue));
    expect(missing.code).toBe('model-not-installed');
    expect(missing.hint).toMatch(/lectern models install tiny\.en/);

    const progress: InstallProgress[] = [];
    const installed = await installModel(home, 'tiny.en', { catalogue, onProgress: (p) => progress.push(p) });
    expect(installed.status).toBe('installed');
    expect(progress[progress.length - 1]).toMatchObject({
      doneBytes: whisperBytes.length,
      totalBytes: whisperBytes.length,
    });
    const file = resolveModel('tiny.en', home, catalogue);
    expect(file).toBe(path.join(home, 'models', 'tiny.en', 'ggml-tiny.en.bin'));
    expect(readFileSync(file).equals(whisperBytes)).toBe(true);
    expect(readManifest(home, 'tiny.en')?.files['ggml-tiny.en.bin']).toEqual({
      size: whisperBytes.length,
      sha256: sha256(whisperBytes),
      verified: true,
    });
    expect(defaultAsrModel(home, catalogue)).toBe('tiny.en');

    // Installing again downloads nothing.
    const before = server.requests.length;
    await installModel(home, 'tiny.en', { catalogue });
    expect(server.requests.length).toBe(before);

    removeModel(home, 'tiny.en', catalogue);
    expect(existsSync(path.join(home, 'models', 'tiny.en'))).toBe(false);
    expect((await userErrorOf(() => resolveModel('tiny.en', home, catalogue))).code).toBe('model-not-installed');
    expect((await userErrorOf(() => removeModel(home, 'tiny.en', catalogue))).code).toBe('model-not-installed');
    expect(defaultAsrModel(home, catalogue)).toBeNull();
  });

  it('records the hashes of a model the catalogue has none for, file by file', async () => {
    const home = path.join(scratch, 'tofu');
    await installModel(home, 'encoder', { catalogue });
    const files = resolveModelFiles('encoder', home, catalogue);
    expect(files.map((f) => [f.name, f.sha256, f.verified])).toEqual([
      ['model.onnx', sha256(onnxBytes), false],
      ['tokenizer.json', sha256(tokenizerBytes), false],
    ]);
  });

  it('refuses a download that is not a whisper model, leaving nothing behind', async () => {
    const home = path.join(scratch, 'trap');
    const error = await userErrorOf(() => installModel(home, 'trap', { catalogue }));
    expect(error.code).toBe('asr-model-invalid');
    expect(existsSync(path.join(home, 'models', 'trap', 'ggml-trap.bin'))).toBe(false);
    expect(listModels(home, catalogue).find((m) => m.name === 'trap')?.status).toBe('available');
  });

  it('refuses an ONNX download that is not an ONNX model, and lists an installed one gone bad as unusable', async () => {
    const home = path.join(scratch, 'onnx-trap');
    const error = await userErrorOf(() => installModel(home, 'onnx-trap', { catalogue }));
    expect(error.code).toBe('onnx-model-invalid');
    expect(existsSync(path.join(home, 'models', 'onnx-trap', 'model.onnx'))).toBe(false);

    const good = path.join(scratch, 'onnx-good');
    expect((await installModel(good, 'encoder', { catalogue })).usable).toBe(true);
    // Same size, so only the file's structure can tell: a disk error wiped its end.
    const file = path.join(good, 'models', 'encoder', 'model.onnx');
    const damaged = readFileSync(file);
    damaged.fill(0, damaged.length - 64);
    writeFileSync(file, damaged);
    const listing = listModels(good, catalogue).find((m) => m.name === 'encoder');
    expect(listing).toMatchObject({ status: 'installed', usable: false });
    expect(listing?.problem).toMatch(/not a usable ONNX model/);
  });

  it('imports a local file: checked against the catalogue, or as a new speech model', async () => {
    const home = path.join(scratch, 'import');
    const downloads = path.join(scratch, 'downloads');
    rmSync(downloads, { recursive: true, force: true });
    mkdirSync(downloads, { recursive: true });
    const good = path.join(downloads, 'ggml-tiny.en.bin');
    writeFileSync(good, whisperBytes);
    const imported = await importModel(home, good, { catalogue });
    expect(imported).toMatchObject({ name: 'tiny.en', status: 'installed' });
    expect(imported.files[0].verified).toBe(true);
    expect(existsSync(good)).toBe(true); // the original stays

    // Same size, different content, under a catalogue name: refused, nothing written.
    const other = Buffer.from(whisperBytes);
    other[other.length - 1] ^= 1;
    const impostor = path.join(downloads, 'impostor.bin');
    writeFileSync(impostor, other);
    const mismatch = await userErrorOf(() =>
      importModel(path.join(scratch, 'import2'), impostor, { name: 'tiny.en', catalogue }),
    );
    expect(mismatch.code).toBe('import-mismatch');
    expect(existsSync(path.join(scratch, 'import2', 'models', 'tiny.en', 'ggml-tiny.en.bin'))).toBe(false);

    // A whisper model of one's own becomes a new model named after the file.
    const own = path.join(downloads, 'ggml-lecture-tuned.bin');
    writeFileSync(own, other);
    const custom = await importModel(home, own, { catalogue });
    expect(custom).toMatchObject({ name: 'lecture-tuned', task: 'asr', status: 'installed', inCatalogue: false });
    expect(resolveModel('lecture-tuned', home, catalogue)).toBe(
      path.join(home, 'models', 'lecture-tuned', 'ggml-lecture-tuned.bin'),
    );
    expect(listModels(home, catalogue).map((m) => m.name)).toContain('lecture-tuned');

    // A file that is neither in the catalogue nor a whisper model.
    const unknown = path.join(downloads, 'mystery.onnx');
    writeFileSync(unknown, onnxBytes);
    expect((await userErrorOf(() => importModel(home, unknown, { catalogue }))).code).toBe('model-kind-unknown');
    // One file of a two-file model: partial until the other arrives.
    const partial = await importModel(home, unknown, { name: 'encoder', catalogue }).catch((e: unknown) => e);
    expect((partial as UserError).code).toBe('model-file-unknown');
    const onnx = path.join(downloads, 'model.onnx');
    writeFileSync(onnx, onnxBytes);
    expect((await importModel(home, onnx, { name: 'encoder', catalogue })).status).toBe('partial');
    const tokenizer = path.join(downloads, 'tokenizer.json');
    writeFileSync(tokenizer, tokenizerBytes);
    expect((await importModel(home, tokenizer, { name: 'encoder', catalogue })).status).toBe('installed');
  });

  it('resolves a path as itself and explains unknown names', async () => {
    const home = path.join(scratch, 'resolve');
    const file = path.join(scratch, 'some-model.bin');
    writeFileSync(file, 'x');
    expect(resolveModel(file, home, catalogue)).toBe(file);
    expect((await userErrorOf(() => resolveModel('/no/such/model.bin', home, catalogue))).code).toBe('model-missing');
    const unknown = await userErrorOf(() => resolveModel('huge-v9', home, catalogue));
    expect(unknown.code).toBe('model-unknown');
    expect(unknown.hint).toMatch(/tiny\.en/);
    expect((await userErrorOf(() => resolveModel('../../etc', home, catalogue))).code).toMatch(
      /model-(name-invalid|missing)/,
    );
  });
});
