import type { Command } from 'commander';
import { LecternService } from '../api/lectern-service.ts';
import { formatClock } from '../core/timestamp.ts';
import { globalHome } from './command-context.ts';
import { lectureForFile } from './lecture-lookup.ts';

export interface ChaptersJson {
  file: string;
  duration: number;
  chapters: Array<{ start: number; end: number; title: string }>;
  /** `page`: 1-based page of the attached deck shown in the span, null without a deck or page. */
  slides: Array<{ start: number; end: number; page: number | null }>;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function register(program: Command): void {
  program
    .command('chapters')
    .description("print a lecture's chapters (indexes the file first if needed)")
    .argument('<file>', 'a lecture recording')
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const library = LecternService.open(globalHome(command));
      try {
        const lecture = await lectureForFile(library, file);
        const output: ChaptersJson = {
          file: lecture.path,
          duration: round(lecture.duration ?? 0),
          chapters: lecture.chapters.map((c) => ({
            start: round(c.start),
            end: round(c.end),
            title: c.title,
          })),
          slides: lecture.slides.map((s) => ({ start: round(s.start), end: round(s.end), page: s.page ?? null })),
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
