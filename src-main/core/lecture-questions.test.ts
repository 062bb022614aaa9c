import { describe, expect, it } from 'vitest';
import type { GroundedMoment } from './grounding.ts';
import {
  asksAboutLecture,
  lectureOpening,
  openingMoments,
  OPENING_SECONDS,
  topicOfQuestion,
} from './lecture-questions.ts';

/** Each question's answer from asksAboutLecture, named in a failure. */
const expectAbout = (questions: readonly string[], about: boolean) => {
  for (const q of questions) expect({ q, about: asksAboutLecture(q) }).toEqual({ q, about });
};

describe('questions about the lecture itself, whatever they ask for', () => {
  it('knows the date, the session and who teaches', () => {
    expectAbout(
      [
        'who teaches this course',
        "what is the instructor's name",
        'who is the lecturer',
        'when was this lecture given',
        'what date is this class',
        'which session number is this',
        'what is the plan for today',
      ],
      true,
    );
  });

  it('knows other ways a student asks what the title slide says', () => {
    expectAbout(
      [
        'what date is on the first slide',
        'when was this recorded',
        'what number lecture is this',
        'which week of the course is this',
        'what is this course called',
        'which university offers this course',
        'what semester is this class from',
        'who is speaking',
        "what is today's topic",
      ],
      true,
    );
  });

  it('knows a question about the lecture however it names it: the lecture, its speaker, today', () => {
    expectAbout(
      [
        'What is the date of the lecture?',
        "What is the lecture's title?",
        'What is the title of the lecture?',
        'When did this lecture take place?',
        'Who presents this lecture?',
        'What day was the class held?',
        'Which institution is the lecturer from?',
        'What are the learning objectives for today?',
        'What school does the professor teach at?',
        'Which week of the semester is it?',
      ],
      true,
    );
    expect(topicOfQuestion('When did this lecture take place?')).toBe('When did this lecture take place?');
  });

  it('leaves questions about the subject alone', () => {
    expectAbout(
      [
        'why does the professor throw balls to the students',
        'who invented the pinhole camera',
        'when is the longest day of the year',
        'which part of the proof is this step',
        'what is the first step of the algorithm',
      ],
      false,
    );
  });

  it('leaves a question that only mentions the lecture while asking about a topic', () => {
    expectAbout(
      [
        'in this lecture, what is a pinhole camera',
        'what do we do when the matrix is singular',
        'which camera model does this lecture use',
        'how does the professor in this class define entropy',
        'when is the pumping lemma used in this course',
        'what term does the lecture use for the hole in the wall',
        'recap how the old machines decided yes or no',
      ],
      false,
    );
  });

  it('counts what the lecture covers, or covered last time, whatever topic it names', () => {
    expectAbout(
      [
        'what will we learn about tree diagrams',
        'what does this part of the course cover about cameras and pictures',
        'what did the lecturer say last time about turing machines',
        'what is the main idea of this lecture',
        'which unit number of the course is this',
      ],
      true,
    );
  });
});

describe('the topic of a question that mentions the lecture', () => {
  it('drops where the question is asked, not what about', () => {
    for (const [asked, topic] of [
      ['In this lecture, what is a pinhole camera?', 'what is a pinhole camera?'],
      ["in today's class, why does a hot cell lose efficiency", 'why does a hot cell lose efficiency'],
      ['how are parallel lines drawn in this course', 'how are parallel lines drawn'],
      ['according to this lecture, what is air mass', 'what is air mass'],
      ['what is air mass according to the professor', 'what is air mass'],
      ['in the video, what is air mass', 'what is air mass'],
      ['what does the slide say about air mass', 'what does say about air mass'],
      ['on the slides, which planets are rocky', 'which planets are rocky'],
      ['at what point does he define a regular language', 'does he define a regular language'],
      ['what is the course of the river', 'what is the course of the river'],
      ['find the part where the image is upside down', 'the image is upside down'],
      ['where does he talk about air mass', 'air mass'],
      ['at what point does the professor mention the equinox', 'the equinox'],
      ['jump to the part about nondeterminism', 'nondeterminism'],
      [
        'where does the vanishing point go as you increase the focal length',
        'where does the vanishing point go as you increase the focal length',
      ],
    ])
      expect(topicOfQuestion(asked)).toBe(topic);
  });

  it('keeps a question about the lecture itself, and one that is only the mention', () => {
    for (const [asked, topic] of [
      ['who teaches this course', 'who teaches this course'],
      ['what is the main idea of this lecture', 'what is the main idea of this lecture'],
      ['this lecture', 'this lecture'],
    ])
      expect(topicOfQuestion(asked)).toBe(topic);
  });
});

describe('a question about the lecture', () => {
  it("is answered at the lecture's opening or on its title page", () => {
    expect(lectureOpening(0, [])).toBe(1);
    expect(lectureOpening(OPENING_SECONDS / 2, [])).toBeCloseTo(0.5);
    expect(lectureOpening(OPENING_SECONDS * 3, [])).toBe(0);
    expect(lectureOpening(OPENING_SECONDS * 3, [{ page: 1 }])).toBe(1);
  });
});

describe('the openings a question about the lecture adds to the pool', () => {
  const moment = (lectureId: number) => ({ lectureId }) as GroundedMoment;
  const spans = (moments: GroundedMoment[]) => moments.map((m) => [m.lectureId, m.start, m.end, m.score]);

  it("adds the searched lecture's first two OPENING_SECONDS, scored 0", () => {
    expect(spans(openingMoments([moment(4)], 7))).toEqual([
      [7, 0, OPENING_SECONDS, 0],
      [7, OPENING_SECONDS, 2 * OPENING_SECONDS, 0],
    ]);
  });

  it('across the library, those of the first three lectures the pool reaches', () => {
    const pool = [5, 5, 2, 9, 2, 3].map(moment);
    expect([...new Set(openingMoments(pool).map((m) => m.lectureId))]).toEqual([5, 2, 9]);
  });
});
