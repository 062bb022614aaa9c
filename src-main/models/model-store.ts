import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelListing } from '../core/domain-types.ts';
import { UserError } from '../core/user-error.ts';
import { modelsDir, resolveDataDir } from '../store/data-dir.ts';
import { CATALOGUE, catalogueEntrySize, findCatalogueEntry, type CatalogueEntry, type ModelTask } from './catalogue.ts';
import { modelFileProblem } from './model-file-check.ts';

/**
 * The models folder: `<dataDir>/models/<name>/` holds a model's files and a manifest,
 * `lectern-model.json`, recording each file's size and sha256 and whether that hash was checked
 * against the catalogue or only recorded at first download (trust on first use).
 */
export const MANIFEST_FILE = 'lectern-model.json';

export interface ManifestFile {
  size: number;
  sha256: string;
  /** true: matched the catalogue's sha256; false: recorded from the first download/import. */
  verified: boolean;
}

export interface ModelManifest {
  name: string;
  task: ModelTask;
  source: 'download' | 'import';
  files: Record<string, ManifestFile>;
  installedAt: string;
}

export type { ModelListing };

/** Model names become folder names: keep them to letters, digits, '.', '_' and '-'. */
export function checkModelName(name: string): string {
  const trimmed = name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(trimmed) || trimmed.includes('..')) {
    throw new UserError(
      'model-name-invalid',
      `"${name}" is not a usable model name.`,
      'Use letters, digits, dots, dashes and underscores (e.g. tiny.en or my-model).',
    );
  }
  return trimmed;
}

export function modelDir(dataDir: string, name: string): string {
  return path.join(modelsDir(dataDir), checkModelName(name));
}

export function readManifest(dataDir: string, name: string): ModelManifest | null {
  const file = path.join(modelDir(dataDir, name), MANIFEST_FILE);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ModelManifest;
  } catch {
    return null;
  }
}

export function writeManifest(dataDir: string, manifest: ModelManifest): void {
  const dir = modelDir(dataDir, manifest.name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, MANIFEST_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 2) + '\n');
  renameSync(`${file}.tmp`, file); // atomic: a crash never leaves half a manifest
}

/** The files a model needs: the catalogue's list, or what the manifest recorded for others. */
function expectedFiles(entry: CatalogueEntry | undefined, manifest: ModelManifest | null): string[] {
  if (entry) return entry.files.map((file) => file.name);
  return manifest ? Object.keys(manifest.files) : [];
}

/** Why an installed model's engine could not use it (the first of its files that is not what it should be), or null. */
function usabilityProblem(task: ModelListing['task'], files: ModelListing['files']): string | null {
  for (const file of files) {
    const problem = modelFileProblem(task, file.path);
    if (problem) return problem;
  }
  return null;
}

function describe(dataDir: string, name: string, entry: CatalogueEntry | undefined): ModelListing | null {
  const manifest = readManifest(dataDir, name);
  if (!entry && !manifest) return null;
  const dir = modelDir(dataDir, name);
  const files: ModelListing['files'] = [];
  for (const fileName of expectedFiles(entry, manifest)) {
    const recorded = manifest?.files[fileName];
    const file = path.join(dir, fileName);
    if (recorded && existsSync(file) && statSync(file).size === recorded.size) {
      files.push({ name: fileName, path: file, ...recorded });
    }
  }
  const wanted = expectedFiles(entry, manifest).length;
  const status = files.length === 0 ? 'available' : files.length === wanted ? 'installed' : 'partial';
  const task = entry?.task ?? manifest!.task;
  const problem = status === 'installed' ? usabilityProblem(task, files) : null;
  return {
    name: entry?.name ?? name,
    task: entry?.task ?? manifest!.task,
    description: entry?.description ?? `Imported model (${manifest!.task}).`,
    licence: entry?.licence ?? 'unknown (imported)',
    sourceUrl: entry?.source ?? 'imported',
    sizeBytes: entry ? catalogueEntrySize(entry) : files.reduce((sum, file) => sum + file.size, 0),
    status,
    inCatalogue: Boolean(entry),
    usable: status === 'installed' && problem === null,
    problem,
    files,
  };
}

/** Every catalogue model (installed or not) and every imported model, catalogue order first. */
export function listModels(dataDir: string, catalogue: readonly CatalogueEntry[] = CATALOGUE): ModelListing[] {
  const listings = catalogue.map((entry) => describe(dataDir, entry.name, entry)!);
  const root = modelsDir(dataDir);
  if (existsSync(root)) {
    for (const name of readdirSync(root).sort()) {
      if (findCatalogueEntry(name, catalogue)) continue;
      if (!existsSync(path.join(root, name, MANIFEST_FILE))) continue;
      const listing = describe(dataDir, name, undefined);
      if (listing) listings.push(listing);
    }
  }
  return listings;
}

export function findModel(
  dataDir: string,
  name: string,
  catalogue: readonly CatalogueEntry[] = CATALOGUE,
): ModelListing | null {
  checkModelName(name);
  const entry = findCatalogueEntry(name, catalogue);
  return describe(dataDir, entry?.name ?? name, entry);
}

/** Deletes a model's folder (files, manifest and any partial download). */
export function removeModel(dataDir: string, name: string, catalogue: readonly CatalogueEntry[] = CATALOGUE): void {
  const entry = findCatalogueEntry(name, catalogue);
  const dir = modelDir(dataDir, entry?.name ?? name);
  if (!existsSync(dir)) {
    throw new UserError('model-not-installed', `The model "${name}" is not installed.`, 'See `lectern models list`.');
  }
  rmSync(dir, { recursive: true, force: true });
}

const looksLikePath = (value: string) => /[/\\]/.test(value) || /\.(bin|onnx|gguf)$/i.test(value);

/**
 * The path of a model's main file (its first file; the others sit in the same folder), for a
 * model name or a path to a file. A name that is not installed is a UserError saying how to
 * install it.
 */
export function resolveModel(
  nameOrPath: string,
  dataDir: string = resolveDataDir(),
  catalogue: readonly CatalogueEntry[] = CATALOGUE,
): string {
  if (looksLikePath(nameOrPath)) {
    const file = path.resolve(nameOrPath);
    if (existsSync(file) && statSync(file).isFile()) return file;
    if (/[/\\]/.test(nameOrPath)) {
      throw new UserError('model-missing', `No model file at ${file}.`, 'Check the path, or install a model by name.');
    }
  }
  return resolveModelFiles(nameOrPath, dataDir, catalogue)[0].path;
}

/** All files of an installed model, in catalogue order. */
export function resolveModelFiles(
  name: string,
  dataDir: string = resolveDataDir(),
  catalogue: readonly CatalogueEntry[] = CATALOGUE,
): ModelListing['files'] {
  const entry = findCatalogueEntry(name, catalogue);
  const listing = describe(dataDir, entry?.name ?? checkModelName(name), entry);
  if (listing?.status === 'installed') return listing.files;
  if (entry) {
    const size = catalogueEntrySize(entry);
    throw new UserError(
      'model-not-installed',
      `The model "${entry.name}" is not installed${listing?.status === 'partial' ? ' completely' : ''}.`,
      `Install it with \`lectern models install ${entry.name}\`${size ? ` (${Math.round(size / 1e6)} MB download)` : ''}, or import a file you already have with \`lectern models import <file> --name ${entry.name}\`.`,
    );
  }
  const known = catalogue.map((candidate) => candidate.name).join(', ');
  throw new UserError(
    'model-unknown',
    `There is no model called "${name}".`,
    `Known models: ${known}. Or pass the path of a model file.`,
  );
}

/** Speech models in the order Lectern prefers them when none is chosen. */
const ASR_PREFERENCE = ['base.en', 'small.en', 'tiny.en', 'base', 'small', 'tiny'];

/** The name of the installed speech model to use by default, or null when none is installed. */
export function defaultAsrModel(dataDir: string, catalogue: readonly CatalogueEntry[] = CATALOGUE): string | null {
  const installed = listModels(dataDir, catalogue).filter(
    (model) => model.task === 'asr' && model.status === 'installed',
  );
  const ranked = [...installed].sort((a, b) => {
    const rank = (name: string) =>
      ASR_PREFERENCE.includes(name) ? ASR_PREFERENCE.indexOf(name) : ASR_PREFERENCE.length;
    return rank(a.name) - rank(b.name);
  });
  return ranked[0]?.name ?? null;
}
