import { describe, expect, it } from 'vitest';
import { answerKindOf, holdsAnswerKind } from './grounding-answer-kinds.ts';

describe('answer kinds from the wording of a question', () => {
  it('knows a question about the lecture itself', () => {
    expect(answerKindOf('which session number is this and what is its subject')).toBe('lecture');
    expect(answerKindOf('what is the plan for today')).toBe('lecture');
    expect(answerKindOf('what did we cover last lecture')).toBe('lecture');
    expect(answerKindOf('who teaches this class')).toBe('lecture');
  });

  it('knows a question asking for a reason', () => {
    expect(answerKindOf('why does the image appear upside down')).toBe('reason');
    expect(answerKindOf('what is the advantage of a virtual image plane')).toBe('reason');
  });

  it('leaves other questions alone', () => {
    expect(answerKindOf('where does the example machine begin')).toBeNull();
    expect(answerKindOf('cholesky factorisation cost')).toBeNull();
    expect(answerKindOf('in this lecture, what is a pinhole camera')).toBeNull();
  });
});

describe('what a sentence holding such an answer says', () => {
  it('a reason gives a cause', () => {
    expect(holdsAnswerKind('It is mirrored because light travels in straight lines.', 'reason')).toBe(true);
    expect(holdsAnswerKind('The image is mirrored.', 'reason')).toBe(false);
  });

  it('a question about the lecture is answered by place, not words', () => {
    expect(holdsAnswerKind('Welcome to lecture two.', 'lecture')).toBe(false);
  });
});
