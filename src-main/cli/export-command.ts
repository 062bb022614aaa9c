import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../core/user-error.ts';
import { findMediaFiles } from '../pipeline/media-files.ts';
import { globalHome } from './command-context.ts';
import { lectureForFile } from './lecture-lookup.ts';
import { openLibrary } from './open-library.ts';

export function register(program: Command): void {
  program
    .command('export')
    .description('write chapter notes for a lecture, or for every lecture in a folder')
    .argument('<path>', 'a lecture recording or a folder')
    .option('--format <format>', 'output format', 'md')
    .option('--out <path>', 'output file (default: <name>.md in the current folder)')
    .action(async (target: string, options: { format: string; out?: string }, command: Command) => {
      if (options.format !== 'md') {
        throw new UserError('bad-format', `Unknown export format: ${options.format}`, 'Supported: md');
      }
      const resolved = path.resolve(target);
      if (!existsSync(resolved)) throw new UserError('file-missing', `Not found: ${resolved}`);
      const isFolder = statSync(resolved).isDirectory();
      const library = openLibrary(globalHome(command));
      try {
        const files = isFolder ? await findMediaFiles(resolved) : [resolved];
        if (files.length === 0) throw new UserError('no-lectures', `No lecture recordings in ${resolved}`);
        const parts: string[] = [];
        for (const file of files) {
          const lecture = await lectureForFile(library, file);
          parts.push((await library.service.exportLecture({ id: lecture.id, format: 'md' })).content);
        }
        const content = parts.join('\n---\n\n');
        const stem = isFolder ? path.basename(resolved) : path.basename(resolved, path.extname(resolved));
        const out = path.resolve(options.out ?? `${stem}.md`);
        await writeFile(out, content);
        process.stderr.write(`Wrote ${out}\n`);
      } finally {
        library.close();
      }
    });
}
