/**
 * Answer kinds beyond a name, a date or a quantity (grounding-rerank.ts), read from a question's
 * wording, and what a sentence holding such an answer says:
 *  - reason: "why …", "what is the point of …": the answer gives a cause ("because", "so that");
 *  - lecture: a question about the lecture itself (lecture-questions.ts: its subject, session,
 *    plan, what came last time): the answer is at its opening or on its title page, not in words.
 * A third kind, definition ("what does … mean" -> "is called", "stands for"), was measured and
 * dropped: held-out hit@1 and hit@5 per lecture were the same with it as without (0.541 / 0.748).
 */
import { asksAboutLecture } from './lecture-questions.ts';

export type AnswerKind = 'reason' | 'lecture';

const REASON_QUESTION =
  /^why\b|\bwhy (do|does|did|is|are|was|were|should|would|might|could|can|not)\b|\bwhat (is|was|'s) the (reason|point|purpose|advantage|benefit|motivation|reasoning|idea)\b|\b(good|used) for\b/;

/** The answer kind a question asks for from its wording, or null (checked after who/when/how many). */
export function answerKindOf(question: string): AnswerKind | null {
  const q = question.toLowerCase();
  if (asksAboutLecture(q)) return 'lecture';
  if (REASON_QUESTION.test(q)) return 'reason';
  return null;
}

const CAUSE =
  /\b(because|since|so that|in order to|that'?s why|that is why|the reason|therefore|thus|hence|which means|this means|advantage|allows?|lets|helps?|so we)\b/i;

/** Whether a sentence gives an answer of this kind (a lecture question is answered by place, not words: false). */
export function holdsAnswerKind(text: string, kind: AnswerKind): boolean {
  if (kind === 'reason') return CAUSE.test(text);
  return false;
}
