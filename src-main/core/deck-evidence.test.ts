import { describe, expect, it } from 'vitest';
import { alignDeck } from './deck-alignment.ts';
import { alignmentConfidence, deckEvidence, type PageForDeck } from './deck-evidence.ts';
import { alignmentMoments, speechAround } from './deck-moments.ts';
import { pagesOfSlides } from './slide-pages.ts';
import { slidesWithDeckText } from './deck-slides.ts';
import { TfidfIndex } from './tfidf-similarity.ts';

const PAGES: PageForDeck[] = [
  { title: 'Eigenvalues', text: 'eigenvalue eigenvector stretch direction spectrum', picture: null },
  { title: 'Diagonalisation', text: 'diagonal basis change powers of a matrix', picture: null },
  { title: 'Singular values', text: 'singular value decomposition orthogonal rotation', picture: null },
];

const sentence = (start: number, text: string) => ({ start, end: start + 5, text });

describe('TfidfIndex', () => {
  it('ranks the page that shares the rare words first', () => {
    const index = new TfidfIndex(PAGES.map((p) => p.text));
    const sim = index.similarity(['the eigenvectors only stretch', 'nothing in common here']);
    expect(sim[0]).toBeGreaterThan(sim[1]);
    expect(sim[0]).toBeGreaterThan(sim[2]);
    expect(Array.from(sim.subarray(3))).toEqual([0, 0, 0]);
  });
});

describe('alignmentMoments', () => {
  it('cuts time at sentence and visual-span boundaries and names the keyframe on screen', () => {
    const moments = alignmentMoments(
      20,
      [
        { start: 1, end: 6 },
        { start: 6, end: 14 },
      ],
      [
        { start: 0, end: 10, keyframe: 0 },
        { start: 10, end: 20, keyframe: 1 },
      ],
    );
    expect(moments.map((m) => [m.start, m.end, m.keyframe])).toEqual([
      [0, 1, 0],
      [1, 6, 0],
      [6, 10, 0],
      [10, 14, 1],
      [14, 20, 1],
    ]);
  });

  it('gives a voice-only lecture moments without keyframes', () => {
    const moments = alignmentMoments(10, [{ start: 0, end: 10 }], []);
    expect(moments).toEqual([{ start: 0, end: 10, keyframe: -1 }]);
  });
});

describe('speechAround', () => {
  it('joins the sentences near each moment, its own twice', () => {
    const sentences = [sentence(0, 'a'), sentence(5, 'b'), sentence(40, 'c')];
    const moments = alignmentMoments(45, sentences, []);
    expect(speechAround(moments, sentences, 10)[0]).toBe('a a b');
  });
});

describe('deckEvidence and alignmentConfidence', () => {
  const sentences = [
    sentence(0, 'An eigenvector is a direction the matrix only stretches.'),
    sentence(5, 'The eigenvalue is the stretch; all of them form the spectrum.'),
    sentence(10, 'Change the basis and the matrix becomes diagonal.'),
    sentence(15, 'Powers of a diagonal matrix are easy.'),
    sentence(20, 'The singular value decomposition uses orthogonal rotations.'),
  ];

  it('aligns spoken sentences to their pages and trusts the deck', () => {
    const evidence = deckEvidence({ duration: 25, sentences, slides: [] }, PAGES, 0);
    const alignment = alignDeck(evidence);
    expect(alignment.pages).toEqual([1, 1, 2, 2, 3]);
    expect(alignmentConfidence(evidence, alignment).score).toBeGreaterThanOrEqual(0.5);
  });

  it('reports a deck whose pages share no words with the lecture', () => {
    const other: PageForDeck[] = [
      { title: 'Photosynthesis', text: 'chlorophyll light reaction leaf', picture: null },
      { title: 'Respiration', text: 'mitochondria glucose oxygen', picture: null },
    ];
    const evidence = deckEvidence({ duration: 25, sentences, slides: [] }, other, 0);
    expect(alignmentConfidence(evidence, alignDeck(evidence)).score).toBeLessThan(0.5);
  });
});

describe('pagesOfSlides', () => {
  it('takes the page covering most of each slide span, null when pages cover under half', () => {
    const spans = [
      { start: 0, end: 8, page: 1 },
      { start: 8, end: 20, page: 2 },
    ];
    expect(
      pagesOfSlides(
        [
          { start: 0, end: 10 },
          { start: 10, end: 20 },
          { start: 20, end: 40 },
        ],
        spans,
      ),
    ).toEqual([1, 2, null]);
  });
});

describe('slidesWithDeckText', () => {
  const pages = [
    { page: 1, title: 'Eigenvalues', text: 'Eigenvalues\nA v = lambda v' },
    { page: 2, title: 'Diagonalisation', text: 'Diagonalisation\nchange of basis' },
  ];
  const spans = [
    { start: 0, end: 10, page: 1 },
    { start: 10, end: 20, page: 2 },
  ];

  it("gives each slide the text and title of the page shown in it, keeping OCR's where no page is", () => {
    const slides = [
      { start: 0, end: 10, title: 'Eigenvaiues', text: 'A v = 1ambda v' },
      { start: 10, end: 20, title: null, text: 'change of basls' },
      { start: 20, end: 30, title: 'Questions?', text: '' },
    ];
    expect(slidesWithDeckText(slides, spans, pages, true).map((s) => [s.title, s.text])).toEqual([
      ['Eigenvalues', 'Eigenvalues\nA v = lambda v'],
      ['Diagonalisation', 'Diagonalisation\nchange of basis'],
      ['Questions?', ''],
    ]);
  });

  it('gives a recording without picture the slide spans of the deck', () => {
    const whole = [{ start: 0, end: 20, title: null, text: '' }];
    expect(slidesWithDeckText(whole, spans, pages, false)).toEqual([
      { start: 0, end: 10, title: 'Eigenvalues', text: 'Eigenvalues\nA v = lambda v' },
      { start: 10, end: 20, title: 'Diagonalisation', text: 'Diagonalisation\nchange of basis' },
    ]);
  });

  it('leaves the slides alone without a deck', () => {
    const slides = [{ start: 0, end: 5, title: 'T', text: 'x' }];
    expect(slidesWithDeckText(slides, [], pages, true)).toEqual(slides);
  });
});
