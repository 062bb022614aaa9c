import { describe, expect, it } from 'vitest';
import type { StageName } from './domain-types.ts';
import { lectureReadiness, type ReadinessInput } from './lecture-readiness.ts';

const stages = (entries: Array<[StageName, Record<string, unknown> | null]>) => new Map(entries);

const base: ReadinessInput = {
  status: 'indexing',
  duration: 3600,
  stages: stages([]),
  transcriptCovered: null,
  hasWords: false,
};

describe('lecture readiness', () => {
  it('shows everything being made while a new lecture starts indexing', () => {
    expect(lectureReadiness(base)).toEqual({
      slides: 'working',
      transcript: { state: 'working', seconds: 0, source: null },
      chapters: { state: 'working', kind: null },
      search: { state: 'working', words: false },
    });
  });

  it('reads slides and provisional chapters while speech recognition is part-way', () => {
    const readiness = lectureReadiness({
      ...base,
      stages: stages([
        ['frames', {}],
        ['ocr', {}],
        ['segment', { chapters: 9, provisional: true }],
      ]),
      transcriptCovered: 480,
      hasWords: true,
    });
    expect(readiness.slides).toBe('ready');
    expect(readiness.transcript).toEqual({ state: 'working', seconds: 480, source: 'asr' });
    expect(readiness.chapters).toEqual({ state: 'working', kind: 'provisional' });
    expect(readiness.search).toEqual({ state: 'working', words: true });
  });

  it('says an interrupted transcript waits, keeping the seconds it covers', () => {
    const readiness = lectureReadiness({ ...base, status: 'queued', transcriptCovered: 240.04 });
    expect(readiness.transcript).toEqual({ state: 'pending', seconds: 240, source: 'asr' });
    expect(readiness.chapters.state).toBe('pending');
  });

  it('is ready everywhere once the final chapters and embeddings are stored', () => {
    const done = stages([
      ['frames', {}],
      ['ocr', {}],
      ['transcript', { source: 'sidecar', segments: 12 }],
      ['embed', {}],
      ['segment', { chapters: 4 }],
    ]);
    expect(lectureReadiness({ ...base, status: 'ready', stages: done, hasWords: true })).toEqual({
      slides: 'ready',
      transcript: { state: 'ready', seconds: 3600, source: 'sidecar' },
      chapters: { state: 'ready', kind: 'final' },
      search: { state: 'ready', words: true },
    });
  });

  it('does not count a transcript as done while a new recognition of it is stored part-way', () => {
    const readiness = lectureReadiness({
      ...base,
      stages: stages([
        ['transcript', { source: 'sidecar' }],
        ['embed', {}],
      ]),
      transcriptCovered: 60,
    });
    expect(readiness.transcript.state).toBe('working');
    expect(readiness.search.state).toBe('working');
  });
});
