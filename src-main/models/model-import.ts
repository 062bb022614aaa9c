import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/user-error.ts';
import { GGML_MAGIC } from '../engines/asr/whisper-model-file.ts';
import { CATALOGUE, findCatalogueEntry, type CatalogueEntry, type ModelTask } from './catalogue.ts';
import { checkInstalledModelFile } from './model-file-check.ts';
import { checkModelName, findModel, modelDir, readManifest, writeManifest, type ModelListing } from './model-store.ts';

export interface ImportOptions {
  /** The model's name: a catalogue name (the file is checked against it) or a new one. */
  name?: string;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  catalogue?: readonly CatalogueEntry[];
}

function startsWithGgmlMagic(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === GGML_MAGIC;
  } finally {
    closeSync(fd);
  }
}

/** Which model, and which of its files, an imported file is. */
function placeFile(
  source: string,
  name: string | undefined,
  catalogue: readonly CatalogueEntry[],
): { name: string; task: ModelTask; fileName: string; entry?: CatalogueEntry } {
  const base = path.basename(source);
  const byName = name ? findCatalogueEntry(name, catalogue) : undefined;
  const byFile = name ? [] : catalogue.filter((entry) => entry.files.some((file) => file.name === base));
  if (!name && byFile.length > 1) {
    throw new UserError(
      'model-name-needed',
      `${base} could belong to ${byFile.map((entry) => entry.name).join(' or ')}.`,
      'Say which with --name <model>.',
    );
  }
  const entry = byName ?? byFile[0];
  if (entry) {
    const file = entry.files.length === 1 ? entry.files[0] : entry.files.find((candidate) => candidate.name === base);
    if (!file) {
      throw new UserError(
        'model-file-unknown',
        `${base} is not one of the files of ${entry.name} (${entry.files.map((f) => f.name).join(', ')}).`,
        'Import each file under the name it has in the catalogue.',
      );
    }
    return { name: entry.name, task: entry.task, fileName: file.name, entry };
  }
  // Not a catalogue model: only whisper.cpp ggml files can be told apart by their content.
  if (!startsWithGgmlMagic(source)) {
    throw new UserError(
      'model-kind-unknown',
      `Cannot tell what kind of model ${base} is.`,
      'Import it under a catalogue name with --name (see `lectern models list`); other files can only be whisper.cpp ggml .bin models.',
    );
  }
  const stem = base.replace(/\.bin$/i, '').replace(/^ggml-/, '');
  const modelName = checkModelName(name ?? stem);
  return { name: modelName, task: 'asr', fileName: `ggml-${modelName}.bin` };
}

/**
 * Copies a model file the user already has into the models folder, checking it on the way: a
 * catalogue model must match its sha256 (when known); a speech model must be a whisper.cpp
 * ggml file whisper can load. The original is left alone.
 */
export async function importModel(dataDir: string, source: string, options: ImportOptions = {}): Promise<ModelListing> {
  const catalogue = options.catalogue ?? CATALOGUE;
  const from = path.resolve(source);
  if (!existsSync(from) || !statSync(from).isFile()) {
    throw new UserError('file-missing', `File not found: ${from}`);
  }
  const place = placeFile(from, options.name, catalogue);
  const expected = place.entry?.files.find((file) => file.name === place.fileName);
  const total = statSync(from).size;
  if (expected?.size != null && total !== expected.size) {
    throw new UserError(
      'import-mismatch',
      `${path.basename(from)} is ${total} bytes but ${place.name}'s ${place.fileName} is ${expected.size}: it is a different file.`,
      `Import it under another name (--name my-${place.name}) if it is a model of your own.`,
    );
  }
  const dir = modelDir(dataDir, place.name);
  mkdirSync(dir, { recursive: true });
  const destination = path.join(dir, place.fileName);
  const part = `${destination}.part`;
  const hash = createHash('sha256');
  const out = createWriteStream(part);
  const closed = once(out, 'close');
  let done = 0;
  try {
    for await (const chunk of createReadStream(from)) {
      hash.update(chunk as Buffer);
      if (!out.write(chunk)) await once(out, 'drain');
      done += (chunk as Buffer).length;
      options.onProgress?.(done, total);
    }
  } finally {
    out.end();
    await closed;
  }
  const sha256 = hash.digest('hex');
  if (expected?.sha256 && sha256 !== expected.sha256) {
    rmSync(part, { force: true });
    throw new UserError(
      'import-mismatch',
      `${path.basename(from)} is not ${place.name}'s ${place.fileName} (its sha256 differs); nothing was imported.`,
      `Import it under another name (--name my-${place.name}) if it is a model of your own.`,
    );
  }
  renameSync(part, destination);
  checkInstalledModelFile(place.task, destination);
  const previous = readManifest(dataDir, place.name);
  writeManifest(dataDir, {
    name: place.name,
    task: place.task,
    source: 'import',
    files: {
      ...(previous?.files ?? {}),
      [place.fileName]: { size: done, sha256, verified: Boolean(expected?.sha256) },
    },
    installedAt: new Date().toISOString(),
  });
  return findModel(dataDir, place.name, catalogue)!;
}
