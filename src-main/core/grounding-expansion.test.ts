import { describe, expect, it } from 'vitest';
import { buildLexicon, expandQuestion } from './grounding-expansion.ts';
import { stem } from './lexical-terms.ts';

const lexicon = buildLexicon([
  {
    words: ['computer', 'computing machine', 'data processor'],
    definition: 'a machine for performing calculations automatically',
  },
  { words: ['automaton', 'robot'], definition: 'a mechanism that can move automatically' },
  { words: ['car', 'automobile', 'machine'], definition: 'a motor vehicle with four wheels' },
  { words: ['lens'], definition: 'a transparent optical device used to converge or diverge transmitted light' },
]);

const terms = (words: string[]) => words.map((w) => ({ stems: [stem(w)], weight: 1 }));

describe('expandQuestion', () => {
  it('points a description of a concept at the word its definition defines', () => {
    const { described } = expandQuestion(lexicon, terms(['machine', 'performs', 'calculations']));
    expect(described[0]).toEqual({ stem: stem('computer'), weight: expect.any(Number) });
    expect(described[0].weight).toBeGreaterThan(0);
    expect(described.map((d) => d.stem)).not.toContain(stem('lens'));
  });

  it('needs two of the question words in a definition', () => {
    expect(expandQuestion(lexicon, terms(['calculations', 'vehicle'])).described).toEqual([]);
  });

  it('gives the other one-word names of every sense of a question word as synonyms', () => {
    const { synonyms } = expandQuestion(lexicon, terms(['automobile']));
    expect(synonyms.map((s) => s.stem)).toEqual([stem('car'), stem('machine')]);
  });

  it('never expands to the question’s own words', () => {
    const { synonyms, described } = expandQuestion(lexicon, terms(['car', 'machine']));
    for (const s of [...synonyms, ...described]) expect([stem('car'), stem('machine')]).not.toContain(s.stem);
  });

  it('weighs an expansion by the rarity-weighted share of the question it comes from', () => {
    const { synonyms } = expandQuestion(lexicon, [
      { stems: [stem('automobile')], weight: 3 },
      { stems: [stem('robot')], weight: 1 },
    ]);
    expect(synonyms.find((s) => s.stem === stem('car'))?.weight).toBe(0.75);
    expect(synonyms.find((s) => s.stem === stem('automaton'))?.weight).toBe(0.25);
  });
});

describe('expandQuestion over a library', () => {
  it('keeps only expansions the library holds, so unknown words do not crowd out known ones', () => {
    const held = new Set([stem('automaton')]);
    const { synonyms } = expandQuestion(lexicon, terms(['robot']), {
      known: (stems) => new Set(stems.filter((s) => held.has(s))),
    });
    expect(synonyms.map((s) => s.stem)).toEqual([stem('automaton')]);
  });
});
