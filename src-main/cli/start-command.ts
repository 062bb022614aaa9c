import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { LecternService } from '../api/lectern-service.ts';
import { formatClock } from '../core/timestamp.ts';
import { makeSampleLecture } from '../media/sample-lecture.ts';
import { globalHome } from './command-context.ts';
import { indexWithProgress, printSummary } from './index-with-progress.ts';
import { serveLibrary } from './serve-command.ts';

/**
 * The main job in one command: index a folder (a generated sample lecture when none is
 * given), show the chapters, then open the window (in the browser, where no Electron exists).
 */
export function register(program: Command): void {
  program
    .command('start')
    .description('index a folder (default: a generated sample lecture), print its chapters and open the window')
    .argument('[folder]', 'folder of lecture recordings')
    .option('--no-open', 'index and print only; do not start the window')
    .action(async (folder: string | undefined, options: { open: boolean }, command: Command) => {
      const library = LecternService.open(globalHome(command));
      try {
        let target = folder;
        if (!target) {
          target = path.join(library.dataDir, 'sample');
          if (!existsSync(path.join(target, 'sample-lecture.mp4'))) {
            process.stderr.write(`Making a sample lecture in ${target} ...\n`);
            await makeSampleLecture(target);
          }
        }
        const started = performance.now();
        const summary = await indexWithProgress(library, [target]);
        printSummary(summary, (performance.now() - started) / 1000);
        for (const outcome of summary.outcomes) {
          if (outcome.status === 'failed') continue;
          const lecture = await library.getLecture({ id: outcome.lectureId });
          process.stdout.write(`\n${lecture.title} (${formatClock(lecture.duration ?? 0)})\n`);
          for (const chapter of lecture.chapters) {
            process.stdout.write(`  ${formatClock(chapter.start)}  ${chapter.title}\n`);
          }
        }
        if (options.open) {
          process.stdout.write('\n');
          await serveLibrary(library, { open: true });
        }
      } finally {
        library.close();
      }
    });
}
