import { describe, expect, it } from 'vitest';
import { asksForDefinition, definitionCoverage } from './grounding-definitions.ts';
import { TermMatcher } from './grounding-rerank.ts';

describe('definitional questions', () => {
  it('knows a question asking what a term is or means', () => {
    expect(asksForDefinition('what is a preconditioner')).toBe(true);
    expect(asksForDefinition("What's the condition number?")).toBe(true);
    expect(asksForDefinition('what does photovoltaics mean')).toBe(true);
    expect(asksForDefinition('what do we mean by a regular language')).toBe(true);
    expect(asksForDefinition('define the spectrum of a matrix')).toBe(true);
    expect(asksForDefinition('in this lecture, what is a pinhole camera')).toBe(true);
  });

  it('leaves other questions alone', () => {
    expect(asksForDefinition('why does the image appear upside down')).toBe(false);
    expect(asksForDefinition('how does gradient descent work')).toBe(false);
    expect(asksForDefinition('who teaches this class')).toBe(false);
    expect(asksForDefinition('what does the lab make')).toBe(false);
  });
});

describe('sentences that define', () => {
  const terms = (...stems: string[]) =>
    new TermMatcher({ terms: stems.map((s) => ({ stems: [s], weight: 1 })), answerType: null });
  const of = (matcher: TermMatcher, sentence: string) => definitionCoverage(sentence, (t) => matcher.coverage(t));

  it('finds the term as the subject of "is", after the words a spoken sentence starts with', () => {
    const preconditioner = terms('precondition');
    expect(of(preconditioner, 'A preconditioner is an approximate inverse that is cheap to apply.')).toBe(1);
    expect(of(preconditioner, 'So, a preconditioner is an approximate inverse.')).toBe(1);
    const condition = terms('condit', 'number');
    expect(of(condition, 'The condition number is the ratio of the largest to the smallest eigenvalue.')).toBe(1);
  });

  it('finds the term named after "is called" or "we call"', () => {
    expect(of(terms('spectrum', 'matrix'), 'The set of all eigenvalues is called the spectrum of the matrix.')).toBe(1);
    expect(of(terms('regular', 'express'), 'Those allow us to build what we call our regular expressions.')).toBe(1);
  });

  it('does not take a sentence that only uses the term', () => {
    const preconditioner = terms('precondition');
    expect(of(preconditioner, 'The Cholesky factor from earlier is also the best preconditioner money can buy.')).toBe(
      0,
    );
    expect(
      of(preconditioner, 'Without it, this preconditioner would cost as much as the solve itself, which is a pity.'),
    ).toBe(0);
    // A long clause before the verb is not a defined term.
    expect(
      of(
        preconditioner,
        'When the matrix is ill conditioned and we have no preconditioner at hand the iteration is slow.',
      ),
    ).toBe(0);
  });
});
