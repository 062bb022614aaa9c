import { describe, expect, it } from 'vitest';
import { CATALOGUE, catalogueEntrySize, findCatalogueEntry } from './catalogue.ts';

describe('the model catalogue', () => {
  it('has unique names and well-formed files', () => {
    expect(new Set(CATALOGUE.map((entry) => entry.name)).size).toBe(CATALOGUE.length);
    for (const entry of CATALOGUE) {
      expect(entry.files.length).toBeGreaterThan(0);
      for (const file of entry.files) {
        expect(file.url).toMatch(/^https:\/\/huggingface\.co\//);
        expect(file.sha256 === null || /^[0-9a-f]{64}$/.test(file.sha256)).toBe(true);
        expect(file.size === null || file.size > 0).toBe(true);
      }
    }
  });

  it('lists the whisper ggml models with sizes and sha256, English-only and multilingual', () => {
    for (const name of ['tiny', 'tiny.en', 'base', 'base.en', 'small', 'small.en']) {
      const entry = findCatalogueEntry(name);
      expect(entry?.task).toBe('asr');
      expect(entry?.files).toHaveLength(1);
      expect(entry?.files[0].name).toBe(`ggml-${name}.bin`);
      expect(entry?.files[0].url).toBe(`https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-${name}.bin`);
      expect(entry?.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(catalogueEntrySize(entry!)).toBeGreaterThan(70_000_000);
    }
    expect(findCatalogueEntry('TINY.EN')?.name).toBe('tiny.en');
  });

  it('has a sentence encoder and a CLIP-class model', () => {
    expect(CATALOGUE.filter((entry) => entry.task === 'text-embed').map((entry) => entry.name)).toContain(
      'all-minilm-l6-v2',
    );
    const clip = CATALOGUE.find((entry) => entry.task === 'clip');
    expect(clip?.files.map((file) => file.name)).toEqual([
      'vision_model.onnx',
      'text_model.onnx',
      'tokenizer.json',
      'preprocessor_config.json',
    ]);
  });
});
