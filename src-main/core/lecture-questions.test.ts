import { describe, expect, it } from 'vitest';
import { asksAboutLecture, lectureOpening, OPENING_SECONDS, topicOfQuestion } from './lecture-questions.ts';

describe('questions about the lecture itself, whatever they ask for', () => {
  it('knows the date, the session and who teaches', () => {
    expect(asksAboutLecture('who teaches this course')).toBe(true);
    expect(asksAboutLecture("what is the instructor's name")).toBe(true);
    expect(asksAboutLecture('who is the lecturer')).toBe(true);
    expect(asksAboutLecture('when was this lecture given')).toBe(true);
    expect(asksAboutLecture('what date is this class')).toBe(true);
    expect(asksAboutLecture('which session number is this')).toBe(true);
    expect(asksAboutLecture('what is the plan for today')).toBe(true);
  });

  it('knows other ways a student asks what the title slide says', () => {
    expect(asksAboutLecture('what date is on the first slide')).toBe(true);
    expect(asksAboutLecture('when was this recorded')).toBe(true);
    expect(asksAboutLecture('what number lecture is this')).toBe(true);
    expect(asksAboutLecture('which week of the course is this')).toBe(true);
    expect(asksAboutLecture('what is this course called')).toBe(true);
    expect(asksAboutLecture('which university offers this course')).toBe(true);
    expect(asksAboutLecture('what semester is this class from')).toBe(true);
    expect(asksAboutLecture('who is speaking')).toBe(true);
    expect(asksAboutLecture("what is today's topic")).toBe(true);
  });

  it('knows a question about the lecture however it names it: the lecture, its speaker, today', () => {
    for (const q of [
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
    ])
      expect({ q, about: asksAboutLecture(q) }).toEqual({ q, about: true });
    expect(topicOfQuestion('When did this lecture take place?')).toBe('When did this lecture take place?');
  });

  it('leaves questions about the subject alone', () => {
    expect(asksAboutLecture('why does the professor throw balls to the students')).toBe(false);
    expect(asksAboutLecture('who invented the pinhole camera')).toBe(false);
    expect(asksAboutLecture('when is the longest day of the year')).toBe(false);
    expect(asksAboutLecture('which part of the proof is this step')).toBe(false);
    expect(asksAboutLecture('what is the first step of the algorithm')).toBe(false);
  });

  it('leaves a question that only mentions the lecture while asking about a topic', () => {
    expect(asksAboutLecture('in this lecture, what is a pinhole camera')).toBe(false);
    expect(asksAboutLecture('what do we do when the matrix is singular')).toBe(false);
    expect(asksAboutLecture('which camera model does this lecture use')).toBe(false);
    expect(asksAboutLecture('how does the professor in this class define entropy')).toBe(false);
    expect(asksAboutLecture('when is the pumping lemma used in this course')).toBe(false);
    expect(asksAboutLecture('what term does the lecture use for the hole in the wall')).toBe(false);
    expect(asksAboutLecture('recap how the old machines decided yes or no')).toBe(false);
  });

  it('counts what the lecture covers, or covered last time, whatever topic it names', () => {
    expect(asksAboutLecture('what will we learn about tree diagrams')).toBe(true);
    expect(asksAboutLecture('what does this part of the course cover about cameras and pictures')).toBe(true);
    expect(asksAboutLecture('what did the lecturer say last time about turing machines')).toBe(true);
    expect(asksAboutLecture('what is the main idea of this lecture')).toBe(true);
    expect(asksAboutLecture('which unit number of the course is this')).toBe(true);
  });
});

describe('the topic of a question that mentions the lecture', () => {
  it('drops where the question is asked, not what about', () => {
    expect(topicOfQuestion('In this lecture, what is a pinhole camera?')).toBe('what is a pinhole camera?');
    expect(topicOfQuestion("in today's class, why does a hot cell lose efficiency")).toBe(
      'why does a hot cell lose efficiency',
    );
    expect(topicOfQuestion('how are parallel lines drawn in this course')).toBe('how are parallel lines drawn');
    expect(topicOfQuestion('according to this lecture, what is air mass')).toBe('what is air mass');
    expect(topicOfQuestion('what is air mass according to the professor')).toBe('what is air mass');
    expect(topicOfQuestion('in the video, what is air mass')).toBe('what is air mass');
    expect(topicOfQuestion('what does the slide say about air mass')).toBe('what does say about air mass');
    expect(topicOfQuestion('on the slides, which planets are rocky')).toBe('which planets are rocky');
    expect(topicOfQuestion('at what point does he define a regular language')).toBe(
      'does he define a regular language',
    );
    expect(topicOfQuestion('what is the course of the river')).toBe('what is the course of the river');
  });

  it('keeps a question about the lecture itself, and one that is only the mention', () => {
    expect(topicOfQuestion('who teaches this course')).toBe('who teaches this course');
    expect(topicOfQuestion('what is the main idea of this lecture')).toBe('what is the main idea of this lecture');
    expect(topicOfQuestion('this lecture')).toBe('this lecture');
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
