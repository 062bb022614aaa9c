import type { Command } from 'commander';
import { LecternService } from '../api/lectern-service.ts';
import { globalHome } from './command-context.ts';
import { indexWithProgress, printSummary } from './index-with-progress.ts';
import { positiveInteger } from './parse-options.ts';

export function register(program: Command): void {
  program
    .command('index')
    .description('index lecture recordings in folders (recursively) or single files')
    .argument('<paths...>', 'folders or media files')
    .option('--chapters <n>', 'exact number of chapters per lecture (default: automatic)', positiveInteger)
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (paths: string[], options: { chapters?: number; json?: boolean }, command: Command) => {
      const library = LecternService.open(globalHome(command));
      try {
        const started = performance.now();
        const summary = await indexWithProgress(library, paths, { chapters: options.chapters });
        const seconds = (performance.now() - started) / 1000;
        if (options.json) process.stdout.write(`${JSON.stringify({ ...summary, seconds }, null, 2)}\n`);
        else printSummary(summary, seconds);
        if (summary.failed > 0) process.exitCode = 2;
      } finally {
        library.close();
      }
    });
}
