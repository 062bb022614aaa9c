import type { Command } from 'commander';
import { LecternService } from '../api/lectern-service.ts';
import { formatClock } from '../core/timestamp.ts';
import { UserError } from '../core/user-error.ts';
import { globalHome } from './command-context.ts';
import { indexedLecture } from './lecture-lookup.ts';
import { positiveInteger } from './parse-options.ts';

export function register(program: Command): void {
  program
    .command('search')
    .description('find the moments in your lectures that answer a question')
    .argument('<query>', 'what you are looking for')
    .option('--in <file>', 'search one lecture only')
    .option('--limit <n>', 'number of results', positiveInteger, 10)
    .option('--json', 'machine-readable output')
    .action(async (query: string, options: { in?: string; limit: number; json?: boolean }, command: Command) => {
      if (!query.trim()) throw new UserError('empty-query', 'The search query is empty.');
      const library = LecternService.open(globalHome(command));
      try {
        const lectureId = options.in ? (await indexedLecture(library, options.in)).id : undefined;
        const moments = await library.search({ query, lectureId, limit: options.limit });
        if (options.json) {
          const results = moments.map((m) => ({
            file: m.file,
            start: m.start,
            end: m.end,
            score: m.score,
            text: m.text,
          }));
          process.stdout.write(`${JSON.stringify({ results })}\n`);
          return;
        }
        if (moments.length === 0 && library.searchableLectures() === 0) {
          process.stdout.write('The library is empty: index your lectures first, e.g. `lectern index <folder>`.\n');
        } else if (moments.length === 0) process.stdout.write('No matching moments.\n');
        for (const m of moments) {
          process.stdout.write(`${m.lectureTitle}  ${formatClock(m.start)}  ${m.text}\n`);
        }
      } finally {
        library.close();
      }
    });
}
