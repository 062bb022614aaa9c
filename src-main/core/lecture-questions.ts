/**
 * Questions about the lecture itself (who teaches it, its date, title, session, plan, what came
 * last time), told apart from questions that only mention the lecture while asking about a topic
 * ("in this lecture, what is a pinhole camera"), and where the first are answered: the lecture's
 * opening or its title page. Pure.
 */
import type { GroundedMoment } from './grounding.ts';
import { isContentToken, tokenize } from './lexical-terms.ts';

/**
 * Questions that ask what the lecture covers, its plan, or what came last time: about the
 * lecture whatever topic they name ("what will we learn about tree diagrams" is answered where
 * the lecturer lists the plan).
 */
const LECTURE_OVERVIEW =
  /\bwhat (will|did|do|does|are|were|is) (we|you|this (lecture|class|session|unit|part of the course)|today'?s? (lecture|class|session)) (going to )?(cover|learn|discuss|study|introduce)\b|\b(last|previous) (lecture|class|session|time)\b|\b(session|lecture) number\b|\bplan for today\b|\btoday'?s? (topic|subject|theme|plan|agenda)\b|\b(topic|subject) (of|for) today\b|\bagenda\b/;

/**
 * Words that point at the lecture itself (the lecture, its speaker, today, its slides): with no
 * topic word beside them, the question is about the lecture ("who is the speaker", "what is the
 * title of the lecture", "which week of the semester is it"); with one, the lecture is only where
 * the topic is asked about ("in this lecture, what is a pinhole camera").
 */
const LECTURE_REFERENCE =
  /\b(lectures?|class(es)?|sessions?|units?|courses?|modules?|talk|video|recording|lecturer|instructor|professor|teacher|speaker|presenter|semester|recorded|filmed|today'?s?|slides?|recap|outline|agenda)\b|\bwho(?:'s| is) (speaking|talking|presenting)\b|\bwhat (will|do|did) we do\b/;

/**
 * Words a question about the lecture itself uses beyond function words: naming the lecture and
 * its parts, when and by whom it is given, what it is about. Any other content word names a topic.
 */
const LECTURE_WORDS: ReadonlySet<string> = new Set(
  `lecture lectures class classes session sessions unit part course courses module talk series week semester
  lecturer instructor professor teacher speaker presenter teaches taught teaching teach gives giving gave given
  presenting speaking talking offers offered offer university school college institution department
  date day year number code title called name named recorded held filmed delivered
  topic topics subject subjects theme main idea ideas point goal goals focus purpose overview summary
  cover covers covered covering learn learning discuss discussing study introduce plan agenda outline recap
  previous slide slides page opening start beginning take takes took place present presents presented
  objective objectives titled`.split(/\s+/),
);

/** The question's words that name a topic, not the lecture. */
const topicWords = (q: string) =>
  tokenize(q).filter((t) => isContentToken(t) && !LECTURE_WORDS.has(t.replace(/'s$/, '')));

/**
 * Whether a question is about the lecture itself, whatever answer type it asks for (a "who
 * teaches this course" asks for a person, a "what date is this class" for a date): its answer
 * is at the opening or on the title page. A question that only mentions the lecture while asking
 * about a topic is not: its answer is where the topic is.
 */
export function asksAboutLecture(question: string): boolean {
  const q = question.toLowerCase();
  if (LECTURE_OVERVIEW.test(q)) return true;
  return LECTURE_REFERENCE.test(q) && topicWords(q).length === 0;
}

/**
 * "in this lecture", "today's class", "in the video", "according to the professor", "on the
 * slide", "at what point": where the question is asked or who says the answer, not what it is about.
 */
const LECTURE_PLACE =
  /[,;:]?\s*(?:\b(?:(?:in|during|from|for|throughout|of|according to)\s+)?(?:this|our|the current|today'?s?)\s+(?:lecture|class|course|session|unit|module|video|talk|recording)\b|\b(?:in|during|from|according to) the (?:lecture|video|recording|talk)\b|\baccording to (?:the|our) (?:lecturer|professor|instructor|teacher|speaker|presenter)\b|\b(?:(?:on|in|from)\s+)?(?:this|the|that|these|those)\s+slides?\b|\bat what (?:time|point|minute|moment)\b)\s*[,;:]?/gi;

/**
 * Asking for the moment itself: "find the part where …", "the moment when …", "where does he
 * talk about …". The search finds moments whatever the wording; what follows is the topic.
 */
const MOMENT_ASKED =
  /^\s*(?:please\s+)?(?:(?:find|show me|take me to|jump to|go to|skip to|play)\s+)?(?:the\s+)?(?:part|moment|bit|section|point|place|spot)\s+(?:where|when|about|on|in which|that)\s+|^\s*(?:please\s+)?(?:find|show me|take me to|jump to|go to|skip to)\s+(?:where|when)\s+|\b(?:where|when|at what point)\s+(?:does|did|do|is|was)\s+(?:he|she|they|the (?:lecturer|professor|instructor|speaker|teacher|presenter))\s+(?:talk(?:ing)?|speak(?:ing)?|mention(?:ing)?|discuss(?:ing)?|cover(?:ing)?|say(?:ing)?|go(?:ing)? over|get(?:ting)? to)(?:\s+(?:about|on))?\s+/gi;

/**
 * The question as asked about its topic: a question that only mentions the lecture ("in this
 * lecture, what is a pinhole camera") or asks for the moment ("where does he talk about air
 * mass") without that wording, whose words would otherwise match every sentence that names the
 * lecture and pull the encoder away from the topic; a question about the lecture itself unchanged.
 */
export function topicOfQuestion(question: string): string {
  if (asksAboutLecture(question)) return question;
  const topic = question.replace(MOMENT_ASKED, ' ').replace(LECTURE_PLACE, ' ').replace(/\s+/g, ' ').trim();
  return topic || question;
}

/** What a result says when it answers a question about the lecture at its opening or title page. */
export const LECTURE_OPENING_WHY = 'lecture opening';

/** Seconds from a lecture's start within which a sentence counts as its opening (fading to 0). */
export const OPENING_SECONDS = 120;

/**
 * How much a candidate lies at the lecture's opening (1 at 0 s, 0 from OPENING_SECONDS), or on
 * its title page (page 1 of the attached deck): where a question about the lecture is answered.
 */
export function lectureOpening(start: number, pages: ReadonlyArray<{ page: number }>): number {
  if (pages.some((p) => p.page === 1)) return 1;
  return Math.max(0, 1 - start / OPENING_SECONDS);
}

/** Across the library, the lectures whose opening a question about the lecture adds: the first the pool reaches. */
const OPENING_LECTURES = 3;

/**
 * The openings (the first two OPENING_SECONDS) of the lectures a question about the lecture
 * itself may ask about, as first-stage moments of their own with score 0, so that its answer is
 * a candidate even when neither half retrieved it: such a question often shares no word with what
 * is said or shown there ("who teaches this course"). The searched lecture, or across the library
 * the first few lectures of the pool.
 */
export function openingMoments(pool: readonly GroundedMoment[], lectureId?: number): GroundedMoment[] {
  const lectures =
    lectureId !== undefined ? [lectureId] : [...new Set(pool.map((m) => m.lectureId))].slice(0, OPENING_LECTURES);
  return lectures.flatMap((id) =>
    [0, 1].map((k) => {
      const unit = {
        key: `opening:${id}:${k}`,
        kind: 'window' as const,
        lectureId: id,
        start: k * OPENING_SECONDS,
        end: (k + 1) * OPENING_SECONDS,
      };
      return {
        lectureId: id,
        start: unit.start,
        end: unit.end,
        score: 0,
        unit,
        windows: [unit],
        windowScores: [],
        why: ['spoken' as const],
      };
    }),
  );
}
