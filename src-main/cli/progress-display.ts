import path from 'node:path';
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../api/contract.ts';

export interface ProgressDisplay {
  plan(files: string[]): void;
  update(event: ProgressEvent): void;
  stop(): void;
}

const STAGE_LABEL: Record<string, string> = {
  probe: 'probing',
  audio: 'reading audio',
  transcript: 'transcript',
  frames: 'slides',
  ocr: 'reading slides',
  embed: 'embedding',
  segment: 'chapters',
  deck: 'slide deck',
};

/**
 * Bars on an interactive terminal (all files, and the current file's stage); plain lines
 * when stderr is a pipe or a CI log, one per finished stage.
 */
export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  let total = 0;
  let finished = 0;
  const name = (file: string) => path.basename(file);
  if (!stream.isTTY || process.env.CI) {
    const printed = new Set<string>();
    return {
      plan(files) {
        total = files.length;
        stream.write(`Indexing ${files.length} file(s)\n`);
      },
      update(event) {
        if (event.stage === 'done' || event.stage === 'failed') {
          finished++;
          const what = event.stage === 'done' ? 'done' : `failed: ${event.message ?? ''}`;
          stream.write(`[${finished}/${total}] ${name(event.file)}: ${what}\n`);
        } else if (event.done === event.total && event.done > 0 && !printed.has(`${event.file}\0${event.stage}`)) {
          printed.add(`${event.file}\0${event.stage}`);
          stream.write(`  ${name(event.file)}: ${STAGE_LABEL[event.stage] ?? event.stage} ✓\n`);
        }
      },
      stop() {},
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: '{label} |{bar}| {percentage}% {detail}',
      barsize: 28,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const overall = bars.create(1, 0, { label: 'library ', detail: '' });
  const current = bars.create(1, 0, { label: 'file    ', detail: '' });
  return {
    plan(files) {
      total = files.length;
      overall.setTotal(Math.max(1, total));
      overall.update(0, { detail: `0/${total} files` });
    },
    update(event) {
      if (event.stage === 'done' || event.stage === 'failed') {
        finished++;
        overall.update(finished, { detail: `${finished}/${total} files` });
        if (event.stage === 'failed') bars.log(`✗ ${name(event.file)}: ${event.message ?? 'failed'}\n`);
        return;
      }
      current.setTotal(Math.max(event.total, 1e-9));
      current.update(event.done, { detail: `${name(event.file)} · ${STAGE_LABEL[event.stage] ?? event.stage}` });
    },
    stop() {
      bars.stop();
    },
  };
}
