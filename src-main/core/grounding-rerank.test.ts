import { describe, expect, it } from 'vitest';
import {
  answerTypeOf,
  expansionMatchers,
  FEATURES,
  holdsAnswerType,
  pickMoments,
  RERANK_WEIGHTS,
  rerankFeatures,
  rerankScore,
  TermMatcher,
  weighDeckWords,
  type RerankCandidate,
  type RerankQuery,
} from './grounding-rerank.ts';

const query = (words: string[], answerType: RerankQuery['answerType'] = null): RerankQuery => ({
  terms: words.map((w) => ({ stems: [w], weight: 1 })),
  answerType,
});

const sentence = (text: string, extra: Partial<RerankCandidate> = {}): RerankCandidate => ({
  fused: 0.5,
  rank: 0,
  kind: 'window',
  spoken: true,
  text,
  previous: '',
  next: '',
  at: 300,
  opens: false,
  slides: [],
  pages: [],
  chapters: [],
  denseWindow: null,
  denseSlide: null,
  ...extra,
});

describe('answer types', () => {
  it('reads what kind of answer a question wants from its question words', () => {
    expect(answerTypeOf('who invented the pinhole camera')).toBe('person');
    expect(answerTypeOf('when was the camera obscura first described')).toBe('time');
    expect(answerTypeOf('in what year did this happen')).toBe('time');
    expect(answerTypeOf('how many states does the automaton have')).toBe('quantity');
    expect(answerTypeOf('why is the image upside down')).toBe('reason');
    expect(answerTypeOf('what is the pinhole made of')).toBeNull();
  });

  it('does not take a "when" that asks for the moment or a condition as asking for a date', () => {
    expect(answerTypeOf('when does the lecturer talk about air mass')).toBeNull();
    expect(answerTypeOf('when does he explain the pumping lemma')).toBeNull();
    expect(answerTypeOf('when can a perspective camera be treated as orthographic')).toBeNull();
    expect(answerTypeOf('when does a nondeterministic machine reject its input')).toBeNull();
    expect(answerTypeOf('when does the solar car team unveil its vehicle')).toBe('time');
    expect(answerTypeOf('what is the longest day of the year called and when is it')).toBe('time');
  });

  it('finds a year, a number or a name in a sentence', () => {
    expect(holdsAnswerType('It was described in 1558 by Della Porta.', 'time')).toBe(true);
    expect(holdsAnswerType('It has been described for a long while.', 'time')).toBe(false);
    expect(holdsAnswerType('The machine has three states.', 'quantity')).toBe(true);
    expect(holdsAnswerType('The machine has states.', 'quantity')).toBe(false);
    expect(holdsAnswerType('This was shown by Alan Turing.', 'person')).toBe(true);
    expect(holdsAnswerType('This was shown later.', 'person')).toBe(false);
    expect(holdsAnswerType('Aristotle described the camera obscura.', 'person')).toBe(true);
    expect(holdsAnswerType('Alan Turing showed this in 1936.', 'person')).toBe(true);
    expect(holdsAnswerType('Light travels in straight lines.', 'person')).toBe(false);
    expect(holdsAnswerType('Today we look at cameras.', 'person')).toBe(false);
  });
});

describe('TermMatcher', () => {
  it('weighs coverage by the rarity of the words found, matching stems', () => {
    const matcher = new TermMatcher({
      terms: [
        { stems: ['pinhol'], weight: 3 },
        { stems: ['camera'], weight: 1 },
      ],
      answerType: null,
    });
    expect(matcher.coverage('Pinholes are small')).toBeCloseTo(0.75);
    expect(matcher.coverage('a camera and a pinhole')).toBeCloseTo(1);
    expect(matcher.coverage('nothing here')).toBe(0);
  });

  it('scores words said next to each other above the same words far apart', () => {
    const matcher = new TermMatcher(query(['chain', 'rule']));
    expect(matcher.proximity('the chain rule')).toBe(1);
    expect(matcher.proximity('a chain of thought and then a rule')).toBeCloseTo(2 / 7);
    expect(matcher.proximity('only a chain')).toBe(0);
  });

  it('scores sentences said one after another as their joined text, matching each sentence once', () => {
    const parts = ['We use the chain', "rule here, don't we?", '', 'Then a chain again and the rule.'];
    const joined = parts.filter(Boolean).join(' ');
    const separate = new TermMatcher(query(['chain', 'rule', 'again']));
    const whole = new TermMatcher(query(['chain', 'rule', 'again']));
    expect(separate.coverage(...parts)).toBeCloseTo(whole.coverage(joined));
    expect(separate.proximity(...parts)).toBeCloseTo(whole.proximity(joined));
    expect(separate.proximity(parts[0], parts[1])).toBeCloseTo(1);
    expect(separate.coverage(parts[0], parts[1])).toBeCloseTo(2 / 3);
    expect(separate.coverage('', '')).toBe(0);
  });
});

describe('sentence BM25', () => {
  it('counts a term said twice more, and the same terms in a long sentence less, unlike coverage', () => {
    const m = new TermMatcher(query(['solar', 'car']));
    const once = 'The solar car team rolls out its new model.';
    const twice = 'The solar car team rolls out its new solar model.';
    const long = `The solar car team, ${'which many students from every department join each year, '.repeat(3)}rolls out.`;
    expect(m.coverage(twice)).toBe(m.coverage(once));
    expect(m.bm25(twice)).toBeGreaterThan(m.bm25(once));
    expect(m.coverage(long)).toBe(m.coverage(once));
    expect(m.bm25(long)).toBeLessThan(m.bm25(once));
    expect(m.bm25('Nothing about it here.')).toBe(0);
  });

  it('is a feature of spoken candidates only', () => {
    const q = query(['solar']);
    const at = FEATURES.indexOf('sentence bm25');
    expect(rerankFeatures(q, new TermMatcher(q), sentence('Solar power.'))[at]).toBeGreaterThan(0);
    expect(rerankFeatures(q, new TermMatcher(q), sentence('Solar power.', { spoken: false }))[at]).toBe(0);
  });
});

describe('rerankFeatures', () => {
  it('gives one value per feature and scores the sentence holding the answer above its neighbour', () => {
    const q = query(['year', 'obscura'], 'time');
    const matcher = new TermMatcher(q);
    const answer = rerankFeatures(q, matcher, sentence('The camera obscura was described in 1558.'));
    const aside = rerankFeatures(q, matcher, sentence('Okay, so.'));
    expect(answer).toHaveLength(FEATURES.length);
    expect(RERANK_WEIGHTS).toHaveLength(FEATURES.length);
    expect(answer[FEATURES.indexOf('answer type found')]).toBe(1);
    expect(aside[FEATURES.indexOf('answer type missing')]).toBe(1);
    expect(rerankScore(answer)).toBeGreaterThan(rerankScore(aside));
  });
});

describe('lecture opening', () => {
  it('puts a question about the lecture at its opening whatever answer type it asks for', () => {
    const q: RerankQuery = { ...query(['teach']), answerType: 'person', aboutLecture: true };
    const matcher = new TermMatcher(q);
    const at = FEATURES.indexOf('lecture opening');
    expect(rerankFeatures(q, matcher, sentence('Hello, I am Ada Lovelace.', { at: 0 }))[at]).toBe(1);
    expect(rerankFeatures(q, matcher, sentence('Hello, I am Ada Lovelace.', { at: 900 }))[at]).toBe(0);
    const plain: RerankQuery = { ...q, aboutLecture: false };
    expect(rerankFeatures(plain, matcher, sentence('Hello, I am Ada Lovelace.', { at: 0 }))[at]).toBe(0);
  });
});

describe('answer type on the title page', () => {
  it('finds the teacher or the date of a question about the lecture on the page shown, not for other questions', () => {
    const title = {
      page: 1,
      start: 36,
      end: 103,
      title: 'The Solar Resource',
      text: 'Lecture 2 – 9/13/2011\nMIT Fundamentals of Photovoltaics\nProf. Tonio Buonassisi',
    };
    const said = sentence('What I wanted to do is pass around a few balls.', { pages: [title] });
    const found = FEATURES.indexOf('answer type found');
    const about: RerankQuery = { ...query(['teach']), answerType: 'person', aboutLecture: true };
    expect(rerankFeatures(about, new TermMatcher(about), said)[found]).toBe(1);
    const when: RerankQuery = { ...query(['date']), answerType: 'time', aboutLecture: true };
    expect(rerankFeatures(when, new TermMatcher(when), said)[found]).toBe(1);
    const subject: RerankQuery = { ...query(['invented']), answerType: 'person' };
    expect(rerankFeatures(subject, new TermMatcher(subject), said)[found]).toBe(0);
    const slideOnly = sentence('Pass that around.', {
      slides: [{ title: null, text: 'Prof. Ng, Fall 2011' }],
    });
    expect(rerankFeatures(when, new TermMatcher(when), slideOnly)[found]).toBe(1);
  });
});

describe('next coverage', () => {
  it('marks a sentence whose next one holds the question, so the answer can start there and not a sentence early', () => {
    const q = query(['mirrored']);
    const matcher = new TermMatcher(q);
    const before = rerankFeatures(
      q,
      matcher,
      sentence('Now the image has the same size.', { next: 'It is mirrored.' }),
    );
    const answer = rerankFeatures(
      q,
      matcher,
      sentence('It is mirrored.', { previous: 'Now the image has the same size.' }),
    );
    expect(before[FEATURES.indexOf('next coverage')]).toBe(1);
    expect(answer[FEATURES.indexOf('next coverage')]).toBe(0);
    expect(rerankScore(answer)).toBeGreaterThan(rerankScore(before));
  });
});

describe('expansion features', () => {
  it('counts the weight of the expansion words a sentence and the next one say', () => {
    const q = query(['machine', 'calculations']);
    const expansion = expansionMatchers({
      synonyms: [{ stem: 'automaton', weight: 0.5 }],
      described: [{ stem: 'comput', weight: 0.8 }],
    });
    const f = rerankFeatures(
      q,
      new TermMatcher(q),
      sentence('The computer', { next: 'is an automaton.' }),
      null,
      expansion,
    );
    expect(f[FEATURES.indexOf('described match')]).toBeCloseTo(0.8);
    expect(f[FEATURES.indexOf('synonym match')]).toBeCloseTo(0.5);
  });
});

describe('pickMoments', () => {
  it('takes the best first and skips candidates starting inside or just before a picked moment', () => {
    const candidates = [
      { lectureId: 1, start: 0, end: 10 },
      { lectureId: 1, start: 16, end: 24 },
      { lectureId: 1, start: 25, end: 30 },
      { lectureId: 1, start: 100, end: 110 },
      { lectureId: 2, start: 25, end: 30 },
    ];
    const picked = pickMoments(candidates, [1, 2, 5, 3, 4], 10);
    // 25-30 first; 16-24 starts within 10 s before it; 0-10 does not.
    expect(picked.map((c) => [c.lectureId, c.start])).toEqual([
      [1, 25],
      [2, 25],
      [1, 100],
      [1, 0],
    ]);
    expect(pickMoments(candidates, [1, 2, 5, 3, 4], 2)).toHaveLength(2);
  });
});

describe('a word no indexed row holds', () => {
  const asked: RerankQuery = {
    terms: [
      { stems: ['photon'], weight: 2 },
      { stems: ['bandgap'], weight: 0 },
    ],
    answerType: null,
  };

  it('weighs again only where a deck page shown among the candidates has it', () => {
    const page = (text: string) => ({ title: null, text });
    expect(weighDeckWords(asked, [page('The bandgap of silicon')], 9).terms.map((t) => t.weight)).toEqual([2, 9]);
    expect(weighDeckWords(asked, [{ title: 'Bandgap', text: '' }], 9).terms.map((t) => t.weight)).toEqual([2, 9]);
    expect(weighDeckWords(asked, [page('Solar cells absorb photons')], 9)).toBe(asked);
    expect(weighDeckWords(asked, [], 9)).toBe(asked);
  });
});

describe('defines term', () => {
  it('ranks the sentence that defines the asked-for term above the next one that only uses it', () => {
    const q: RerankQuery = { ...query(['precondition']), definitional: true };
    const matcher = new TermMatcher(q);
    const defining = 'A preconditioner is an approximate inverse that is cheap to apply.';
    const using = 'The Cholesky factor from earlier is also the best preconditioner money can buy.';
    const definition = rerankFeatures(q, matcher, sentence(defining, { next: using }));
    const use = rerankFeatures(q, matcher, sentence(using, { previous: defining }));
    expect(definition[FEATURES.indexOf('defines term')]).toBe(1);
    expect(use[FEATURES.indexOf('defines term')]).toBe(0);
    expect(rerankScore(definition)).toBeGreaterThan(rerankScore(use));
    const plain = { ...q, definitional: false };
    expect(rerankFeatures(plain, matcher, sentence(defining))[FEATURES.indexOf('defines term')]).toBe(0);
  });
});

describe('spelling', () => {
  it('matches British and American spellings in their British form, which does not take in the shorter word', () => {
    const british = new TermMatcher(query(['factoris']));
    expect(british.coverage('Now let us turn to the Cholesky factorization.')).toBe(1);
    expect(british.coverage('Now let us turn to the Cholesky factorisation.')).toBe(1);
    expect(british.coverage('Here is why the Cholesky factor is so valuable.')).toBe(0);
    // An American question word brings its British stem along (moment-search.ts rerankQuery).
    const american = new TermMatcher({ terms: [{ stems: ['optim', 'optimis'], weight: 1 }], answerType: null });
    expect(american.coverage('Gradient descent is the workhorse of optimisation.')).toBe(1);
  });
});

describe('asks a question', () => {
  it('ranks the lecturer’s answer above the question he asks in the student’s words', () => {
    const q = query(['equinox', 'mean']);
    const matcher = new TermMatcher(q);
    const asking = 'And what does the equinox mean?';
    const answering = 'The equinox means an equal amount of light and dark.';
    const question = rerankFeatures(q, matcher, sentence(asking, { next: answering }));
    const answer = rerankFeatures(q, matcher, sentence(answering, { previous: asking }));
    expect(question[FEATURES.indexOf('asks a question')]).toBe(1);
    expect(answer[FEATURES.indexOf('asks a question')]).toBe(0);
    expect(rerankScore(answer)).toBeGreaterThan(rerankScore(question));
    const quoted = rerankFeatures(q, matcher, sentence('He asked, "what is the equinox?"'));
    expect(quoted[FEATURES.indexOf('asks a question')]).toBe(1);
  });
});
