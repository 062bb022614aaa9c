import { alignDeck, type AlignmentMoment, type DeckAlignment, type DeckEvidence } from './deck-alignment.ts';
import { VOICE_ALIGNMENT } from './deck-alignment-settings.ts';
import { alignmentMoments, speechAround, type TimedText } from './deck-moments.ts';
import { TfidfIndex } from './tfidf-similarity.ts';

/**
 * Builds the evidence the deck aligner weighs, from plain lecture data: sentences, visual spans
 * (with their OCR text and picture vector) and the deck's pages (text and picture vector).
 * Picture vectors must come from one model and be L2-normalised. Pure.
 */

export interface LectureForDeck {
  duration: number;
  sentences: readonly TimedText[];
  /** Visual spans of the recording; empty for a voice-only recording. */
  slides: ReadonlyArray<{ start: number; end: number; text: string; picture: Float32Array | null }>;
}

export interface PageForDeck {
  title: string | null;
  text: string;
  picture: Float32Array | null;
}

/** Seconds of speech either side of a moment compared with the pages. */
export const SPEECH_CONTEXT_SECONDS = 20;
/** The context of the speech similarity that judges whether a deck is the lecture's. */
export const CONFIDENCE_SPEECH_SECONDS = 20;

function cosineMatrix(
  rows: ReadonlyArray<Float32Array | null>,
  cols: ReadonlyArray<Float32Array | null>,
): Float32Array {
  const out = new Float32Array(rows.length * cols.length);
  rows.forEach((a, i) => {
    if (!a) return;
    cols.forEach((b, j) => {
      if (!b || b.length !== a.length) return;
      let dot = 0;
      for (let k = 0; k < a.length; k++) dot += a[k] * b[k];
      out[i * cols.length + j] = dot;
    });
  });
  return out;
}

export function deckEvidence(
  lecture: LectureForDeck,
  pages: readonly PageForDeck[],
  speechSeconds = SPEECH_CONTEXT_SECONDS,
): DeckEvidence {
  const moments: AlignmentMoment[] = alignmentMoments(
    lecture.duration,
    lecture.sentences,
    lecture.slides.map((s, i) => ({ start: s.start, end: s.end, keyframe: i })),
  );
  // The title counts twice: it names what the page is about.
  const index = new TfidfIndex(pages.map((p) => [p.title ?? '', p.title ?? '', p.text].join('\n')));
  const hasPictures = lecture.slides.some((s) => s.picture) && pages.some((p) => p.picture);
  const hasSlideText = lecture.slides.some((s) => s.text.trim());
  return {
    pageCount: pages.length,
    moments,
    picture: hasPictures
      ? cosineMatrix(
          lecture.slides.map((s) => s.picture),
          pages.map((p) => p.picture),
        )
      : undefined,
    slideText: hasSlideText ? index.similarity(lecture.slides.map((s) => s.text)) : undefined,
    speech:
      lecture.sentences.length > 0
        ? index.similarity(speechAround(moments, lecture.sentences, speechSeconds))
        : undefined,
    speechForConfidence:
      lecture.sentences.length > 0 && speechSeconds !== CONFIDENCE_SPEECH_SECONDS
        ? index.similarity(speechAround(moments, lecture.sentences, CONFIDENCE_SPEECH_SECONDS))
        : undefined,
  };
}

export interface AlignmentConfidence {
  /** 0..1: how sure it is that the deck belongs to the lecture. */
  score: number;
  /** Share of the time with a keyframe during which the aligned page is recognisably on screen. */
  pictureMatch: number | null;
  /** Mean speech similarity to the aligned page over the moments with a page. */
  speechMatch: number | null;
}

/**
 * A keyframe shows the aligned page when their pictures are near-identical or their words
 * clearly agree. On the shared lectures the right deck's pages score 0.99+ / 0.5+ (title pages
 * aside) and the best page of another lecture's deck at most 0.96 / 0.17.
 */
export const PICTURE_SAME_PAGE = 0.98;
export const SLIDE_TEXT_SAME_PAGE = 0.3;
/** Share of the picture time that must show pages of the deck. */
export const PICTURE_MATCH_FOR_DECK = 0.2;
/**
 * Mean speech similarity (20 s context) to the aligned pages at which a deck counts as the
 * lecture's: on the shared lectures 0.18-0.26 with their own decks, at most 0.03 with another's.
 */
export const SPEECH_MATCH_FOR_DECK = 0.1;

/**
 * How well a deck fits the lecture once aligned: sure when the recording shows its pages;
 * otherwise what is said must share the aligned pages' words well beyond chance. 0.5 and above:
 * the deck is the lecture's.
 */
export function alignmentConfidence(evidence: DeckEvidence, alignment: DeckAlignment): AlignmentConfidence {
  const P = evidence.pageCount;
  // Speech is judged along the path speech alone takes: where the picture hides the deck, the
  // few moments left on a page would be the ones whose words happen to match.
  const hasPicture = Boolean(evidence.picture || evidence.slideText);
  const speechPath = hasPicture
    ? alignDeck(
        {
          ...evidence,
          picture: undefined,
          slideText: undefined,
          moments: evidence.moments.map((m) => ({ ...m, keyframe: -1 })),
        },
        VOICE_ALIGNMENT.params,
      ).pages
    : alignment.pages;
  let pictureTime = 0;
  let matchedTime = 0;
  let speechSum = 0;
  let speechCount = 0;
  evidence.moments.forEach((m, u) => {
    const page = alignment.pages[u];
    const duration = m.end - m.start;
    if ((evidence.picture || evidence.slideText) && m.keyframe >= 0) {
      pictureTime += duration;
      const at = m.keyframe * P + (page ?? 0) - 1;
      const looksAlike = page !== null && (evidence.picture?.[at] ?? 0) >= PICTURE_SAME_PAGE;
      const readsAlike = page !== null && (evidence.slideText?.[at] ?? 0) >= SLIDE_TEXT_SAME_PAGE;
      if (looksAlike || readsAlike) matchedTime += duration;
    }
    const speech = evidence.speechForConfidence ?? evidence.speech;
    const spoken = speechPath[u];
    if (speech && spoken !== null) {
      speechSum += speech[u * P + spoken - 1];
      speechCount++;
    }
  });
  const pictureMatch = pictureTime > 0 ? matchedTime / pictureTime : null;
  const speechMatch = speechCount > 0 ? speechSum / speechCount : null;
  const fromPicture = pictureMatch === null ? 0 : Math.min(1, pictureMatch / (2 * PICTURE_MATCH_FOR_DECK));
  const fromSpeech = speechMatch === null ? 0 : Math.min(1, speechMatch / (2 * SPEECH_MATCH_FOR_DECK));
  return { score: Math.max(fromPicture, fromSpeech), pictureMatch, speechMatch };
}
