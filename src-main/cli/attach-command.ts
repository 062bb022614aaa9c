import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { LectureDeck } from '../api/contract.ts';
import { LecternService } from '../api/lectern-service.ts';
import { UserError } from '../core/user-error.ts';
import { isMediaFile } from '../pipeline/media-files.ts';
import { globalHome } from './command-context.ts';
import { indexWithProgress } from './index-with-progress.ts';

interface DeckJson {
  file: string;
  deck: LectureDeck | null;
}

function mediaArgument(file: string): string {
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new UserError('file-missing', `File not found: ${resolved}`);
  if (!isMediaFile(resolved)) {
    throw new UserError(
      'not-media',
      `Not a media file: ${resolved}`,
      'Give the lecture recording first, then the PDF.',
    );
  }
  return resolved;
}

/** Records the choice, re-indexes the lecture (only the deck stage re-runs when it was indexed) and reports. */
async function applyChoice(library: LecternService, media: string, pdf: string | null): Promise<DeckJson> {
  const id = await library.lectureIdForFile(media);
  await library.setLectureDeck({ id, pdf });
  const summary = await indexWithProgress(library, [media]);
  const failure = summary.outcomes.find((o) => o.status === 'failed');
  if (failure && failure.status === 'failed') throw new UserError('index-failed', failure.reason, failure.hint);
  return { file: media, deck: await library.getLectureDeck({ id }) };
}

function report(result: DeckJson, json: boolean | undefined): void {
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (!result.deck) process.stdout.write(`No slides attached to ${path.basename(result.file)}.\n`);
  else if (result.deck.attached) {
    process.stdout.write(
      `Attached ${path.basename(result.deck.path)} (${result.deck.pages} pages, match ${result.deck.confidence.toFixed(2)}) to ${path.basename(result.file)}.\n`,
    );
  }
  if (result.deck && !result.deck.attached) {
    throw new UserError(
      'deck-not-attached',
      result.deck.note ?? `The slides ${path.basename(result.deck.path)} were not attached.`,
      "Check that the PDF is this lecture's deck; the lecture works without it.",
    );
  }
}

export function register(program: Command): void {
  program
    .command('attach')
    .description("attach a lecture's slides (PDF) and place every page on its timeline")
    .argument('<media>', 'a lecture recording')
    .argument('<pdf>', 'the slide deck')
    .option('--json', 'machine-readable output')
    .action(async (media: string, pdf: string, options: { json?: boolean }, command: Command) => {
      const file = mediaArgument(media);
      const library = LecternService.open(globalHome(command));
      try {
        report(await applyChoice(library, file, path.resolve(pdf)), options.json);
      } finally {
        library.close();
      }
    });
  program
    .command('detach')
    .description("detach a lecture's slides (a <name>.pdf beside the recording is then ignored)")
    .argument('<media>', 'a lecture recording')
    .option('--json', 'machine-readable output')
    .action(async (media: string, options: { json?: boolean }, command: Command) => {
      const file = mediaArgument(media);
      const library = LecternService.open(globalHome(command));
      try {
        report(await applyChoice(library, file, null), options.json);
      } finally {
        library.close();
      }
    });
}
