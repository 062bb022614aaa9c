import type { Command } from 'commander';
import { formatClock } from '../core/timestamp.ts';
import { readChapters, readSlides } from '../store/lecture-content-store.ts';
import { globalHome } from './command-context.ts';
import { lectureForFile } from './lecture-lookup.ts';
import { openLibrary } from './open-library.ts';

export interface ChaptersJson {
  file: string;
  duration: number;
  chapters: Array<{ start: number; end: number; title: string }>;
  slides: Array<{ start: number; end: number }>;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

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
          slides: readSlides(db, lecture.id).map((s) => ({ start: round(s.start), end: round(s.end) })),
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
