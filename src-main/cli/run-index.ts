import type { IndexSummary } from '../pipeline/library-indexer.ts';
import { indexLibrary } from '../pipeline/library-indexer.ts';
import type { OpenLibrary } from './open-library.ts';
import { createProgressDisplay } from './progress-display.ts';

/** Indexes targets with progress on stderr; returns the summary. Ctrl-C cancels cleanly. */
export async function runIndex(
  library: OpenLibrary,
  targets: string[],
  options: { chapters?: number } = {},
): Promise<IndexSummary> {
  const display = createProgressDisplay();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const settings = library.service.indexSettings();
    return await indexLibrary({
      db: library.service.db,
      dataDir: library.dataDir,
      targets,
      settings: { ...settings, requestedChapters: options.chapters },
      signal: controller.signal,
      onWait: () => process.stderr.write('Another Lectern is indexing this library; waiting for it to finish.\n'),
      onPlan: (files) => display.plan(files),
      onProgress: (event) => display.update(event),
    });
  } finally {
    display.stop();
    process.off('SIGINT', onSigint);
  }
}

export function printSummary(summary: IndexSummary, seconds: number, out: NodeJS.WriteStream = process.stderr): void {
  out.write(
    `\nIndexed ${summary.indexed}, unchanged ${summary.unchanged}, failed ${summary.failed}` +
      `${summary.missing.length ? `, missing ${summary.missing.length}` : ''} in ${seconds.toFixed(1)} s\n`,
  );
  for (const outcome of summary.outcomes) {
    if (outcome.status === 'failed') {
      out.write(`  ✗ ${outcome.file}\n      ${outcome.reason}${outcome.hint ? `\n      hint: ${outcome.hint}` : ''}\n`);
    } else if (outcome.warnings.length > 0) {
      for (const warning of outcome.warnings) out.write(`  ! ${outcome.file}: ${warning}\n`);
    }
  }
  for (const file of summary.missing) out.write(`  ? ${file}: no longer in the folder (kept until you remove it)\n`);
  for (const entry of summary.skipped) out.write(`  - ${entry.path}: not indexed, ${entry.reason}\n`);
}
