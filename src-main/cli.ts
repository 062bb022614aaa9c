import { Command, CommanderError } from 'commander';
import { isUserError } from './core/user-error.ts';
import { commands } from './cli/commands.ts';
import { closeEngines } from './pipeline/engine-registry.ts';

/** Headless entry point: `lectern <command>`. User mistakes print one line, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('lectern')
    .description('Lecture recordings into chapters, transcripts and searchable moments — on your machine.')
    .option('--home <dir>', 'data folder (default: LECTERN_HOME or the app-data folder)')
    .showHelpAfterError('(run `lectern --help` for usage)')
    .exitOverride();
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  } finally {
    await closeEngines();
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (isUserError(error)) {
    process.stderr.write(`lectern: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
    return 1;
  }
  process.stderr.write(`lectern: internal error: ${(error as Error).message}\n`);
  if (process.env.LECTERN_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
  else process.stderr.write('Set LECTERN_DEBUG=1 for details and please report it.\n');
  return 70;
}
