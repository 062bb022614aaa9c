/**
 * The models Lectern knows how to install. Sizes and sha256 are those of the files on Hugging
 * Face (git-LFS object ids), cross-checked in several independent public projects; where they
 * are not known for sure they are null, and the manager records the hash of the first download
 * instead (trust on first use) and says so.
 */
import type { ModelTask } from '../core/domain-types.ts';

export type { ModelTask };

export interface ModelFile {
  /** File name inside the model's folder. */
  name: string;
  url: string;
  size: number | null;
  sha256: string | null;
}

export interface CatalogueEntry {
  name: string;
  task: ModelTask;
  files: ModelFile[];
  licence: string;
  /** Where the model comes from (its page), for the user to check. */
  source: string;
  description: string;
}

const WHISPER_REPO = 'https://huggingface.co/ggerganov/whisper.cpp';

function whisper(name: string, size: number, sha256: string, description: string): CatalogueEntry {
  return {
    name,
    task: 'asr',
    files: [{ name: `ggml-${name}.bin`, url: `${WHISPER_REPO}/resolve/main/ggml-${name}.bin`, size, sha256 }],
    licence: 'MIT',
    source: WHISPER_REPO,
    description,
  };
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  whisper(
    'tiny.en',
    77_704_715,
    '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f',
    'Whisper tiny, English only: the fastest and least accurate.',
  ),
  whisper(
    'tiny',
    77_691_713,
    'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21',
    'Whisper tiny, multilingual with language detection.',
  ),
  whisper(
    'base.en',
    147_964_211,
    'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002',
    'Whisper base, English only: a balance of speed and accuracy.',
  ),
  whisper(
    'base',
    147_951_465,
    '60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe',
    'Whisper base, multilingual with language detection.',
  ),
  whisper(
    'small.en',
    487_614_201,
    'c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d',
    'Whisper small, English only: more accurate, about 3x the compute of base.',
  ),
  whisper(
    'small',
    487_601_967,
    '1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b',
    'Whisper small, multilingual with language detection.',
  ),
  {
    name: 'all-minilm-l6-v2',
    task: 'text-embed',
    files: [
      {
        name: 'model.onnx',
        url: 'https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/onnx/model.onnx',
        size: null,
        sha256: null,
      },
      {
        name: 'tokenizer.json',
        url: 'https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/tokenizer.json',
        size: null,
        sha256: null,
      },
    ],
    licence: 'Apache-2.0',
    source: 'https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2',
    description: 'Sentence encoder (384-d, ONNX) for transcript and slide-text search (~90 MB).',
  },
  {
    name: 'clip-vit-base-patch32',
    task: 'clip',
    files: [
      {
        name: 'vision_model.onnx',
        url: 'https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/onnx/vision_model.onnx',
        size: null,
        sha256: null,
      },
      {
        name: 'text_model.onnx',
        url: 'https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/onnx/text_model.onnx',
        size: null,
        sha256: null,
      },
      {
        name: 'tokenizer.json',
        url: 'https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/tokenizer.json',
        size: null,
        sha256: null,
      },
      {
        name: 'preprocessor_config.json',
        url: 'https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/preprocessor_config.json',
        size: null,
        sha256: null,
      },
    ],
    licence: 'MIT',
    source: 'https://huggingface.co/openai/clip-vit-base-patch32 (ONNX export: Xenova/clip-vit-base-patch32)',
    description: 'CLIP ViT-B/32 image and text encoders (ONNX): search slides and frames by text (~600 MB).',
  },
];

export function findCatalogueEntry(
  name: string,
  catalogue: readonly CatalogueEntry[] = CATALOGUE,
): CatalogueEntry | undefined {
  const wanted = name.trim().toLowerCase();
  return catalogue.find((entry) => entry.name.toLowerCase() === wanted);
}

/** Total bytes of an entry, or null when a file's size is not known in advance. */
export function catalogueEntrySize(entry: CatalogueEntry): number | null {
  let total = 0;
  for (const file of entry.files) {
    if (file.size === null) return null;
    total += file.size;
  }
  return total;
}
