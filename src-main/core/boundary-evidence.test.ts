import { describe, expect, it } from 'vitest';
import { boundaryCandidates, candidateScore, EVIDENCE_SIGNALS, type EvidenceWeights } from './boundary-evidence.ts';
import { makeClipGrid } from './clip-features.ts';

const clips = makeClipGrid(120, 10);
const edges = (values: Record<number, number>): Float64Array => {
  const out = new Float64Array(clips.length);
  for (const [clip, v] of Object.entries(values)) out[Number(clip)] = v;
  return out;
};

describe('boundaryCandidates', () => {
  const candidates = boundaryCandidates({
    duration: 120,
    clips,
    persistence: edges({ 6: 1 }),
    novelty: edges({ 6: 0.9, 3: 0.4 }),
    sentences: [
      { start: 0, text: 'Welcome.' },
      { start: 31, text: 'A graph has edges.' },
      { start: 58, text: "Let's move on to the proof." },
      { start: 90, text: 'It holds.' },
    ],
    slides: [
      { start: 0, end: 60, title: 'Claim', text: 'Claim\nsomething true about graphs' },
      { start: 60, end: 120, title: 'Proof', text: 'Proof\nby induction on the vertices' },
    ],
    loudness: null,
  });

  it('puts a candidate at every sentence start inside the recording', () => {
    expect(candidates.map((c) => c.time)).toEqual([31, 58, 90]);
  });

  it('gives the sentence that opens a topic at a new slide the TW-FINCH cut, the cue and the slide change', () => {
    const proof = candidates[1].evidence;
    expect(proof.hierarchy).toBe(1);
    expect(proof.cue).toBe(1);
    expect(proof.slideChange).toBeCloseTo(1 - 2 / 6, 6);
    expect(proof.titleChange).toBeGreaterThan(0);
    expect(candidates[2].evidence.slideChange).toBe(0);
  });

  it('scores by the weighted mean of the signals switched on', () => {
    const only = (signal: (typeof EVIDENCE_SIGNALS)[number]): EvidenceWeights =>
      Object.fromEntries(EVIDENCE_SIGNALS.map((s) => [s, s === signal ? 2 : 0])) as EvidenceWeights;
    expect(candidateScore(candidates[1], only('cue'))).toBe(1);
    expect(candidateScore(candidates[0], only('cue'))).toBe(0);
    expect(candidateScore(candidates[1], { ...only('cue'), hierarchy: 2 })).toBe(1);
  });

  it('falls back to slide changes and clip edges without speech', () => {
    const silent = boundaryCandidates({
      duration: 120,
      clips,
      persistence: edges({}),
      novelty: edges({}),
      sentences: [],
      slides: [
        { start: 0, end: 65, title: 'A', text: 'A' },
        { start: 65, end: 120, title: 'B', text: 'B' },
      ],
      loudness: null,
    });
    expect(silent.map((c) => c.time)).toContain(65);
    expect(silent.map((c) => c.time)).toContain(10);
  });
});
