import type { RegisterCommand } from './command-context.ts';
import { register as attach } from './attach-command.ts';
import { register as chapters } from './chapters-command.ts';
import { register as doctor } from './doctor-command.ts';
import { register as exportCommand } from './export-command.ts';
import { register as index } from './index-command.ts';
import { register as models } from './models-command.ts';
import { register as ocr } from './ocr-command.ts';
import { register as search } from './search-command.ts';
import { register as serve } from './serve-command.ts';
import { register as start } from './start-command.ts';
import { register as transcribe } from './transcribe-command.ts';

/** Each entry adds one subcommand to `lectern`. Keep one line per command file. */
export const commands: RegisterCommand[] = [
  start,
  index,
  chapters,
  attach,
  search,
  exportCommand,
  serve,
  doctor,
  ocr,
  transcribe,
  models,
];
