/**
 * How many chapters people give a recording of a given length, grounded in VidChapters-7M
 * (Yang, Nagrani, Laptev, Sivic & Schmid, "VidChapters-7M: Video Chapters at Scale", NeurIPS 2023
 * Datasets & Benchmarks, arXiv 2309.13952): 817k YouTube videos chaptered by their own authors,
 * 23 minutes and 8.3 chapters per video on average, 2.4 minutes per chapter (the dataset figures
 * as restated in Ventura et al., "Chapter-Llama", CVPR 2025, arXiv 2504.00072, section 4).
 *
 * Longer videos get longer chapters, not only more of them, so the expected count grows like the
 * square root of the duration through the dataset's mean point (8.3 chapters at 23 minutes):
 * about 6 chapters for 12 minutes (2 minutes each) and 13 for an hour (4.5 minutes each), inside
 * the 3-8 per 12 minutes and 8-20 per hour that people give lectures. The square root is this
 * module's assumption (the paper gives means, not the growth law); the spread is wide on purpose:
 * the evidence in the recording decides within it.
 */

/** VidChapters-7M: mean chapters per video and mean video length (seconds). */
export const VIDCHAPTERS_MEAN_CHAPTERS = 8.3;
export const VIDCHAPTERS_MEAN_VIDEO_SECONDS = 23 * 60;
/** Growth of the expected count with duration (0.5: square root). */
const COUNT_GROWTH = 0.5;
/** Spread of the count around its expectation, in natural-log units (about x/÷ 1.6 at one sigma). */
export const COUNT_LOG_SPREAD = 0.45;
/** Fewest seconds a chapter may have, whatever the length of the recording. */
const MIN_CHAPTER_FLOOR_SECONDS = 30;
/** A chapter is at least this share of the mean chapter length the prior expects. */
const MIN_CHAPTER_SHARE = 0.4;

/**
 * Expected number of chapters (not rounded) for a recording of `duration` seconds; at least 1.
 * A chapter length the user asked for (`preferredSeconds`) replaces the published statistics.
 */
export function expectedChapterCount(duration: number, preferredSeconds?: number): number {
  if (!(duration > 0)) return 1;
  if (preferredSeconds !== undefined && preferredSeconds > 0) return Math.max(1, duration / preferredSeconds);
  return Math.max(1, VIDCHAPTERS_MEAN_CHAPTERS * (duration / VIDCHAPTERS_MEAN_VIDEO_SECONDS) ** COUNT_GROWTH);
}

/** Log prior (up to a constant) of `k` chapters: log-normal around the expected count. */
export function chapterCountLogPrior(k: number, duration: number, preferredSeconds?: number): number {
  const z = (Math.log(Math.max(1, k)) - Math.log(expectedChapterCount(duration, preferredSeconds))) / COUNT_LOG_SPREAD;
  return -0.5 * z * z;
}

/** Shortest chapter the prior allows (seconds): a share of the expected mean chapter, at least 30 s. */
export function minChapterSeconds(duration: number, preferredSeconds?: number): number {
  return Math.max(
    MIN_CHAPTER_FLOOR_SECONDS,
    (MIN_CHAPTER_SHARE * duration) / expectedChapterCount(duration, preferredSeconds),
  );
}
