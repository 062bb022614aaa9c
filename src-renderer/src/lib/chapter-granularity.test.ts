import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-main/store/settings-store.ts';
import { GRANULARITY_STEPS, granularityStep } from './chapter-granularity.ts';

describe('chapter granularity steps', () => {
  it('has the automatic step at the stored default, which leaves the length to the chapter-count prior', () => {
    expect(granularityStep(DEFAULT_SETTINGS.chapterTargetSeconds)?.label).toMatch(/^Automatic/);
  });

  it('goes from finer to coarser within what the settings accept (30-3600 s)', () => {
    const seconds = GRANULARITY_STEPS.map((s) => s.seconds);
    expect([...seconds].sort((a, b) => a - b)).toEqual(seconds);
    expect(seconds.every((s) => s >= 30 && s <= 3600)).toBe(true);
  });

  it('says when the stored length is none of the steps', () => {
    expect(granularityStep(30)).toBe(null);
  });
});
