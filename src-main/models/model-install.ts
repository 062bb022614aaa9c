import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/user-error.ts';
import { CATALOGUE, findCatalogueEntry, type CatalogueEntry } from './catalogue.ts';
import { downloadFile } from './download-file.ts';
import { checkInstalledModelFile } from './model-file-check.ts';
import {
  findModel,
  modelDir,
  readManifest,
  writeManifest,
  type ModelListing,
  type ModelManifest,
} from './model-store.ts';

export interface InstallProgress {
  model: string;
  file: string;
  /** Bytes of the whole model on disk so far, and its total (null when not known). */
  doneBytes: number;
  totalBytes: number | null;
}

export interface InstallOptions {
  onProgress?: (progress: InstallProgress) => void;
  signal?: AbortSignal;
  catalogue?: readonly CatalogueEntry[];
}

/**
 * A file's download address: LECTERN_MODEL_MIRROR (e.g. an internal mirror of huggingface.co)
 * replaces the https://huggingface.co prefix when set.
 */
export function downloadUrl(url: string): string {
  const mirror = process.env.LECTERN_MODEL_MIRROR?.replace(/\/+$/, '');
  return mirror ? url.replace(/^https:\/\/huggingface\.co/, mirror) : url;
}

/**
 * Downloads a catalogue model into `<dataDir>/models/<name>/`: each file with progress, resumed
 * after an interruption, checked against the catalogue's size and sha256 (or, where the
 * catalogue has none, its hash recorded for later checks). Files already present and recorded
 * are not downloaded again.
 */
export async function installModel(dataDir: string, name: string, options: InstallOptions = {}): Promise<ModelListing> {
  const catalogue = options.catalogue ?? CATALOGUE;
  const entry = findCatalogueEntry(name, catalogue);
  if (!entry) {
    throw new UserError(
      'model-unknown',
      `There is no model called "${name}" in the catalogue.`,
      `Known models: ${catalogue.map((candidate) => candidate.name).join(', ')}. To use a file you have, run \`lectern models import <file>\`.`,
    );
  }
  const dir = modelDir(dataDir, entry.name);
  const previous = readManifest(dataDir, entry.name);
  const manifest: ModelManifest = {
    name: entry.name,
    task: entry.task,
    source: previous?.source ?? 'download',
    files: { ...(previous?.files ?? {}) },
    installedAt: previous?.installedAt ?? new Date().toISOString(),
  };
  const knownTotal = entry.files.every((file) => file.size !== null)
    ? entry.files.reduce((sum, file) => sum + (file.size ?? 0), 0)
    : null;
  let finishedBytes = 0;
  for (const file of entry.files) {
    const destination = path.join(dir, file.name);
    const present = manifest.files[file.name];
    if (present && existsSync(destination) && (file.sha256 === null || present.sha256 === file.sha256)) {
      finishedBytes += present.size;
      continue;
    }
    const result = await downloadFile(downloadUrl(file.url), destination, {
      expectedSize: file.size,
      expectedSha256: file.sha256,
      signal: options.signal,
      onProgress: ({ doneBytes }) =>
        options.onProgress?.({
          model: entry.name,
          file: file.name,
          doneBytes: finishedBytes + doneBytes,
          totalBytes: knownTotal,
        }),
    });
    checkInstalledModelFile(entry.task, destination);
    finishedBytes += result.sizeBytes;
    manifest.files[file.name] = { size: result.sizeBytes, sha256: result.sha256, verified: file.sha256 !== null };
    writeManifest(dataDir, manifest);
  }
  writeManifest(dataDir, manifest);
  return findModel(dataDir, entry.name, catalogue)!;
}
