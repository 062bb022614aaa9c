/**
 * Notices read out at a recording's start or end: a licence, a call for donations, a sponsor or
 * a channel's "like and subscribe". They are never the answer to a student's question about the
 * lecture, yet they sit at its opening, where questions about the lecture itself are answered,
 * and share words with them ("MIT courses", "lecture"): search leaves them out of its answers
 * unless the question asks about the licence, a donation or a sponsor.
 */
const NOTICE =
  /\bcreative commons\b|\bopen ?course ?ware\b|\bocw\b|\bmake a donation\b|\byour support will help\b|\beducational resources for free\b|\badditional materials from hundreds of\b|\bcenter for professional development\b|\blike and subscribe\b|\bsubscribe to (my|our|the) channel\b|\b(this|today'?s) (video|episode|lecture|talk) is (brought to you|sponsored) by\b|\ball rights reserved\b/i;

const ASKS_ABOUT_NOTICE =
  /\blicen[cs]e[ds]?\b|\bcopyright|\bcreative commons\b|\bdonat|\bsponsor|\bsubscrib|\bopen ?course ?ware\b|\bocw\b/i;

/** Whether a transcript sentence is (or holds) a licence, donation, sponsor or subscription notice. */
export function isRecordingNotice(text: string): boolean {
  return NOTICE.test(text);
}

/** Whether a question asks about such a notice (then notices stay among the answers). */
export function asksAboutNotice(question: string): boolean {
  return ASKS_ABOUT_NOTICE.test(question);
}
