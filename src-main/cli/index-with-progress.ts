import type { IndexSummary, LecternService } from '../api/lectern-service.ts';
import { createProgressDisplay } from './progress-display.ts';

/**
 * Indexes targets through the service's queue with progress bars on stderr (its live updates);
 * returns the summary. Ctrl-C stops cleanly: the running lecture keeps its finished stages.
 */
export async function indexWithProgress(
  library: LecternService,
  targets: string[],
  options: { chapters?: number } = {},
): Promise<IndexSummary> {
  const display = createProgressDisplay();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const unsubscribe = library.subscribe((update) => {
    if (update.kind === 'progress') display.update(update.event);
  });
  try {
    return await library.indexNow(targets, {
      requestedChapters: options.chapters,
      signal: controller.signal,
      onWait: () => process.stderr.write('Another Lectern is indexing this library; waiting for it to finish.\n'),
      onPlan: (files) => display.plan(files),
    });
  } finally {
    unsubscribe();
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
