import type { Command } from 'commander';
import { pagesOfSlides } from '../core/slide-pages.ts';
import { formatClock } from '../core/timestamp.ts';
import { readDeckSpans } from '../store/deck-store.ts';
import { readChapters, readSlides } from '../store/lecture-content-store.ts';
import { globalHome } from './command-context.ts';
import { lectureForFile } from './lecture-lookup.ts';
import { openLibrary } from './open-library.ts';

export interface ChaptersJson {
  file: string;
  duration: number;
  chapters: Array<{ start: number; end: number; title: string }>;
  /** `page`: 1-based page of the attached deck shown in the span, null without a deck or page. */
  slides: Array<{ start: number; end: number; page: number | null }>;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Slide spans with their deck page; a recording without picture takes its slide spans from the deck. */
function slidesWithPages(
  slides: ReadonlyArray<{ start: number; end: number }>,
  deckSpans: ReadonlyArray<{ start: number; end: number; page: number }>,
  hasVideo: boolean,
): ChaptersJson['slides'] {
  const spans = !hasVideo && deckSpans.length > 0 ? deckSpans : slides;
  const pages = pagesOfSlides(spans, deckSpans);
  return spans.map((s, i) => ({ start: round(s.start), end: round(s.end), page: pages[i] }));
}

export function register(program: Command): void {
  program
    .command('chapters')
    .description("print a lecture's chapters (indexes the file first if needed)")
    .argument('<file>', 'a lecture recording')
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const library = openLibrary(globalHome(command));
      try {
        const lecture = await lectureForFile(library, file);
        const db = library.service.db;
        const output: ChaptersJson = {
          file: lecture.path,
          duration: round(lecture.duration ?? 0),
          chapters: readChapters(db, lecture.id).map((c) => ({
            start: round(c.start),
            end: round(c.end),
            title: c.title,
          })),
          slides: slidesWithPages(readSlides(db, lecture.id), readDeckSpans(db, lecture.id), lecture.has_video === 1),
        };
        if (options.json) {
          process.stdout.write(`${JSON.stringify(output)}\n`);
          return;
        }
        process.stdout.write(`${lecture.title} (${formatClock(output.duration)})\n`);
        for (const chapter of output.chapters) {
          process.stdout.write(`  ${formatClock(chapter.start)}  ${chapter.title}\n`);
        }
        process.stdout.write(`  ${output.slides.length} slide span(s)\n`);
      } finally {
        library.close();
      }
    });
}
