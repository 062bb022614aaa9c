import { describe, expect, it } from 'vitest';
import { keySentenceCount, keySentences, sentencesOf } from './key-sentences.ts';

describe('sentencesOf', () => {
  it('joins a sentence cut across cues and splits cues that hold several, with times inside the cue', () => {
    const sentences = sentencesOf([
      { start: 10, end: 14, text: 'The gradient points' },
      { start: 14, end: 18, text: 'uphill. So we step the other way.' },
      { start: 20, end: 22, text: 'Why?' },
    ]);
    expect(sentences.map((s) => s.text)).toEqual(['The gradient points uphill.', 'So we step the other way.', 'Why?']);
    expect(sentences[0].start).toBe(10);
    expect(sentences[0].end).toBeGreaterThan(14);
    expect(sentences[0].end).toBeLessThan(16);
    // "So we step" starts a quarter of the way into the second cue.
    expect(sentences[1].start).toBeGreaterThan(14.5);
    expect(sentences[1].start).toBeLessThan(16);
    expect(sentences[1].end).toBe(18);
    expect(sentences[2]).toEqual({ start: 20, end: 22, text: 'Why?' });
  });

  it('does not break at decimals or common abbreviations, and does break after a single letter', () => {
    const texts = sentencesOf([
      {
        start: 0,
        end: 10,
        text: 'The rate is 3.5 per step, e.g. for small steps. Multiply by the matrix A. Then stop.',
      },
    ]).map((s) => s.text);
    expect(texts).toEqual([
      'The rate is 3.5 per step, e.g. for small steps.',
      'Multiply by the matrix A.',
      'Then stop.',
    ]);
  });

  it('keeps one sentence per cue when the speech has no punctuation', () => {
    const cues = [
      { start: 0, end: 3, text: 'so this is the idea' },
      { start: 3, end: 6, text: 'and this is the next one' },
    ];
    expect(sentencesOf(cues)).toEqual(cues);
  });
});

describe('keySentences', () => {
  // Two chapters: eigenvalues, then gradient descent; each with fillers and one repeated point.
  const said = [
    'Hi folks.',
    'Okay, let us get started then.',
    'An eigenvector is a direction that the matrix only stretches by its eigenvalue.',
    'The eigenvalues of a symmetric matrix are real numbers.',
    'The eigenvalues of a symmetric matrix are real numbers, as I said.',
    'We compute eigenvalues with the QR algorithm rather than the characteristic polynomial.',
    'Any questions so far?',
    'Gradient descent steps against the gradient of the loss function.',
    'The step size of gradient descent must be small enough for the loss to decrease.',
    'Yeah.',
    'A badly conditioned problem makes gradient descent zig-zag slowly.',
    'Preconditioning rescales the problem so gradient descent converges faster.',
  ];
  const transcript = said.map((text, i) => ({ start: i * 10, end: i * 10 + 9, text }));
  const chapters = [
    { start: 0, end: 70 },
    { start: 70, end: 120 },
  ];

  it('picks the central sentences of each chapter, in time order, leaving fillers out', () => {
    const picked = keySentences(transcript, chapters);
    expect(picked).toHaveLength(2);
    for (const list of picked) {
      expect(list).toHaveLength(2);
      expect(list.map((s) => s.start)).toEqual([...list.map((s) => s.start)].sort((a, b) => a - b));
      for (const s of list) expect(s.text).not.toMatch(/^(Hi folks|Okay|Any questions|Yeah)/);
    }
    for (const s of picked[0]) expect(s.start).toBeLessThan(70);
    for (const s of picked[1]) expect(s.start).toBeGreaterThanOrEqual(70);
    expect(picked[1].map((s) => s.text).join(' ')).toMatch(/gradient descent/i);
  });

  it('does not say the same thing twice', () => {
    const picked = keySentences(transcript, [{ start: 0, end: 70 }], { min: 3, max: 3 })[0];
    const realNumbers = picked.filter((s) => /real numbers/.test(s.text));
    expect(realNumbers.length).toBeLessThanOrEqual(1);
  });

  it('leans towards what the chapter’s slides are about', () => {
    const [withoutSlides] = keySentences(transcript, [{ start: 0, end: 70 }], { min: 1, max: 1 });
    const [withSlides] = keySentences(transcript, [{ start: 0, end: 70 }], {
      min: 1,
      max: 1,
      context: ['QR algorithm\nComputing eigenvalues in practice\nNot the characteristic polynomial'],
    });
    expect(withSlides[0].text).toMatch(/QR algorithm/);
    expect(withoutSlides[0].text).not.toMatch(/QR algorithm/);
  });

  it('gives longer chapters more sentences, 2 to 4', () => {
    expect(keySentenceCount(60)).toBe(2);
    expect(keySentenceCount(8 * 60)).toBe(4);
    expect(keySentenceCount(5 * 60)).toBe(3);
    expect(keySentenceCount(3 * 3600)).toBe(4);
  });

  it('returns an empty list for a chapter where nothing was said', () => {
    const picked = keySentences(transcript, [...chapters, { start: 120, end: 300 }]);
    expect(picked[2]).toEqual([]);
  });
});
