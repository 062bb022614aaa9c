import path from 'node:path';
import { alignDeck } from '../../core/deck-alignment.ts';
import { alignmentSettingsFor } from '../../core/deck-alignment-settings.ts';
import { alignmentConfidence, deckEvidence, type LectureForDeck, type PageForDeck } from '../../core/deck-evidence.ts';
import { slidesWithDeckText } from '../../core/deck-slides.ts';
import { isUserError } from '../../core/user-error.ts';
import { imageSize, pageAsFrame } from '../../media/page-picture.ts';
import { readPdfDeck, renderPdfPages, type DeckPage } from '../../media/pdf-deck.ts';
import { replaceDeck, type StoredDeck, type StoredDeckPage, type StoredDeckSpan } from '../../store/deck-store.ts';
import {
  readAutomaticChapters,
  readSlides,
  readTranscript,
  retitleAutomaticChapters,
} from '../../store/lecture-content-store.ts';
import { readVectors } from '../../store/vectors-store.ts';
import { deckFileFor, deckFileKey } from '../deck-source.ts';
import { sharedImageEmbedder, sharedOcrEngine } from '../engine-registry.ts';
import type { Stage, StageContext } from '../stage.ts';
import { titleAutomaticChapters } from './segment-stage.ts';

interface DeckResult {
  deck: StoredDeck | null;
  pages: StoredDeckPage[];
  spans: StoredDeckSpan[];
  /** The automatic chapters' titles: from the placed pages' exact titles, or as the chapters stage gave them. */
  titles: string[];
  warnings: string[];
}

/** Below this a deck is reported as probably another lecture's and not attached. */
export const MIN_DECK_CONFIDENCE = 0.5;
/** A page with fewer letters than this in its text layer is read by OCR (a scanned or image-only page). */
const MIN_TEXT_LAYER_LETTERS = 3;
/** Pages are drawn at this size for OCR. */
const OCR_PAGE_SIZE = 1600;

const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length;

/**
 * Titles for the automatic chapters: the slides on screen take the titles of the deck pages placed
 * on them (a recording without picture takes its slides from the deck); without an attached deck,
 * the titles the chapters stage gives, so detaching a deck brings them back.
 */
function chapterTitles(ctx: StageContext, deck: { spans: StoredDeckSpan[]; pages: StoredDeckPage[] } | null): string[] {
  const chapters = readAutomaticChapters(ctx.db, ctx.lectureId);
  const transcript = readTranscript(ctx.db, ctx.lectureId);
  const slides = readSlides(ctx.db, ctx.lectureId);
  const shown = deck ? slidesWithDeckText(slides, deck.spans, deck.pages, ctx.media.hasVideo) : slides;
  return titleAutomaticChapters(chapters, transcript, shown);
}

/** OCR for the pages without a text layer; a failure leaves them without text (with a warning). */
async function readImageOnlyPages(
  pdf: string,
  pages: DeckPage[],
  ctx: StageContext,
  warnings: string[],
): Promise<Map<number, { title: string | null; text: string }>> {
  const bare = pages.filter((p) => letters(p.text) < MIN_TEXT_LAYER_LETTERS);
  const read = new Map<number, { title: string | null; text: string }>();
  if (bare.length === 0) return read;
  try {
    const dir = path.join(ctx.workDir, 'deck-ocr');
    const images: string[] = [];
    for (const page of bare) {
      const drawn = await renderPdfPages(
        pdf,
        dir,
        { first: page.page, last: page.page, size: OCR_PAGE_SIZE },
        ctx.signal,
      );
      images.push(drawn.get(page.page)!);
    }
    const engine = await sharedOcrEngine();
    const results = await engine.recognizeMany(images, { signal: ctx.signal });
    bare.forEach((page, i) => read.set(page.page, { title: results[i].title, text: results[i].text }));
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    warnings.push(`slides: ${bare.length} page(s) without text could not be read (${(error as Error).message})`);
  }
  return read;
}

/** Picture vectors of the pages, as the keyframes were embedded (same model), or nulls. */
async function pagePictures(
  pages: DeckPage[],
  ctx: StageContext,
  warnings: string[],
): Promise<Array<Float32Array | null>> {
  const keyframes = readSlides(ctx.db, ctx.lectureId).filter((s) => s.keyframe);
  const stored = readVectors(ctx.db, ctx.lectureId, 'slide-image');
  if (keyframes.length === 0 || stored.length === 0) return pages.map(() => null);
  try {
    const embedder = await sharedImageEmbedder(ctx.dataDir);
    if (embedder.id !== stored[0].model) return pages.map(() => null);
    const frame = await imageSize(keyframes[0].keyframe!);
    const pictures = await Promise.all(pages.map((p) => pageAsFrame(p.image, frame)));
    return await embedder.embedImages(pictures, { signal: ctx.signal });
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    warnings.push(`slides: page pictures not compared (${(error as Error).message})`);
    return pages.map(() => null);
  }
}

/**
 * What the aligner compares, gathered from the lecture's stored stages and the read deck: the
 * pages (text layer, or OCR for pages without one) with picture vectors from the keyframes'
 * model, and the lecture's sentences and visual spans (none for a recording without picture).
 */
export async function deckInputs(
  pdf: string,
  deckPages: DeckPage[],
  ctx: StageContext,
  warnings: string[],
): Promise<{ pages: StoredDeckPage[]; lecture: LectureForDeck; forDeck: PageForDeck[] }> {
  const ocr = await readImageOnlyPages(pdf, deckPages, ctx, warnings);
  const pages: StoredDeckPage[] = deckPages.map((p) => {
    const read = ocr.get(p.page);
    if (read) return { page: p.page, title: read.title, text: read.text, image: p.image, textSource: 'ocr' };
    const textSource = letters(p.text) >= MIN_TEXT_LAYER_LETTERS ? 'text-layer' : 'none';
    return { page: p.page, title: p.title, text: p.text, image: p.image, textSource };
  });
  const pictures = ctx.media.hasVideo ? await pagePictures(deckPages, ctx, warnings) : pages.map(() => null);
  const slideVectors = new Map(readVectors(ctx.db, ctx.lectureId, 'slide-image').map((v) => [v.start, v.vector]));
  const lecture: LectureForDeck = {
    duration: ctx.media.duration,
    sentences: readTranscript(ctx.db, ctx.lectureId),
    slides: ctx.media.hasVideo
      ? readSlides(ctx.db, ctx.lectureId).map((s) => ({
          start: s.start,
          end: s.end,
          text: [s.title, s.text].filter(Boolean).join('\n'),
          picture: s.keyframe ? (slideVectors.get(s.start) ?? null) : null,
        }))
      : [],
  };
  const forDeck = pages.map((p, i) => ({ title: p.title, text: p.text, picture: pictures[i] }));
  return { pages, lecture, forDeck };
}

/**
 * Attaches the lecture's slide deck (the PDF attached by hand, or `<stem>.pdf` beside the
 * recording): reads its pages, and aligns every moment of the lecture to the page shown then,
 * from the picture where the recording shows slides and from what is said; the chapters take
 * their titles from the pages placed in them. A deck that does not
 * fit the lecture, or cannot be read, is reported and left unattached; the lecture still works.
 */
export const deckStage: Stage<DeckResult> = {
  name: 'deck',
  // 3: voice-only lectures take each moment's most probable page (their stored spans are re-made).
  version: 3,
  // After the chapters: it titles them from the placed pages, so new chapters re-run it.
  dependsOn: ['transcript', 'frames', 'ocr', 'embed', 'segment'],
  settingsKey: (ctx) => deckFileKey(deckFileFor(ctx.db, ctx.lectureId, ctx.file)),
  async compute(ctx) {
    const pdf = deckFileFor(ctx.db, ctx.lectureId, ctx.file);
    const warnings: string[] = [];
    if (!pdf) return { deck: null, pages: [], spans: [], titles: chapterTitles(ctx, null), warnings };
    let deck;
    try {
      deck = await readPdfDeck(pdf, path.join(ctx.workDir, 'deck'), {
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress(done * 0.6, total),
      });
    } catch (error) {
      if (!isUserError(error)) throw error;
      warnings.push(`${error.message}${error.hint ? ` ${error.hint}` : ''}`);
      const failed: StoredDeck = { path: pdf, pageCount: 0, confidence: 0, attached: false, note: error.message };
      return { deck: failed, pages: [], spans: [], titles: chapterTitles(ctx, null), warnings };
    }
    const { pages, lecture, forDeck } = await deckInputs(pdf, deck.pages, ctx, warnings);
    const settings = alignmentSettingsFor(lecture.slides);
    const evidence = deckEvidence(lecture, forDeck, settings.speechSeconds);
    const alignment = alignDeck(evidence, settings.params);
    const confidence = alignmentConfidence(evidence, alignment);
    const attached = confidence.score >= MIN_DECK_CONFIDENCE;
    const note = attached
      ? null
      : `The slides ${path.basename(pdf)} do not seem to belong to this lecture (match ${confidence.score.toFixed(2)}); not attached.`;
    if (note) warnings.push(`${note} Attach the right PDF with: lectern attach <recording> <slides.pdf>`);
    ctx.progress(1, 1);
    return {
      deck: { path: pdf, pageCount: pages.length, confidence: confidence.score, attached, note },
      pages,
      spans: alignment.spans,
      titles: chapterTitles(ctx, attached ? { spans: alignment.spans, pages } : null),
      warnings,
    };
  },
  persist(ctx, result) {
    replaceDeck(ctx.db, ctx.lectureId, result.deck, result.pages, result.spans);
    retitleAutomaticChapters(ctx.db, ctx.lectureId, result.titles);
  },
  summarize: (result) => ({
    pages: result.pages.length,
    attached: result.deck?.attached ?? false,
    confidence: result.deck?.confidence ?? null,
    spans: result.spans.length,
    warnings: result.warnings,
  }),
};
