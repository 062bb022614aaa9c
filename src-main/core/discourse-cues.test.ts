import { describe, expect, it } from 'vitest';
import { topicOpenerScore } from './discourse-cues.ts';

describe('topicOpenerScore', () => {
  it('scores explicit topic openers 1', () => {
    for (const s of [
      "Let's move on to the next part.",
      "OK, so let's talk about gradient descent.",
      'So today we are going to look at sorting.',
      'Now, moving on to the proof.',
      'Before we start with the proof, a word on notation.',
      "So what we're going to do is define a new kind of machine.",
      'To recap, a heap is a tree.',
      'Any questions before we continue?',
      'Second, the algorithm must terminate.',
      'The next topic is recursion.',
    ]) {
      expect(topicOpenerScore(s), s).toBe(1);
    }
  });

  it('scores a bare step marker 0.5', () => {
    expect(topicOpenerScore('So the answer is four.')).toBe(0.5);
    expect(topicOpenerScore('Now this is a harder case.')).toBe(0.5);
  });

  it('scores an ordinary sentence 0', () => {
    expect(topicOpenerScore('The matrix has three rows.')).toBe(0);
    expect(topicOpenerScore('')).toBe(0);
    expect(topicOpenerScore('Sorting is a classic problem.')).toBe(0);
  });
});
