import path from 'node:path';
import type { Command } from 'commander';
import { formatCueTime } from '../core/timestamp.ts';
import { UserError } from '../core/user-error.ts';
import type { AsrResult } from '../engines/asr/asr-types.ts';
import { transcribeMedia } from '../engines/asr/transcribe-media.ts';
import { defaultAsrModel, resolveModel } from '../models/model-store.ts';
import { resolveDataDir } from '../store/data-dir.ts';
import { globalHome } from './command-context.ts';

export interface TranscribeCommandOptions {
  model?: string;
  language?: string;
  threads?: string;
  json?: boolean;
}

/** What `lectern transcribe --json` prints. */
export interface TranscribeCommandJson {
  file: string;
  language: string;
  model: string;
  segments: Array<{
    start: number;
    end: number;
    text: string;
    words?: Array<{ start: number; end: number; text: string; p?: number }>;
  }>;
}

export function transcribeJson(file: string, result: AsrResult): TranscribeCommandJson {
  return {
    file,
    language: result.language,
    model: result.model,
    segments: result.segments.map(({ start, end, text, words }) => ({ start, end, text, ...(words ? { words } : {}) })),
  };
}

export function transcribeText(result: AsrResult): string {
  const lines = result.segments.map(
    (segment) => `[${formatCueTime(segment.start)} --> ${formatCueTime(segment.end)}] ${segment.text}`,
  );
  return `${lines.join('\n')}${lines.length ? '\n' : ''}`;
}

/** The model file: --model as a name or a path, else the preferred installed speech model. */
export function chooseAsrModel(dataDir: string, model?: string): string {
  const name = model ?? defaultAsrModel(dataDir);
  if (!name) {
    throw new UserError(
      'model-not-installed',
      'No speech model is installed.',
      'Install one with `lectern models install base.en` (148 MB download; tiny.en is 78 MB), import a file with `lectern models import <file>`, or pass --model <file.bin>.',
    );
  }
  return resolveModel(name, dataDir);
}

function progressLine(stream: NodeJS.WriteStream) {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  const clock = (s: number) => formatCueTime(s).replace(/\.\d+$/, '');
  return {
    update: (done: number, total: number) =>
      stream.write(
        `\rtranscribing ${clock(done)} / ${clock(total)} (${Math.floor((100 * done) / Math.max(total, 1e-9))}%)  `,
      ),
    done: () => stream.write('\n'),
  };
}

export async function runTranscribeCommand(
  media: string,
  options: TranscribeCommandOptions & { home?: string },
  write: (chunk: string) => void = (chunk) => void process.stdout.write(chunk),
): Promise<AsrResult> {
  const dataDir = resolveDataDir(options.home);
  const modelPath = chooseAsrModel(dataDir, options.model);
  const threads = options.threads === undefined ? undefined : Number(options.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) {
    throw new UserError('bad-option', `--threads must be a positive whole number, not "${options.threads}".`);
  }
  const file = path.resolve(media);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const progress = progressLine(process.stderr);
  try {
    const result = await transcribeMedia(file, {
      modelPath,
      language: options.language,
      threads,
      signal: controller.signal,
      onProgress: progress.update,
    });
    progress.done();
    write(options.json ? `${JSON.stringify(transcribeJson(file, result), null, 2)}\n` : transcribeText(result));
    return result;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

export function register(program: Command): void {
  program
    .command('transcribe')
    .description('transcribe a recording with whisper.cpp: segments with times (and words with --json)')
    .argument('<media>', 'an audio or video file')
    .option('--model <name|path>', 'an installed model (see `lectern models list`) or a ggml .bin file')
    .option('--language <code>', 'spoken language, e.g. en, de (default: detect; English-only models: en)')
    .option('--threads <n>', 'whisper.cpp threads (default: cores - 1, at most 4)')
    .option('--json', 'print {file, language, model, segments: [{start, end, text, words?}]} as JSON')
    .action(async (media: string, _options: TranscribeCommandOptions, command: Command) => {
      const options = command.optsWithGlobals<TranscribeCommandOptions>();
      await runTranscribeCommand(media, { ...options, home: globalHome(command) });
    });
}
