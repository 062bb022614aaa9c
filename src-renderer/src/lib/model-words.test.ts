import { describe, expect, it } from 'vitest';
import type { ModelListing } from '../../../src-main/api/contract.ts';
import { formatBytes, modelState, usableSpeechModels } from './model-words.ts';

const model = (over: Partial<ModelListing>): ModelListing => ({
  name: 'tiny.en',
  task: 'asr',
  description: '',
  licence: 'MIT',
  sourceUrl: '',
  sizeBytes: 77_704_715,
  status: 'available',
  inCatalogue: true,
  usable: false,
  problem: null,
  files: [],
  ...over,
});

describe('models in words', () => {
  it('tells installed and usable from installed but broken, partly downloaded and missing', () => {
    expect(modelState(model({ status: 'installed', usable: true })).words).toBe('Installed');
    expect(modelState(model({ status: 'installed', usable: false, problem: 'bad header' })).tone).toBe('bad');
    expect(modelState(model({ status: 'partial' })).words).toBe('Partly downloaded');
    expect(modelState(model({})).words).toBe('Not installed');
  });

  it('offers only usable speech models to the settings', () => {
    const list = [
      model({ name: 'a', status: 'installed', usable: true }),
      model({ name: 'b', status: 'installed', usable: false }),
      model({ name: 'c', task: 'clip', status: 'installed', usable: true }),
    ];
    expect(usableSpeechModels(list).map((m) => m.name)).toEqual(['a']);
  });

  it('writes sizes people read', () => {
    expect(formatBytes(77_704_715)).toBe('78 MB');
    expect(formatBytes(1_500_000_000)).toBe('1.5 GB');
    expect(formatBytes(null)).toBe('size unknown');
  });
});
