import { describe, expect, it } from 'vitest';
import { supportingPage, whyWithPage } from './grounding-page-why.ts';
import { TermMatcher } from './grounding-rerank.ts';

const matcher = (words: string[]) =>
  new TermMatcher({ terms: words.map((w) => ({ stems: [w], weight: 1 })), answerType: null });

const page = (n: number, title: string, text = '') => ({ page: n, title, text });

describe('the deck page a result names', () => {
  it('is the shown page holding most of the question words', () => {
    const pages = [page(3, 'Cholesky', 'no pivoting'), page(4, 'Gradient descent', 'step size and pivoting')];
    expect(supportingPage(['spoken'], pages, matcher(['cholesky', 'pivot']))).toBe(3);
  });

  it('is the page shown when the match came from the slide but its page holds no question word', () => {
    expect(supportingPage(['on slide', 'spoken'], [page(7, 'Summary')], matcher(['eigenvalu']))).toBe(7);
  });

  it('is none when no page was shown, or a spoken match has no page with the question words', () => {
    expect(supportingPage(['on slide'], [], matcher(['cholesky']))).toBeNull();
    expect(supportingPage(['spoken'], [page(2, 'Outline')], matcher(['cholesky']))).toBeNull();
  });
});

describe('the why with the page named', () => {
  it("turns 'on slide' into 'on slide p. N', keeping the order", () => {
    expect(whyWithPage(['spoken', 'on slide'], 5)).toEqual(['spoken', 'on slide p. 5']);
  });

  it('adds the page when the slide was not among the reasons', () => {
    expect(whyWithPage(['spoken', 'chapter title'], 2)).toEqual(['spoken', 'chapter title', 'on slide p. 2']);
  });

  it('leaves the reasons as they are without a page', () => {
    expect(whyWithPage(['spoken'], null)).toEqual(['spoken']);
  });
});
