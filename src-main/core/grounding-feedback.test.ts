import { describe, expect, it } from 'vitest';
import { feedbackTerms, relevanceModel } from './grounding-feedback.ts';

describe('pseudo-relevance feedback', () => {
  it('finds the term the best moments share that the question did not use', () => {
    const model = relevanceModel(
      [
        { text: 'This dark room is called a camera obscura.', weight: 1 },
        { text: 'The camera obscura projects the scene through a hole.', weight: 0.8 },
        { text: 'Unrelated words about weather.', weight: 0.1 },
      ],
      new Set(['dark', 'room', 'hole']),
    );
    expect([...model.keys()].slice(0, 2).sort()).toEqual(['camera', 'obscura']);
    expect(model.has('hole')).toBe(false);
  });

  it('prefers rare feedback terms to common ones of the same likelihood', () => {
    const model = new Map([
      ['obscura', 0.2],
      ['thing', 0.2],
    ]);
    const terms = feedbackTerms(
      model,
      new Map([
        ['obscura', 3],
        ['thing', 3000],
      ]),
      (rows) => Math.log(1 + 10_000 / (1 + rows)),
      1,
    );
    expect(terms.map((t) => t.stem)).toEqual(['obscura']);
  });
});
