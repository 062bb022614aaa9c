import type { ModelListing, ModelTask } from '../../../src-main/api/contract.ts';

// How the model manager's listing reads in the window.

export const TASK_WORDS: Record<ModelTask, string> = {
  asr: 'Speech recognition',
  'text-embed': 'Text search',
  'image-embed': 'Slide pictures',
  clip: 'Words to slide pictures',
};

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'size unknown';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

/** A model's state in words, and its tone: usable, installed but broken, partly there, or missing. */
export function modelState(model: ModelListing): { words: string; tone: 'ok' | 'bad' | 'partial' | 'none' } {
  if (model.status === 'installed') {
    return model.usable ? { words: 'Installed', tone: 'ok' } : { words: 'Installed, not usable', tone: 'bad' };
  }
  if (model.status === 'partial') return { words: 'Partly downloaded', tone: 'partial' };
  return { words: 'Not installed', tone: 'none' };
}

/** Speech models the settings may choose: installed and usable. */
export function usableSpeechModels(models: readonly ModelListing[]): ModelListing[] {
  return models.filter((m) => m.task === 'asr' && m.usable);
}
